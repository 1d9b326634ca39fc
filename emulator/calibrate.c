/* calibrate — see calibrate.h. */
#define _GNU_SOURCE
#include "calibrate.h"

#include <errno.h>
#include <pthread.h>
#include <sched.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/eventfd.h>
#include <sys/utsname.h>
#include <time.h>
#include <unistd.h>

#include "csvio.h"
#include "measure.h"
#include "metric_schema.h"
#include "run.h"
#include "version.h"
#include "spawn.h"
#include "vring.h"

static void pin(int cpu)
{
	cpu_set_t s;
	CPU_ZERO(&s);
	CPU_SET(cpu, &s);
	pthread_setaffinity_np(pthread_self(), sizeof(s), &s);
}

/* ---- micro-benchmarks (in process, no privileges) ---- */

/* Wake-up: one thread on cpu0 writes an eventfd, a thread blocked in read() on cpu1 answers
 * on a second eventfd; half the round trip is one cross-core wake-up (the stand-in for a
 * vhost thread woken by a kick, DESIGN §6). */
struct pong {
	int a, b, n;
};
static void *pong_main(void *p)
{
	struct pong *g = p;
	pin(1);
	uint64_t v;
	for (int i = 0; i < g->n; i++) {
		if (read(g->a, &v, 8) != 8)
			break;
		v = 1;
		if (write(g->b, &v, 8) != 8)
			break;
	}
	return NULL;
}

static double bench_wakeup(int n)
{
	struct pong g = { eventfd(0, 0), eventfd(0, 0), n };
	if (g.a < 0 || g.b < 0)
		return -1;
	pthread_t t;
	pthread_create(&t, NULL, pong_main, &g);
	pin(0);
	uint64_t v = 1, t0 = measure_now();
	for (int i = 0; i < n; i++) {
		v = 1;
		if (write(g.a, &v, 8) != 8 || read(g.b, &v, 8) != 8)
			break;
	}
	uint64_t dt = measure_now() - t0;
	pthread_join(t, NULL);
	close(g.a);
	close(g.b);
	return dt / (2.0 * n);
}

/* Poll scan: a sidecore pass over @q queues whose avail index another core keeps moving, so
 * every visit reads a cache line the guest wrote (the cost the model charges per queue
 * visited). Each index sits on its own 64-byte line, as in real rings. */
struct scan {
	_Alignas(64) struct { _Alignas(64) _Atomic uint16_t idx; } line[64];
	atomic_int stop;
	int q;
};
static void *scan_writer(void *p)
{
	struct scan *s = p;
	pin(0);
	uint16_t k = 0;
	while (!atomic_load_explicit(&s->stop, memory_order_relaxed)) {
		for (int i = 0; i < s->q; i++)
			atomic_store_explicit(&s->line[i].idx, k, memory_order_release);
		k++;
	}
	return NULL;
}

static double bench_poll_scan(int q, int passes)
{
	static struct scan s;
	memset(&s, 0, sizeof(s));
	s.q = q;
	pthread_t t;
	pthread_create(&t, NULL, scan_writer, &s);
	pin(1);
	volatile unsigned sink = 0;
	for (int i = 0; i < passes / 10; i++) /* warm */
		for (int j = 0; j < q; j++)
			sink += atomic_load_explicit(&s.line[j].idx, memory_order_acquire);
	uint64_t t0 = measure_now();
	for (int i = 0; i < passes; i++)
		for (int j = 0; j < q; j++)
			sink += atomic_load_explicit(&s.line[j].idx, memory_order_acquire);
	uint64_t dt = measure_now() - t0;
	atomic_store(&s.stop, 1);
	pthread_join(t, NULL);
	(void)sink;
	return (double)dt / passes;
}

/* Descriptor claim on a multi-consumer receive ring: two cores (cpu0, cpu1) take descriptors
 * from one shared head index with an atomic fetch-and-add, as pooled IOhost sidecores would
 * (rack.iohost_rx_claim = descriptor); ns per claim on cpu1 while cpu0 contends. */
struct claim {
	_Alignas(64) _Atomic uint32_t head;
	_Alignas(64) atomic_int go;
	int n;
};
static void *claim_peer(void *p)
{
	struct claim *c = p;
	pin(0);
	while (!atomic_load_explicit(&c->go, memory_order_acquire))
		;
	for (int i = 0; i < c->n; i++)
		atomic_fetch_add_explicit(&c->head, 1, memory_order_acq_rel);
	return NULL;
}

