/*
 * vriosim-bench — how fast the simulator simulates: simulated requests per wall-second and per
 * CPU-second, instructions per request, and cost per request against a raw SimGrid primitive
 * measured in the same session, for benchmark racks of growing size.
 *
 * Each case runs `vriosim run` as a child process (SimGrid: one simulation per process), reads
 * the completed requests from its summary.csv, and takes wall time, user+system CPU time and
 * peak RSS of that child and its own children from the kernel (wait4). Each case is repeated
 * and the median reported (the machine is shared and noisy).
 *
 * The primitive: vriosim-simloop, one actor sleeping 1 µs a million times; `sleeps/req` is a
 * case's CPU time per request over the primitive's CPU time per sleep (how many raw SimGrid
 * sleeps one simulated request costs), measured in the same session.
 *
 * The floor: vriosim-simloop --step and --wake, vriosim's own engine alone (a time step, and a
 * wake on top), and --timer, a bare kernel-timer step (no actor: SimGrid's cheapest). With each
 * case's steps and wakes per request (callgrind), `floor` is the share of its instructions they
 * cost at the least, and `ceiling` the requests per CPU-second it would reach if the model's
 * own work were free: at the case's own speed per instruction, and `(prim)` at the primitive's
 * (whose engine runs alone with warm caches: the higher bound).
 *
 * Instructions (when valgrind is on PATH, unless --no-callgrind): each case runs under
 * callgrind twice, with run.duration_s cut to its warm-up plus one and two slices, and
 * Ir/req is the difference of their instruction counts (every process of the run) over the
 * difference of their completed requests: start-up and warm-up cancel out.
 *
 * usage: vriosim-bench VRIOSIM SIMLOOP BENCH_DIR [-r REPEATS] [-o results.csv]
 *                      [--history FILE --commit REV] [--no-callgrind] [--loops N] [case...]
 * --loops: the primitives' timed runs (default 10^6; callgrind runs a tenth and a fifth).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <math.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "bench.h"
#include "csvio.h"

static const struct bench_case cases[] = {
	{ "rack4-elvis", "rack4.ini", "elvis", 4, 0.01, 0 },
	{ "rack4-vrio", "rack4.ini", "vrio", 4, 0.01, 0 },
	{ "rack4-trap", "rack4.ini", "trap", 4, 0.01, 0 },
	{ "rack64-elvis", "rack64.ini", "elvis", 64, 0.01, 0 },
	{ "rack64-vrio", "rack64.ini", "vrio", 64, 0.01, 0 },
	{ "rack64-trap", "rack64.ini", "trap", 64, 0.01, 0 },
	{ "rr16-elvis", "rr16.ini", "elvis", 16, 0.01, 0.01 },
	{ "rr16-vrio", "rr16.ini", "vrio", 16, 0.01, 0.01 },
	{ "stream16-elvis", "stream16.ini", "elvis", 16, 0.01, 0.005 },
	{ "stream16-vrio", "stream16.ini", "vrio", 16, 0.01, 0.005 },
	{ "rack1024-elvis", "rack1024.ini", "elvis", 1024, 0.001, 0.001 },
	{ "rack1024-vrio", "rack1024.ini", "vrio", 1024, 0.001, 0.001 },
	{ "rack10k-elvis", "rack10k.ini", "elvis", 10000, 0.0005, 0 },
};
#define N_CASES (int)(sizeof(cases) / sizeof(cases[0]))

static double now_s(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec + t.tv_nsec * 1e-9;
}

int bench_exec(const char *const *argv, const char *out, struct bench_sample *s)
{
	double t0 = now_s();
	pid_t pid = fork();
	if (pid < 0)
		return -errno;
	if (pid == 0) {
		if (out && !freopen(out, "w", stdout))
			_exit(127);
		if (!freopen("/dev/null", "w", stderr))
			_exit(127);
		execvp(argv[0], (char *const *)argv);
		_exit(127);
	}
	int st;
	struct rusage ru;
	while (wait4(pid, &st, 0, &ru) < 0)
		if (errno != EINTR)
			return -errno;
	s->wall_s = now_s() - t0;
	s->cpu_s = ru.ru_utime.tv_sec + ru.ru_utime.tv_usec * 1e-6 + ru.ru_stime.tv_sec +
		   ru.ru_stime.tv_usec * 1e-6;
	s->rss_mib = ru.ru_maxrss / 1024.0; /* the child's, or its largest child's */
	return WIFEXITED(st) && WEXITSTATUS(st) == 0 ? 0 : -ECHILD;
}

