/* calibrate — see calibrate.h. */
#define _GNU_SOURCE
#include "calibrate.h"

#include <errno.h>
#include <math.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/utsname.h>
#include <time.h>
#include <unistd.h>

#include "csvio.h"
#include "measure.h"
#include "metric_schema.h"
#include "microbench.h"
#include "spawn.h"
#include "version.h"

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
	fprintf(f, "usage: vrioemu calibrate -o FILE.csv [--reps N] [--duration S] [--retries N] [--quick]\n"
		   "  sweeps frame sizes 64..9000 in elvis, trap and vrio modes (pktgen at 20k frames/s,\n"
		   "  the namespace's kernel stack as the sink) and queue counts 1..16 (poll scan), and\n"
		   "  times ring operations, kicks, eventfd wake-ups and contended descriptor claims;\n"
		   "  writes one row per measurement for `vriosim calibrate`.\n"
		   "  --reps N       repetitions per point (default 3)\n"
		   "  --duration S   measured seconds per run (default 0.4)\n"
		   "  --retries N    a measurement the machine was busy for (its CPUs over 15%% busy just\n"
		   "                 before it: other programs compete with the pinned threads) is taken\n"
		   "                 again, up to N times, a second apart (default 3, 0..20); still busy,\n"
		   "                 it is written flagged busy=1, and vriosim calibrate leaves it out\n"
		   "  --quick        three sizes, elvis + trap, no saturation runs (for tests)\n"
		   "needs root (namespaces, taps); exit 0 ok (stderr says how many rows stayed busy),\n"
		   "1 runtime failure, 2 usage, privileges, or a machine that cannot host the runs\n");
}

static int num_arg(const char *flag, const char *v, double lo, double hi, double *out)
{
	char *end;
	double d = strtod(v, &end);
	if (end == v || *end || !(d >= lo && d <= hi)) {
		fprintf(stderr, "vrioemu calibrate: %s: invalid value '%s' (expected %g..%g)\n", flag, v, lo, hi);
		return 2;
	}
	*out = d;
	return 0;
}

/* One calibration in progress. */
struct calib {
	const char *self;   /* this binary: each emulator run is a child of it */
	FILE *f;            /* the measurements being written */
	const char *csv;    /* where a child writes its results */
	double dur;         /* measured seconds per run */
	int retries;        /* a busy measurement is taken again this many times, at most */
	int rows, busy_rows, retried, failures;
};

static void row(struct calib *c, const char *op, const char *mode, unsigned q, unsigned bytes,
		int rep, int prec, double v, double load, bool busy)
{
	fprintf(c->f, "%s,%s,%u,%u,%d,%.*f,ns,%.2f,%d\n", op, mode, q, bytes, rep, prec, v, load, busy);
	c->rows++;
	c->busy_rows += busy;
}

static void pause_1s(void) { nanosleep(&(struct timespec){ 1, 0 }, NULL); }

/* Before the micro-benchmarks of repetition @rep: wait (bounded by the retries) for the other
 * programs to leave the CPUs. Whether the machine is still busy. */
static bool wait_quiet(struct calib *c, int rep, double *load)
{
	for (int t = 0;; t++) {
		*load = measure_loadavg();
		double used = measure_cpu_used(100);
		if (used <= MEASURE_BUSY_SHARE)
			return false;
		if (t == c->retries) {
			fprintf(stderr, "vrioemu calibrate: micro-benchmarks rep %d: the machine is still "
					"busy (CPUs %.0f%% used) after %d retries: flagged busy\n", rep,
				used * 100, c->retries);
			return true;
		}
		fprintf(stderr, "vrioemu calibrate: micro-benchmarks rep %d: the machine is busy (CPUs "
				"%.0f%% used by others): retry %d/%d in 1 s\n", rep, used * 100, t + 1,
			c->retries);
		c->retried++;
		pause_1s();
	}
}

static void micro_benchmarks(struct calib *c, int r)
{
	double load;
	bool busy = wait_quiet(c, r, &load);
	double w = bench_wakeup(20000);
	if (w > 0)
		row(c, "wakeup", "trap", 1, 0, r, 2, w, load, busy);
	row(c, "rx_claim", "vrio", 2, 0, r, 3, bench_rx_claim(2000000), load, busy);
	double ring = bench_ring_op(2000000), kick = bench_kick(200000);
	if (ring > 0)
		row(c, "ring_op", "elvis", 1, 64, r, 3, ring, load, busy);
	if (kick > 0)
		row(c, "kick", "trap", 1, 0, r, 3, kick, load, busy);
	for (int q = 1; q <= 16; q *= 2)
		row(c, "poll_scan", "elvis", (unsigned)q, 0, r, 3, bench_poll_scan(q, 200000), load, busy);
}

