/* run — see run.h. */
#define _GNU_SOURCE
#include "run.h"

#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cpu.h"
#include "env.h"
#include "guest.h"
#include "measure.h"
#include "poller.h"
#include "record.h"
#include "report.h"
#include "version.h"
#include "vrio.h"

int run_wait_signal(const sigset_t *sigs, int ms)
{
	struct timespec ts = {ms / 1000, (long)(ms % 1000) * 1000000L};
	siginfo_t si;
	int s = sigtimedwait(sigs, &si, &ts);
	return s > 0 ? s : 0;
}

/* Everything one run owns, so that one cleanup path releases it whatever failed. */
struct run {
	const struct opts *o;
	struct env env;
	struct guest guest;
	struct vnet_dev *devs;
	struct poller poller;
	struct vrio vrio;
	struct record rec;        /* --record */
	atomic_int stop_guest, stop_io;
	pthread_t guest_thr, io_thr;
	bool guest_started, io_started, vrio_ready;
	uint64_t t0;
	int signo;
	double cpu_used;          /* CPU use by others before we started */
};

/* Peer counters before/after (the io namespace's kernel stack). */
static void snmp_read(const struct env *e, struct snmp *s)
{
	s->udp_in = env_snmp(e, "Udp", "InDatagrams");
	s->udp_rcvbuf = env_snmp(e, "Udp", "RcvbufErrors");
	s->udp_inerr = env_snmp(e, "Udp", "InErrors");
	s->udp_noports = env_snmp(e, "Udp", "NoPorts");
	s->ip_in = env_snmp(e, "Ip", "InReceives");
}

static void join_all(struct run *r)
{
	if (r->guest_started) {
		atomic_store(&r->stop_guest, 1);
		pthread_join(r->guest_thr, NULL);
		r->guest_started = false;
	}
	atomic_store(&r->stop_io, 1);
	if (r->io_started) {
		pthread_join(r->io_thr, NULL);
		r->io_started = false;
	}
}

static void release(struct run *r)
{
	join_all(r);
	if (r->vrio_ready)
		vrio_destroy(&r->vrio);
	guest_destroy(&r->guest);
	free(r->devs);
	env_destroy(&r->env);
}

/* Every frame sent is received, or dropped with a counted reason: check it, loudly. */
static int check_accounting(const struct run *r, const struct devtot *t, char *why, size_t n)
{
	const struct guest_stats *s = &r->guest.st;
	uint64_t ends = s->completed + s->dropped_device + s->dropped_ring_full +
			(r->o->workload == GUEST_RR ? s->timeouts : s->inflight_end);
	if (s->issued != ends) {
		snprintf(why, n, "guest: issued %llu != completed %llu + dropped by device %llu + "
				 "ring full %llu + %s %llu",
			 (unsigned long long)s->issued, (unsigned long long)s->completed,
			 (unsigned long long)s->dropped_device, (unsigned long long)s->dropped_ring_full,
			 r->o->workload == GUEST_RR ? "timed out" : "in flight",
			 (unsigned long long)(r->o->workload == GUEST_RR ? s->timeouts : s->inflight_end));
		return -1;
	}
	/* The device saw exactly what the guest handed it. */
	uint64_t handed = s->issued - s->dropped_ring_full - s->inflight_end;
	uint64_t seen = t->tx_frames + t->tx_drops + r->vrio.front_tx_drops;
	if (handed != seen && !r->signo) {
		snprintf(why, n, "device: guest handed %llu frames, device sent %llu + dropped %llu",
			 (unsigned long long)handed, (unsigned long long)t->tx_frames,
			 (unsigned long long)(t->tx_drops + r->vrio.front_tx_drops));
		return -1;
	}
	if (r->o->mode == MODE_VRIO) {
		/* On the wire: what the VMhost sent reached the IOhost's ring, or the kernel counted
		 * it as dropped there; at the IOhost every request is delivered or counted. */
		const struct vrio *v = &r->vrio;
		if (v->io_requests + v->ring_kernel_drops > t->tx_frames ||
		    v->io_requests != v->io_delivered + v->io_tap_drops + v->io_bad_header) {
			snprintf(why, n, "vrio: sent %llu, IOhost got %llu (+%llu ring drops), delivered "
					 "%llu, dropped %llu at taps, %llu bad",
				 (unsigned long long)t->tx_frames, (unsigned long long)v->io_requests,
				 (unsigned long long)v->ring_kernel_drops,
				 (unsigned long long)v->io_delivered, (unsigned long long)v->io_tap_drops,
				 (unsigned long long)v->io_bad_header);
			return -1;
		}
	}
	return 0;
}

