/* bench — see bench.h. */
#define _GNU_SOURCE
#include "bench.h"

#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "afpacket.h"
#include "cpu.h"
#include "env.h"
#include "measure.h"
#include "netns.h"
#include "pkt.h"
#include "report.h"
#include "run.h"
#include "version.h"
#include "vnet.h"
#include "vrio_proto.h"

/* One pinned thread pushing frames as fast as it can through one stage alone. */
struct raw {
	int cpu;
	int tap;              /* tap write stage, or -1 */
	struct afp *afp;      /* AF_PACKET send stage, or NULL */
	const uint8_t *dst;   /* vRIO frames: the IOhost's MAC */
	unsigned frame;
	double seconds;
	uint64_t ok, failed;
	double pps;
	int err;
};

static void *raw_run(void *arg)
{
	struct raw *r = arg;
	if ((r->err = cpu_pin(r->cpu)))
		return NULL;
	static __thread uint8_t buf[VNET_HDR_LEN + PKT_MAX_FRAME];
	uint8_t outer[VRIO_OVERHEAD];
	struct pkt_link l;
	pkt_link_addrs(0, &l);
	memset(buf, 0, VNET_HDR_LEN);
	pkt_build(buf + VNET_HDR_LEN, r->frame, &l, 0, 1, false);
	struct iovec iov = {buf, VNET_HDR_LEN + r->frame};
	if (r->afp) {
		struct vrio_hdr h = {.version = VRIO_VERSION, .type = VRIO_NET_TX, .queue = VRIO_Q_TX,
				     .len = (uint32_t)iov.iov_len};
		vrio_encap(outer, r->dst, r->afp->mac, &h);
	}
	uint64_t t0 = measure_now(), end = t0 + (uint64_t)(r->seconds * 1e9), now = t0;
	for (uint64_t i = 0;; i++) {
		if ((i & 63) == 0 && (now = measure_now()) >= end)
			break;
		int rc = r->afp ? afp_send(r->afp, outer, sizeof(outer), &iov, 1)
				: (writev(r->tap, &iov, 1) == (ssize_t)iov.iov_len ? 0 : -errno);
		if (rc)
			r->failed++;
		else
			r->ok++;
	}
	r->pps = r->ok / ((now - t0) * 1e-9);
	return NULL;
}

static int raw_stage(struct raw *r)
{
	pthread_t t;
	int rc = pthread_create(&t, NULL, raw_run, r);
	if (rc)
		return -rc;
	pthread_join(t, NULL);
	return r->err;
}

/* The raw stages, in an environment like a run's (same namespaces and taps). No peer program
 * in the bench: the namespace's kernel stack sinks the frames (UDP, no listener), so every
 * stage pays the same per-frame stack cost and no wake-up of a program on the measured core
 * blurs the comparison. */
static int raw_stages(const struct opts *o, struct raw *tap, struct raw *afp)
{
	char why[512];
	struct env e;
	int rc = env_create(&e, 1, true, false, o->io_cpu, why, sizeof(why));
	if (rc) {
		fprintf(stderr, "vrioemu: %s\n", why);
		return rc;
	}
	*tap = (struct raw){.cpu = o->io_cpu, .tap = e.taps[0], .frame = o->frame,
			    .seconds = o->duration};
	rc = raw_stage(tap);
	struct afp vm = {.fd = -1}, io = {.fd = -1};
	int saved;
	if (!rc && !(rc = netns_enter(e.ns_io, &saved))) {
		rc = afp_open(&io, e.veth_io, false, false);
		netns_leave(saved);
	}
	if (!rc && !(rc = netns_enter(e.ns_vm, &saved))) {
		rc = afp_open(&vm, e.veth_vm, false, false);
		netns_leave(saved);
	}
	if (!rc) {
		/* Nobody reads on the IOhost side: the kernel drops the frames after the veth,
		 * which is the cost of the send stage alone. */
		*afp = (struct raw){.cpu = o->guest_cpu, .tap = -1, .afp = &vm, .dst = io.mac,
				    .frame = o->frame, .seconds = o->duration};
		rc = raw_stage(afp);
	}
	afp_close(&vm);
	afp_close(&io);
	env_destroy(&e);
	if (rc)
		fprintf(stderr, "vrioemu: bench raw stage: %s\n", strerror(-rc));
	return rc;
}

int bench_main(const struct opts *o, const sigset_t *sigs)
{
	char why[512];
	if (env_check(why, sizeof(why))) {
		fprintf(stderr, "vrioemu: %s\n", why);
		return 2;
	}
	double cpu_used = measure_cpu_used(200), load0 = measure_loadavg();
	struct raw tap, afp;
	int rs = raw_stages(o, &tap, &afp);
	if (rs)
		return rs == -EPERM ? 2 : 1; /* no network here: as a run, exit 2 */
	if (run_wait_signal(sigs, 0))
		return 1;
	/* The same work through the emulator: one guest streaming, elvis (its sidecore) then vRIO. */
	struct opts ro = *o;
	ro.cmd = OPTS_RUN;
	ro.workload = GUEST_STREAM;
	ro.queues = 1;
	ro.quiet = true;
	ro.out = NULL;
	ro.no_peer = true;
	struct run_summary side, vr;
	ro.mode = MODE_ELVIS;
	int rc = run_once(&ro, sigs, &side);
	if (rc || side.signo)
		return rc ? rc : 1;
	ro.mode = MODE_VRIO;
	rc = run_once(&ro, sigs, &vr);
	if (rc || vr.signo)
		return rc ? rc : 1;
	struct bench_report b = {.tap_pps = tap.pps, .afp_pps = afp.pps, .elvis_pps = side.rps,
				 .vrio_pps = vr.delivered_pps, .frame = o->frame, .load0 = load0,
				 .load1 = measure_loadavg(), .cpu_used = cpu_used, .busy = cpu_used > MEASURE_BUSY_SHARE};
	struct emu_metrics m = {0};
	report_bench(&m, &b);
	double side_ratio = emu_metrics_get(&m, METRIC_sidecore_ratio);
	double vrio_ratio = emu_metrics_get(&m, METRIC_vrio_ratio);
	printf("vrioemu bench: %u B frames, %.1f s per stage%s\n", o->frame, o->duration,
	       b.busy ? "  [machine was busy: numbers are suspect]" : "");
	printf("  raw tap write, 1 pinned thread (cpu%d)   %12.0f frames/s\n", o->io_cpu, tap.pps);
	printf("  elvis sidecore forwarding (guest->tap)  %12.0f frames/s   ratio %.3f (goal >= 0.9)%s\n",
	       side.rps, side_ratio, side_ratio >= 0.9 ? "" : "  BELOW GOAL");
	printf("  raw AF_PACKET send over veth (cpu%d)     %12.0f frames/s\n", o->guest_cpu, afp.pps);
	printf("  vrio end to end (delivered to the tap)  %12.0f frames/s   ratio %.3f to the slowest "
	       "stage (%s, goal >= 0.8)%s\n", vr.delivered_pps, vrio_ratio,
	       tap.pps < afp.pps ? "tap write" : "AF_PACKET send", vrio_ratio >= 0.8 ? "" : "  BELOW GOAL");
	if (o->out && (rc = emu_metrics_write(&m, o->out, emu_version(), o->run_id ? o->run_id : "bench",
					      "bench", "bench", o->seed))) {
		fprintf(stderr, "vrioemu: -o %s: %s\n", o->out, strerror(-rc));
		return 1;
	}
	return 0;
}