static double bench_rx_claim(int n)
{
	static struct claim c;
	atomic_store(&c.head, 0);
	atomic_store(&c.go, 0);
	c.n = n;
	pthread_t t;
	pthread_create(&t, NULL, claim_peer, &c);
	pin(1);
	atomic_store_explicit(&c.go, 1, memory_order_release);
	uint64_t t0 = measure_now();
	for (int i = 0; i < n; i++)
		atomic_fetch_add_explicit(&c.head, 1, memory_order_acq_rel);
	uint64_t dt = measure_now() - t0;
	pthread_join(t, NULL);
	return (double)dt / n;
}

/* Ring operation: one request through a real split ring on one core — the driver adds and
 * publishes a buffer, the device pops it and returns it, the driver reaps it (the cost the
 * model's rings carry inside guest_stack_cycles and the sidecore's per-request work). */
static double bench_ring_op(int n)
{
	enum { NUM = 256 };
	size_t sz = vring_mem_size(NUM);
	void *mem = aligned_alloc(4096, (sz + 4095) / 4096 * 4096);
	static char buf[64];
	struct vring_driver d;
	struct vring_device v;
	struct vring_chain c;
	if (!mem || vring_driver_init(&d, mem, NUM, true)) {
		free(mem);
		return -1;
	}
	vring_device_init(&v, mem, NUM, true);
	pin(1);
	struct vring_buf b = { .addr = (uint64_t)(uintptr_t)buf, .len = sizeof(buf) };
	uint32_t len;
	int bad = 0;
	uint64_t t0 = measure_now();
	for (int i = 0; i < n; i++) {
		bad |= vring_driver_add(&d, &b, 1, buf) < 0;
		vring_driver_kick_prepare(&d);
		bad |= vring_device_pop(&v, &c) != 0;
		vring_device_push(&v, c.head, 0);
		vring_device_notify_prepare(&v);
		bad |= vring_driver_get_used(&d, &len) != buf;
	}
	uint64_t dt = measure_now() - t0;
	vring_driver_free(&d);
	free(mem);
	return bad ? -1 : (double)dt / n;
}

/* Notification, the part a guest's kick costs that runs here: the eventfd write vhost's
 * ioeventfd ends in, with nobody waiting (the VM exit before it is not measurable here). */
static double bench_kick(int n)
{
	int fd = eventfd(0, EFD_NONBLOCK);
	if (fd < 0)
		return -1;
	uint64_t one = 1, v;
	pin(1);
	uint64_t t0 = measure_now();
	for (int i = 0; i < n; i++)
		if (write(fd, &one, 8) != 8 && read(fd, &v, 8) != 8) /* full: drain once */
			break;
	uint64_t dt = measure_now() - t0;
	close(fd);
	return (double)dt / n;
}

/* ---- emulator runs (each a child `vrioemu run`, so a failure cannot take us down) ---- */

/* Metric @id of a run's table (NAN when absent). */
static double metric(const struct csvio_table *t, enum metric_id id)
{
	return csvio_tidy_value(t, NULL, metric_def(id)->name);
}

/* One `vrioemu run` in pktgen mode into @csv; its exit code, or -1 when it could not run or
 * was killed. */
static int run_child(const char *self, const char *mode, unsigned size, unsigned queues,
		     double rate, double duration, const char *csv)
{
	char s_size[16], s_q[16], s_rate[32], s_dur[32];
	snprintf(s_size, sizeof(s_size), "%u", size);
	snprintf(s_q, sizeof(s_q), "%u", queues);
	snprintf(s_rate, sizeof(s_rate), "%.0f", rate);
	snprintf(s_dur, sizeof(s_dur), "%.3f", duration);
	const char *argv[] = { self, "run", "--mode", mode, "--workload", "pktgen", "--peer", "none",
			       "--size", s_size, "--queues", s_q, "--rate", s_rate, "--duration", s_dur,
			       "--warmup", "0.15", "--guest-wait", "spin", "-q", "-o", csv, NULL };
	struct spawn_opts o = { .argv = argv };
	struct spawn_status st;
	if (spawn_run(&o, &st))
		return -1;
	return st.exited ? st.code : -1;
}