/* The summary and the CSV, every metric through the schema (report.h). */
static void report(struct run *r, const struct devtot *t, double load0, double load1, bool busy,
		   const struct snmp *p0, const struct snmp *p1, struct emu_metrics *m)
{
	const struct opts *o = r->o;
	bool vrio = o->mode == MODE_VRIO;
	struct run_report in = {
		.o = o, .guest = &r->guest.st, .dev = t, .poller = vrio ? NULL : &r->poller,
		.vrio = vrio ? &r->vrio : NULL, .peer0 = *p0, .peer1 = *p1, .load0 = load0,
		.load1 = load1, .cpu_used = r->cpu_used, .busy = busy,
		.stale_removed = r->env.stale_removed,
	};
	report_run(m, &in);
	if (!o->quiet) {
		printf("%s: mode %s, %s, %u guest%s, %u B frames", emu_version(),
		       opts_mode_name(o->mode), guest_workload_name(o->workload), o->queues,
		       o->queues > 1 ? "s" : "", o->frame);
		if (o->workload == GUEST_RR)
			printf(", %u outstanding", o->outstanding);
		printf("%s\n", busy ? "  [machine was busy: numbers are suspect]" : "");
		emu_metrics_print(m, stdout);
	}
	if (o->out) {
		int rc = emu_metrics_write(m, o->out, emu_version(), o->run_id ? o->run_id : r->env.prefix,
					   o->scenario, opts_mode_name(o->mode), o->seed);
		if (rc)
			fprintf(stderr, "vrioemu: -o %s: %s\n", o->out, strerror(-rc));
	}
}

int run_main(const struct opts *o, const sigset_t *sigs) { return run_once(o, sigs, NULL); }