/* The requests @model completed in a run's summary.csv, or -1. */
static double read_completed(const char *csv, const char *model)
{
	struct csvio_table t;
	char err[512];
	if (csvio_read(csv, &t, err, sizeof(err)))
		return -1;
	double v = csvio_tidy_value(&t, model, "requests_completed");
	csvio_free(&t);
	return isnan(v) ? -1 : v;
}

int bench_run_case(const struct bench_opts *o, const struct bench_case *c, double duration_s,
		   const char *valgrind_out, struct bench_sample *s)
{
	char scn[4096], out[64], set[64], dur[64], csv[128], cg[4200];
	snprintf(scn, sizeof(scn), "%s/%s", o->dir, c->scenario);
	snprintf(out, sizeof(out), "/tmp/vriosim-bench.%ld", (long)getpid());
	snprintf(set, sizeof(set), "model.kind=%s", c->model);
	snprintf(dur, sizeof(dur), "run.duration_s=%.9g", duration_s);
	snprintf(cg, sizeof(cg), "--callgrind-out-file=%s.%%p", valgrind_out ? valgrind_out : "");
	const char *argv[24];
	int n = 0;
	if (valgrind_out) {
		argv[n++] = o->valgrind;
		argv[n++] = "--tool=callgrind";
		argv[n++] = "--trace-children=yes";
		argv[n++] = cg;
	}
	const char *run[] = { o->vriosim, "run", scn, "--set", set, "-o", out, "-q", "--no-plot",
			      "--force", NULL };
	for (int i = 0; run[i]; i++)
		argv[n++] = run[i];
	if (duration_s > 0) {
		argv[n++] = "--set";
		argv[n++] = dur;
	}
	argv[n] = NULL;
	int rc = bench_exec(argv, NULL, s);
	snprintf(csv, sizeof(csv), "%s/summary.csv", out);
	s->completed = rc ? -1 : read_completed(csv, c->model);
	const char *rm[] = { "rm", "-rf", out, NULL };
	struct bench_sample ignored;
	bench_exec(rm, NULL, &ignored);
	if (rc || s->completed < 0) {
		fprintf(stderr, "vriosim-bench: %s failed\n", c->name);
		return -1;
	}
	return 0;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return (x > y) - (x < y);
}