/* What one emulator run gave (NAN: absent). */
struct point {
	int rc;              /* the child's exit code (-1: could not run, or killed) */
	double busy_ns, pass_ns, tx_p50, wire_ns, ipose_ns, p50_us, tx, load;
	bool busy;           /* the machine was busy before it (after every retry) */
};

/* One emulator run of @mode (pktgen at @rate, 0: as fast as it goes), taken again while the
 * machine was busy for it, up to c->retries times. */
static void run_point(struct calib *c, const char *mode, unsigned size, unsigned q, double rate,
		      int rep, struct point *p)
{
	for (int t = 0;; t++) {
		unlink(c->csv);
		p->rc = run_child(c->self, mode, size, q, rate, c->dur, c->csv);
		struct csvio_table tb;
		read_run(c->csv, &tb);
		bool sc = !strcmp(mode, "elvis"), vr = !strcmp(mode, "vrio");
		/* Elvis mode: only the TX work is on a frame's path; the rest of a busy pass (the
		 * RX check) is the pass's fixed cost, measured on the passes that found nothing. */
		p->busy_ns = metric(&tb, sc ? METRIC_io_tx_ns_per_req : METRIC_io_busy_ns_per_req);
		p->tx = metric(&tb, METRIC_io_tx_ns_per_req);
		p->pass_ns = sc ? metric(&tb, METRIC_poll_idle_ns_per_pass) : 0;
		p->tx_p50 = sc ? metric(&tb, METRIC_io_tx_ns_p50) : 0;
		p->wire_ns = vr ? metric(&tb, METRIC_vrio_wire_ns_per_frame) : 0;
		p->ipose_ns = vr ? metric(&tb, METRIC_vrio_interpose_ns_per_req) : 0;
		p->p50_us = metric(&tb, METRIC_latency_p50_us);
		p->load = metric(&tb, METRIC_loadavg_before);
		p->busy = metric(&tb, METRIC_machine_busy) > 0;
		double used = metric(&tb, METRIC_cpu_used_before);
		csvio_free(&tb);
		if (p->rc || !p->busy || t == c->retries)
			return;
		fprintf(stderr, "vrioemu calibrate: %s %u B x %u rep %d: the machine was busy (CPUs %.0f%% "
				"used by others): retry %d/%d in 1 s\n", mode, size, q, rep, used * 100, t + 1,
			c->retries);
		c->retried++;
		pause_1s();
	}
}

/* A row measured while the machine stayed busy, through every retry. */
#define BUSY_TAG "  [machine still busy after the retries: flagged, left out of the fit]"

/* The three modes: which operation each measures, and its latency. */
static const struct {
	const char *mode, *op, *lat;
} modes[] = { { "elvis", "sidecore_frame", "latency_sidecore" },
	      { "trap", "vhost_frame", "latency_trap" },
	      { "vrio", "vrio_frame", "latency_vrio" } };

/* Per-frame costs and latency of mode @m at @size B over @q queues, repetition @r. 2 when the
 * emulator cannot run here at all. */
static int frame_point(struct calib *c, int m, unsigned size, unsigned q, int r)
{
	struct point p;
	run_point(c, modes[m].mode, size, q, 20000, r, &p);
	if (p.rc == 2) {
		fprintf(stderr, "vrioemu calibrate: the emulator cannot run here (see above)\n");
		return 2;
	}
	if (p.rc || !(p.busy_ns > 0) || !(p.p50_us > 0)) {
		fprintf(stderr, "vrioemu calibrate: %s %u B x %u rep %d failed (exit %d): skipped\n",
			modes[m].mode, size, q, r, p.rc);
		c->failures++;
		return 0;
	}
	row(c, modes[m].op, modes[m].mode, q, size, r, 2, p.busy_ns, p.load, p.busy);
	row(c, modes[m].lat, modes[m].mode, q, size, r, 2, p.p50_us * 1000, p.load, p.busy);
	if (p.wire_ns > 0 && p.ipose_ns > 0) {
		row(c, "wire_frame", "vrio", q, size, r, 2, p.wire_ns, p.load, p.busy);
		row(c, "interpose", "vrio", q, size, r, 2, p.ipose_ns, p.load, p.busy);
	}
	if (p.pass_ns > 0 && p.tx_p50 > 0) {
		row(c, "poll_pass", "elvis", q, size, r, 2, p.pass_ns, p.load, p.busy);
		row(c, "sidecore_frame_p50", "elvis", q, size, r, 2, p.tx_p50, p.load, p.busy);
	}
	fprintf(stderr, "vrioemu calibrate: %-8s %5u B x %2u rep %d: busy %8.1f ns/frame, p50 %7.2f us%s\n",
		modes[m].mode, size, q, r, p.busy_ns, p.p50_us, p.busy ? BUSY_TAG : "");
	return 0;
}