/* A run's CSV (an empty table when the run wrote none: every metric is then NAN). */
static void read_run(const char *csv, struct csvio_table *t)
{
	char err[512];
	if (csvio_read(csv, t, err, sizeof(err)))
		memset(t, 0, sizeof(*t));
}

static void usage(FILE *f)
{
	fprintf(f, "usage: vrioemu calibrate -o FILE.csv [--reps N] [--duration S] [--quick]\n"
		   "  sweeps frame sizes 64..9000 in elvis, trap and vrio modes (pktgen at 20k frames/s,\n"
		   "  the namespace's kernel stack as the sink) and queue counts 1..16 (poll scan), and\n"
		   "  times ring operations, kicks, eventfd wake-ups and contended descriptor claims;\n"
		   "  writes one row per measurement for `vriosim calibrate`.\n"
		   "  --reps N       repetitions per point (default 3)\n"
		   "  --duration S   measured seconds per run (default 0.4)\n"
		   "  --quick        three sizes, elvis + trap, no saturation runs (for tests)\n"
		   "needs root (namespaces, taps); exit 0 ok, 1 runtime failure, 2 usage or privileges\n");
}

static int num_arg(const char *flag, const char *v, double lo, double hi, double *out)
{
	char *end;
	double d = strtod(v, &end);
	if (end == v || *end || d < lo || d > hi) {
		fprintf(stderr, "vrioemu calibrate: %s: invalid value '%s' (expected %g..%g)\n", flag, v, lo, hi);
		return 2;
	}
	*out = d;
	return 0;
}