int run_once(const struct opts *o, const sigset_t *sigs, struct run_summary *out)
{
	char why[512] = "";
	if (env_check(why, sizeof(why))) {
		fprintf(stderr, "vrioemu: %s\n", why);
		return 2;
	}
	if (cpu_count() < 2 && o->io_cpu != o->guest_cpu)
		fprintf(stderr, "vrioemu: warning: one CPU only: guest and I/O share it\n");
	struct run *r = calloc(1, sizeof(*r));
	if (!r) {
		fprintf(stderr, "vrioemu: out of memory\n");
		return 1;
	}
	r->o = o;
	r->guest.shm.fd = -1;
	int exit_code = 1, rc;
	bool vrio = o->mode == MODE_VRIO;
	double load0 = measure_loadavg();
	r->cpu_used = measure_cpu_used(200);
	bool busy = r->cpu_used > MEASURE_BUSY_SHARE;

	/* By default the peer keeps off the I/O core: a peer woken there preempts the poller and
	 * its work would be counted as the polling core's (sidecore_cpu fell to 0.55-0.64). */
	int peer_cpu = o->peer_cpu == -2 ? cpu_helper_default(o->guest_cpu, o->io_cpu) : o->peer_cpu;
	if ((rc = env_create(&r->env, o->queues, vrio, !o->no_peer, peer_cpu, why, sizeof(why)))) {
		fprintf(stderr, "vrioemu: %s\n", why);
		exit_code = rc == -EPERM ? 2 : 1;
		goto out;
	}
	/* The timeline: setup done, then warm-up, then the measured window. */
	r->t0 = measure_now() + 20000000;
	struct guest_cfg gc = {
		.workload = o->workload, .ports = o->queues, .queue_size = o->queue_size,
		.event_idx = o->event_idx, .frame_len = o->frame, .outstanding = o->outstanding,
		.rate_pps = o->rate, .batch = o->batch,
		.block = o->guest_block >= 0 ? o->guest_block : o->mode == MODE_TRAP,
		.kick = o->mode == MODE_TRAP, .cpu = o->guest_cpu,
		.t_warm = r->t0 + (uint64_t)(o->warmup * 1e9),
		.t_end = r->t0 + (uint64_t)((o->warmup + o->duration) * 1e9),
		.rr_timeout_ns = 500000000ull, .drain_ns = 700000000ull,
	};
	if (o->record) {
		/* Sized for the window at the offered or a generous rate; beyond it, not kept. */
		size_t cap = (size_t)(o->duration * (o->rate > 0 ? o->rate * 1.2 : 2e6)) + 1024;
		if (record_init(&r->rec, cap, o->frame, o->workload == GUEST_RR ? o->frame : 0)) {
			fprintf(stderr, "vrioemu: --record: out of memory\n");
			goto out;
		}
		gc.on_complete = record_complete;
		gc.complete_ctx = &r->rec;
	}
	if ((rc = guest_create(&r->guest, &gc, &r->stop_guest))) {
		fprintf(stderr, "vrioemu: cannot create the guests: %s\n", strerror(-rc));
		goto out;
	}
	r->devs = calloc(o->queues, sizeof(*r->devs));
	if (!r->devs) {
		fprintf(stderr, "vrioemu: out of memory\n");
		goto out;
	}
	for (unsigned i = 0; i < o->queues; i++)
		vnet_dev_init(&r->devs[i], &r->guest.ports[i], &r->guest.shm);

	struct snmp p0, p1;
	snmp_read(&r->env, &p0);
	if (vrio) {
		struct vrio_cfg vc = {.interpose_ns = (uint64_t)(o->interpose_us * 1e3),
				      .batch = o->batch, .cpu = o->io_cpu, .v2 = o->vrio_v2,
				      .t_warm = gc.t_warm, .t_end = gc.t_end};
		if ((rc = vrio_create(&r->vrio, &vc, &r->env, r->devs, o->queues, &r->stop_io, why,
				      sizeof(why)))) {
			fprintf(stderr, "vrioemu: %s\n", why);
			goto out;
		}
		r->vrio_ready = true;
		/* The guest-side vRIO front end runs on the guest's core, inside its loop. */
		r->guest.cfg.hook = vrio_front_poll;
		r->guest.cfg.hook_ctx = &r->vrio;
		rc = pthread_create(&r->io_thr, NULL, vrio_iohost_run, &r->vrio);
	} else {
		struct poller_cfg pc = {.block = o->mode == MODE_TRAP, .policy = o->policy,
					.batch = o->batch, .cpu = o->io_cpu, .t_warm = gc.t_warm,
					.t_end = gc.t_end};
		poller_init(&r->poller, &pc, r->devs, r->env.taps, o->queues, &r->stop_io);
		rc = pthread_create(&r->io_thr, NULL, poller_run, &r->poller);
	}
	if (rc) {
		fprintf(stderr, "vrioemu: cannot start the I/O thread: %s\n", strerror(rc));
		goto out;
	}
	r->io_started = true;
	if ((rc = pthread_create(&r->guest_thr, NULL, guest_run, &r->guest))) {
		fprintf(stderr, "vrioemu: cannot start the guest thread: %s\n", strerror(rc));
		goto out;
	}
	r->guest_started = true;

	/* Wait for the guest to finish (bounded by its own timeline), or for a signal. */
	uint64_t deadline = gc.t_end + gc.drain_ns + 5000000000ull;
	for (;;) {
		if (pthread_tryjoin_np(r->guest_thr, NULL) == 0) {
			r->guest_started = false;
			break;
		}
		int s = run_wait_signal(sigs, 20);
		if (s) {
			r->signo = s;
			atomic_store(&r->stop_guest, 1);
		}
		if (measure_now() > deadline) {
			fprintf(stderr, "vrioemu: the guest did not finish in time\n");
			atomic_store(&r->stop_guest, 1);
		}
	}
	/* Let the device side deliver what raced with the end, then stop it. */
	nanosleep(&(struct timespec){0, 20000000}, NULL);
	join_all(r);
	snmp_read(&r->env, &p1);
	if (r->guest.err || r->poller.err || r->vrio.err) {
		int e = r->guest.err ? r->guest.err : r->poller.err ? r->poller.err : r->vrio.err;
		fprintf(stderr, "vrioemu: %s thread failed: %s\n", r->guest.err ? "guest" : "I/O",
			strerror(-e));
		goto out;
	}
	double load1 = measure_loadavg();
	struct devtot t;
	devtot_sum(&t, r->devs, o->queues);
	struct emu_metrics m = {0};
	report(r, &t, load0, load1, busy, &p0, &p1, &m);
	if (out) {
		out->rps = emu_metrics_get(&m, METRIC_throughput_rps);
		out->delivered_pps = vrio ? emu_metrics_get(&m, METRIC_throughput_delivered_pps)
					  : out->rps;
		out->signo = r->signo;
	}
	if (r->signo) {
		fprintf(stderr, "vrioemu: interrupted by signal %d: cleaned up\n", r->signo);
		exit_code = 1;
	} else if (check_accounting(r, &t, why, sizeof(why))) {
		fprintf(stderr, "vrioemu: frames not accounted for: %s\n", why);
		exit_code = 1;
	} else {
		exit_code = 0;
	}
	if (!exit_code && o->record) {
		char stamp[160];
		snprintf(stamp, sizeof(stamp), "%s --record: mode %s, %s, %u queues, %u B",
			 emu_version(), opts_mode_name(o->mode), guest_workload_name(o->workload),
			 o->queues, o->frame);
		if ((rc = record_write(&r->rec, o->record, stamp))) {
			fprintf(stderr, "vrioemu: --record %s: %s\n", o->record, strerror(-rc));
			exit_code = 1;
		}
	}
out:
	record_free(&r->rec);
	release(r);
	free(r);
	return exit_code;
}