/* Saturation (pktgen as fast as it goes, elvis mode): the polling core never idles, so every
 * frame follows another — its TX work with warm caches (sidecore_warm_ratio). */
static void saturated_point(struct calib *c, unsigned size, int r)
{
	struct point p;
	run_point(c, "elvis", size, 1, 0, r, &p);
	if (p.rc || !(p.tx > 0)) {
		fprintf(stderr, "vrioemu calibrate: saturated sidecore %u B rep %d failed (exit %d): skipped\n",
			size, r, p.rc);
		c->failures++;
		return;
	}
	row(c, "sidecore_frame_warm", "elvis", 1, size, r, 2, p.tx, p.load, p.busy);
	fprintf(stderr, "vrioemu calibrate: saturated %5u B rep %d: TX %8.1f ns/frame%s\n", size, r,
		p.tx, p.busy ? BUSY_TAG : "");
}

int calib_main(int argc, char **argv)
{
	const char *out = NULL;
	double reps = 3, dur = 0.4, retries = 3;
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
		} else if (i + 1 < argc && !strcmp(a, "--retries")) {
			if (num_arg(a, argv[++i], 0, 20, &retries) || retries != (int)retries)
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
	char tmp[4200], csv[4200];
	snprintf(tmp, sizeof(tmp), "%s.tmp", out);
	snprintf(csv, sizeof(csv), "%s.run.csv", out);
	FILE *f = fopen(tmp, "w");
	if (!f) {
		fprintf(stderr, "vrioemu calibrate: -o %s: %s\n", out, strerror(errno));
		return 2;
	}
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
		   "# kernel=%s %s\n# date=%s\n# reps=%g duration_s=%g retries=%g\n",
		emu_version(), u.nodename, model, mhz / 1000, u.sysname, u.release, date, reps, dur,
		retries);
	fprintf(f, "op,mode,queues,bytes,rep,value,unit,loadavg,busy\n");

	struct calib c = { .self = self, .f = f, .csv = csv, .dur = dur, .retries = (int)retries };
	/* Per-frame costs and latency by size and mode, one queue; in elvis mode also 1500-byte
	 * frames over 2 and 8 queues (the polling pass against the queue count). The validation's
	 * predictions use other sizes, loads and queue counts (4, 16). */
	static const unsigned sizes_full[] = { 64, 512, 1500, 4000, 9000 };
	static const unsigned sizes_quick[] = { 64, 1500, 9000 };
	static const unsigned queue_points[] = { 2, 8 };
	static const unsigned sat_sizes[] = { 64, 1500, 9000 };
	const unsigned *sizes = quick ? sizes_quick : sizes_full;
	int n_sizes = quick ? 3 : 5, n_modes = quick ? 2 : 3;
	/* Repetition rounds outermost: a noisy moment on a shared machine then hits one run of
	 * several points, not every run of one point (which would bend the fitted line), nor
	 * every repetition of the micro-benchmarks, which open each round. */
	for (int r = 0; r < (int)reps; r++) {
		micro_benchmarks(&c, r);
		for (int m = 0; m < n_modes; m++) {
			int n_points = n_sizes + (m == 0 && !quick ? 2 : 0);
			for (int k = 0; k < n_points; k++) {
				unsigned size = k < n_sizes ? sizes[k] : 1500;
				unsigned q = k < n_sizes ? 1 : queue_points[k - n_sizes];
				if (frame_point(&c, m, size, q, r) == 2) {
					fclose(f);
					unlink(tmp);
					unlink(csv);
					return 2;
				}
			}
		}
		/* In the same rounds as the cold runs they are compared with. */
		for (int k = 0; !quick && k < 3; k++)
			saturated_point(&c, sat_sizes[k], r);
	}
	unlink(csv);
	if (fclose(f) || rename(tmp, out)) {
		fprintf(stderr, "vrioemu calibrate: -o %s: %s\n", out, strerror(errno));
		unlink(tmp);
		return 1;
	}
	fprintf(stderr, "vrioemu calibrate: %d rows in %s (%d retried while the machine was busy; "
			"%d runs failed)\n", c.rows, out, c.retried, c.failures);
	if (c.busy_rows)
		fprintf(stderr, "vrioemu calibrate: warning: %d of %d rows were measured while the machine "
				"stayed busy (flagged busy=1): vriosim calibrate leaves them out and refuses "
				"fits left with too few; measure on a quiet machine\n", c.busy_rows, c.rows);
	return 0;
}