double bench_median(double *v, int n)
{
	qsort(v, (size_t)n, sizeof(*v), cmp_double);
	return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

/* Is @name asked for (no names: every case but the 10,000-VM rack, which is asked by name)? */
static bool wanted(const struct bench_case *c, char **names, int n)
{
	if (!n)
		return c->vms < 10000;
	for (int i = 0; i < n; i++)
		if (!strcmp(names[i], c->name) || strstr(c->name, names[i]))
			return true;
	return false;
}

/* valgrind's path if it is on PATH, else NULL. */
static const char *find_valgrind(void)
{
	static char path[4096];
	const char *p = getenv("PATH");
	while (p && *p) {
		const char *e = strchr(p, ':');
		size_t n = e ? (size_t)(e - p) : strlen(p);
		snprintf(path, sizeof(path), "%.*s/valgrind", (int)n, p);
		if (!access(path, X_OK))
			return path;
		p = e ? e + 1 : NULL;
	}
	return NULL;
}

static int usage(void)
{
	fprintf(stderr, "usage: vriosim-bench VRIOSIM SIMLOOP BENCH_DIR [-r REPEATS] [-o FILE.csv] "
			"[--history FILE --commit REV] [--no-callgrind] [--loops N] [case...]\n");
	return 2;
}

int main(int argc, char **argv)
{
	if (argc < 4)
		return usage();
	struct bench_opts o = { .vriosim = argv[1], .simloop = argv[2], .dir = argv[3], .repeats = 3,
				  .prim_loops = 1000000 };
	const char *outcsv = NULL, *history = NULL, *commit = NULL;
	bool callgrind = true;
	char *names[64];
	int n_names = 0;
	for (int i = 4; i < argc; i++) {
		if (!strcmp(argv[i], "-r") && i + 1 < argc)
			o.repeats = atoi(argv[++i]);
		else if (!strcmp(argv[i], "-o") && i + 1 < argc)
			outcsv = argv[++i];
		else if (!strcmp(argv[i], "--history") && i + 1 < argc)
			history = argv[++i];
		else if (!strcmp(argv[i], "--commit") && i + 1 < argc)
			commit = argv[++i];
		else if (!strcmp(argv[i], "--loops") && i + 1 < argc)
			o.prim_loops = atol(argv[++i]);
		else if (!strcmp(argv[i], "--no-callgrind"))
			callgrind = false;
		else if (argv[i][0] == '-' || n_names == 64)
			return usage();
		else
			names[n_names++] = argv[i];
	}
	if (o.repeats < 1 || o.repeats > 50) {
		fprintf(stderr, "vriosim-bench: -r: expected 1..50\n");
		return 2;
	}
	if (o.prim_loops < 1000 || o.prim_loops > 100000000) {
		fprintf(stderr, "vriosim-bench: --loops: expected 1000..100000000\n");
		return 2;
	}
	if (history && !commit) {
		fprintf(stderr, "vriosim-bench: --history needs --commit\n");
		return 2;
	}
	o.valgrind = callgrind ? find_valgrind() : NULL;

	struct bench_result res[N_CASES];
	struct bench_primitive prim;
	if (bench_primitive(&o, &prim))
		return 1;
	if (!o.valgrind)
		printf("note: %s: no instruction counts (Ir/req 0)\n",
		       callgrind ? "valgrind is not on PATH" : "--no-callgrind");
	printf("primitive: a raw SimGrid sleep costs %.0f ns of CPU (%.0f Ir)\n", prim.ns_per_sleep,
	       prim.ir_per_sleep);
	printf("floor: vriosim's engine step costs %.0f ns (%.0f Ir), a wake %.0f ns more (%.0f Ir); "
	       "a bare kernel-timer step %.0f ns (%.0f Ir)\n",
	       prim.step_ns, prim.step_ir, prim.wake_ns, prim.wake_ir, prim.timer_ns, prim.timer_ir);
	printf("%-15s %6s %10s %7s %7s %11s %11s %7s %11s %8s %9s %9s %9s %6s %6s %9s %9s %8s\n",
	       "case", "VMs", "requests", "wall s", "cpu s", "req/wall-s", "req/cpu-s", "base s",
	       "net req/cpu", "Ir/req", "sleeps/req", "steps/req", "simcalls", "wakes", "floor",
	       "ceiling", "(prim)", "RSS MiB");
	int failed = 0, n_res = 0;
	for (int k = 0; k < N_CASES; k++) {
		if (!wanted(&cases[k], names, n_names))
			continue;
		struct bench_result *r = &res[n_res];
		if (bench_case(&o, &cases[k], &prim, r)) {
			failed++;
			continue;
		}
		n_res++;
		printf("%-15s %6d %10.0f %7.3f %7.3f %11.0f %11.0f %7.3f %11.0f %8.0f %9.1f %9.2f "
		       "%9.2f %6.2f %5.0f%% %9.0f %9.0f %8.1f\n",
		       r->c->name, r->c->vms, r->completed, r->wall_s, r->cpu_s, r->per_wall_s,
		       r->per_cpu_s, r->base_cpu_s, r->net_per_cpu_s, r->ir_per_req,
		       r->sleeps_per_req, r->steps_per_req, r->simcalls_per_req, r->wakes_per_req,
		       100 * r->floor_share, r->ceiling_per_cpu_s, r->ceiling_prim_per_cpu_s,
		       r->rss_mib);
		fflush(stdout);
	}
	if (outcsv && bench_write_results(outcsv, res, n_res, &prim))
		failed++;
	if (history && bench_write_history(history, commit, res, n_res, &prim))
		failed++;
	return failed ? 1 : 0;
}