int calib_main(int argc, char **argv)
{
	const char *out = NULL;
	double reps = 3, dur = 0.4;
	bool quick = false;
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];
		if (!strcmp(a, "--help") || !strcmp(a, "-h")) {
			usage(stdout);
			return 0;
		} else if (!strcmp(a, "--quick")) {
			quick = true;
		} else if (i + 1 < argc && !strcmp(a, "-o")) {
			out = argv[++i];
		} else if (i + 1 < argc && !strcmp(a, "--reps")) {
			if (num_arg(a, argv[++i], 1, 50, &reps))
				return 2;
		} else if (i + 1 < argc && !strcmp(a, "--duration")) {
			if (num_arg(a, argv[++i], 0.1, 60, &dur))
				return 2;
		} else {
			fprintf(stderr, "vrioemu calibrate: %s: unknown option or missing value\n", a);
			return 2;
		}
	}
	if (!out) {
		fprintf(stderr, "vrioemu calibrate: -o FILE.csv is required\n");
		return 2;
	}
	if (geteuid() != 0) {
		fprintf(stderr, "vrioemu calibrate: needs root (network namespaces and taps)\n");
		return 2;
	}
	char self[4096];
	ssize_t sl = readlink("/proc/self/exe", self, sizeof(self) - 1);
	if (sl <= 0) {
		fprintf(stderr, "vrioemu calibrate: cannot find my own binary\n");
		return 1;
	}
	self[sl] = 0;
	char tmp[4200], part[4200], csv[4200];
	snprintf(tmp, sizeof(tmp), "%s.tmp", out);
	snprintf(csv, sizeof(csv), "%s.run.csv", out);
	FILE *f = fopen(tmp, "w");
	if (!f) {
		fprintf(stderr, "vrioemu calibrate: -o %s: %s\n", out, strerror(errno));
		return 2;
	}
	(void)part;
	/* The machine, for the profile's provenance. */
	struct utsname u;
	uname(&u);
	char model[256] = "unknown";
	double mhz = 0;
	FILE *ci = fopen("/proc/cpuinfo", "r");
	char line[512];
	while (ci && fgets(line, sizeof(line), ci)) {
		if (!mhz)
			sscanf(line, "cpu MHz : %lf", &mhz);
		if (!strcmp(model, "unknown") && !strncmp(line, "model name", 10) && strchr(line, ':')) {
			char *s = strchr(line, ':') + 2;
			s[strcspn(s, "\n")] = 0;
			snprintf(model, sizeof(model), "%s", s);
		}
	}
	if (ci)
		fclose(ci);
	time_t now = time(NULL);
	char date[64];
	strftime(date, sizeof(date), "%Y-%m-%dT%H:%M:%SZ", gmtime(&now));
	fprintf(f, "# %s calibrate\n# host=%s\n# cpu_model=%s\n# cpu_ghz=%.4f\n"
		   "# kernel=%s %s\n# date=%s\n# reps=%g duration_s=%g\n",
		emu_version(), u.nodename, model, mhz / 1000, u.sysname, u.release, date, reps, dur);
	fprintf(f, "op,mode,queues,bytes,rep,value,unit,loadavg,busy\n");

	int failures = 0, n_rows = 0;
	/* Micro-benchmarks first, while the machine is quiet. */
	for (int r = 0; r < (int)reps; r++) {
		double load = measure_loadavg(), used = measure_cpu_used(100);
		double w = bench_wakeup(20000);
		if (w > 0) {
			fprintf(f, "wakeup,trap,1,0,%d,%.2f,ns,%.2f,%d\n", r, w, load, used > 0.15);
			n_rows++;
		}
		fprintf(f, "rx_claim,vrio,2,0,%d,%.3f,ns,%.2f,%d\n", r, bench_rx_claim(2000000), load,
			used > 0.15);
		double ring = bench_ring_op(2000000), kick = bench_kick(200000);
		if (ring > 0)
			fprintf(f, "ring_op,elvis,1,64,%d,%.3f,ns,%.2f,%d\n", r, ring, load, used > 0.15);
		if (kick > 0)
			fprintf(f, "kick,trap,1,0,%d,%.3f,ns,%.2f,%d\n", r, kick, load, used > 0.15);
		n_rows += 1 + (ring > 0) + (kick > 0);
		for (int q = 1; q <= 16; q *= 2) {
			fprintf(f, "poll_scan,elvis,%d,0,%d,%.3f,ns,%.2f,%d\n", q, r,
				bench_poll_scan(q, 200000), load, used > 0.15);
			n_rows++;
		}
	}
	/* Per-frame costs and latency by size and mode, one queue; in elvis mode also 1500-byte
	 * frames over 2 and 8 queues (the polling pass against the queue count). The validation's
	 * predictions use other sizes, loads and queue counts (4, 16). */
	static const unsigned sizes_full[] = { 64, 512, 1500, 4000, 9000 };
	static const unsigned sizes_quick[] = { 64, 1500, 9000 };
	static const unsigned queue_points[] = { 2, 8 };
	const unsigned *sizes = quick ? sizes_quick : sizes_full;
	int n_sizes = quick ? 3 : 5;
	static const struct {
		const char *mode, *op, *lat;
	} modes[] = { { "elvis", "sidecore_frame", "latency_sidecore" },
		      { "trap", "vhost_frame", "latency_trap" },
		      { "vrio", "vrio_frame", "latency_vrio" } };
	int n_modes = quick ? 2 : 3;
	/* Repetition rounds outermost: a noisy moment on a shared machine then hits one run of
	 * several points, not every run of one point (which would bend the fitted line). */
	for (int r = 0; r < (int)reps; r++) {
		for (int m = 0; m < n_modes; m++) {
			int n_points = n_sizes + (m == 0 && !quick ? 2 : 0);
			for (int k = 0; k < n_points; k++) {
				unsigned size = k < n_sizes ? sizes[k] : 1500;
				unsigned q = k < n_sizes ? 1 : queue_points[k - n_sizes];
				unlink(csv);
				int rc = run_child(self, modes[m].mode, size, q, 20000, dur, csv);
				struct csvio_table t;
				read_run(csv, &t);
				/* Elvis mode: only the TX work is on a frame's path; the rest of a
				 * busy pass (the RX check) is the pass's fixed cost, measured on the
				 * passes that found nothing. */
				bool sc = !strcmp(modes[m].mode, "elvis");
				double busy_ns = metric(&t, sc ? METRIC_io_tx_ns_per_req : METRIC_io_busy_ns_per_req);
				double pass_ns = sc ? metric(&t, METRIC_poll_idle_ns_per_pass) : 0;
				double tx_p50 = sc ? metric(&t, METRIC_io_tx_ns_p50) : 0;
				bool vr = !strcmp(modes[m].mode, "vrio");
				double wire_ns = vr ? metric(&t, METRIC_vrio_wire_ns_per_frame) : 0;
				double ipose_ns = vr ? metric(&t, METRIC_vrio_interpose_ns_per_req) : 0;
				double p50 = metric(&t, METRIC_latency_p50_us);
				double load = metric(&t, METRIC_loadavg_before);
				double flag = metric(&t, METRIC_machine_busy);
				csvio_free(&t);
				if (rc == 2) {
					fprintf(stderr, "vrioemu calibrate: the emulator cannot run here (see above)\n");
					fclose(f);
					unlink(tmp);
					unlink(csv);
					return 2;
				}
				if (rc || !(busy_ns > 0) || !(p50 > 0)) {
					fprintf(stderr, "vrioemu calibrate: %s %u B x %u rep %d failed (exit %d): skipped\n",
						modes[m].mode, size, q, r, rc);
					failures++;
					continue;
				}
				fprintf(f, "%s,%s,%u,%u,%d,%.2f,ns,%.2f,%d\n", modes[m].op, modes[m].mode,
					q, size, r, busy_ns, load, flag > 0);
				fprintf(f, "%s,%s,%u,%u,%d,%.2f,ns,%.2f,%d\n", modes[m].lat, modes[m].mode,
					q, size, r, p50 * 1000, load, flag > 0);
				n_rows += 2;
				if (wire_ns > 0 && ipose_ns > 0) {
					fprintf(f, "wire_frame,vrio,%u,%u,%d,%.2f,ns,%.2f,%d\n", q, size, r,
						wire_ns, load, flag > 0);
					fprintf(f, "interpose,vrio,%u,%u,%d,%.2f,ns,%.2f,%d\n", q, size, r,
						ipose_ns, load, flag > 0);
					n_rows += 2;
				}
				if (pass_ns > 0 && tx_p50 > 0) {
					fprintf(f, "poll_pass,elvis,%u,%u,%d,%.2f,ns,%.2f,%d\n", q, size, r,
						pass_ns, load, flag > 0);
					fprintf(f, "sidecore_frame_p50,elvis,%u,%u,%d,%.2f,ns,%.2f,%d\n",
						q, size, r, tx_p50, load, flag > 0);
					n_rows += 2;
				}
				fprintf(stderr, "vrioemu calibrate: %-8s %5u B x %2u rep %d: busy %8.1f ns/frame, p50 %7.2f us%s\n",
					modes[m].mode, size, q, r, busy_ns, p50, flag > 0 ? "  [busy machine]" : "");
			}
		}
		/* Saturation (pktgen as fast as it goes, elvis mode): the polling core never
		 * idles, so every frame follows another — its TX work with warm caches
		 * (sidecore_warm_ratio). In the same rounds as the cold runs it is compared with. */
		static const unsigned sat_sizes[] = { 64, 1500, 9000 };
		for (int k = 0; !quick && k < 3; k++) {
			unlink(csv);
			int rc = run_child(self, "elvis", sat_sizes[k], 1, 0, dur, csv);
			struct csvio_table t;
			read_run(csv, &t);
			double tx = metric(&t, METRIC_io_tx_ns_per_req);
			double load = metric(&t, METRIC_loadavg_before), flag = metric(&t, METRIC_machine_busy);
			csvio_free(&t);
			if (rc || !(tx > 0)) {
				fprintf(stderr, "vrioemu calibrate: saturated sidecore %u B rep %d failed (exit %d): skipped\n",
					sat_sizes[k], r, rc);
				failures++;
				continue;
			}
			fprintf(f, "sidecore_frame_warm,elvis,1,%u,%d,%.2f,ns,%.2f,%d\n", sat_sizes[k], r,
				tx, load, flag > 0);
			n_rows++;
			fprintf(stderr, "vrioemu calibrate: saturated %5u B rep %d: TX %8.1f ns/frame%s\n",
				sat_sizes[k], r, tx, flag > 0 ? "  [busy machine]" : "");
		}
	}
	unlink(csv);
	if (fclose(f) || rename(tmp, out)) {
		fprintf(stderr, "vrioemu calibrate: -o %s: %s\n", out, strerror(errno));
		unlink(tmp);
		return 1;
	}
	fprintf(stderr, "vrioemu calibrate: %d rows in %s (%d runs failed)\n", n_rows, out, failures);
	return 0;
}
