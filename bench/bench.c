/*
 * vriosim-bench — how fast the simulator simulates: simulated requests per wall-second, CPU
 * time and peak memory, for benchmark racks of growing size.
 *
 * Each case runs `vriosim run` as a child process (SimGrid: one simulation per process), reads
 * the completed requests from its summary.csv, and takes wall time, user+system CPU time and
 * peak RSS of the simulation processes from the kernel (wait4 / RUSAGE_CHILDREN). Repeats each
 * case and reports the median (the machine is shared and noisy).
 *
 * usage: vriosim-bench VRIOSIM BENCH_DIR [-r REPEATS] [-o results.csv] [case...]
 */
#define _GNU_SOURCE
#include <errno.h>
#include <math.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>
#include <unistd.h>

#include "csvio.h"
#include "spawn.h"

struct bench_case {
	const char *name;     /* case name */
	const char *scenario; /* file in BENCH_DIR */
	const char *model;    /* model.kind */
	int vms;              /* VMs in the rack (for the table) */
};

static const struct bench_case cases[] = {
	{ "rack4-elvis", "rack4.ini", "elvis", 4 },
	{ "rack4-vrio", "rack4.ini", "vrio", 4 },
	{ "rack4-trap", "rack4.ini", "trap", 4 },
	{ "rack64-elvis", "rack64.ini", "elvis", 64 },
	{ "rack64-vrio", "rack64.ini", "vrio", 64 },
	{ "rack64-trap", "rack64.ini", "trap", 64 },
	{ "rack1024-elvis", "rack1024.ini", "elvis", 1024 },
	{ "rack1024-vrio", "rack1024.ini", "vrio", 1024 },
	{ "rr16-elvis", "rr16.ini", "elvis", 16 },
	{ "rr16-vrio", "rr16.ini", "vrio", 16 },
	{ "stream16-elvis", "stream16.ini", "elvis", 16 },
	{ "stream16-vrio", "stream16.ini", "vrio", 16 },
};
#define N_CASES (int)(sizeof(cases) / sizeof(cases[0]))

/* One run of a case. */
struct sample {
	double wall_s;        /* wall time of the run */
	double completed;     /* requests completed (CPU time and RSS: RUSAGE_CHILDREN) */
};

static double now_s(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec + t.tv_nsec * 1e-9;
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

static int run_case(const char *vriosim, const char *dir, const struct bench_case *c,
		    struct sample *s)
{
	char scn[4096], out[64], set[64], csv[128], fail[4200];
	snprintf(scn, sizeof(scn), "%s/%s", dir, c->scenario);
	snprintf(out, sizeof(out), "/tmp/vriosim-bench.%ld", (long)getpid());
	snprintf(set, sizeof(set), "model.kind=%s", c->model);
	snprintf(fail, sizeof(fail), "vriosim-bench: cannot run %s", vriosim);
	const char *argv[] = { vriosim, "run", scn, "--set", set, "-o", out, "-q", "--no-plot", NULL };
	struct spawn_opts o = { .argv = argv, .exec_fail = fail };
	struct spawn_status st;
	double t0 = now_s();
	int rc = spawn_run(&o, &st);
	if (rc)
		return -1;
	s->wall_s = now_s() - t0;
	if (!spawn_succeeded(&st)) {
		fprintf(stderr, "vriosim-bench: %s failed (status %d)\n", c->name, st.raw);
		return -1;
	}
	snprintf(csv, sizeof(csv), "%s/summary.csv", out);
	s->completed = read_completed(csv, c->model);
	const char *rm[] = { "rm", "-rf", out, NULL };
	struct spawn_opts ro = { .argv = rm };
	spawn_run(&ro, &st);
	return s->completed < 0 ? -1 : 0;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return (x > y) - (x < y);
}

static double median(double *v, int n)
{
	qsort(v, (size_t)n, sizeof(*v), cmp_double);
	return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

int main(int argc, char **argv)
{
	if (argc < 3) {
		fprintf(stderr, "usage: vriosim-bench VRIOSIM BENCH_DIR [-r REPEATS] [-o FILE.csv] [case...]\n");
		return 2;
	}
	const char *vriosim = argv[1], *dir = argv[2], *outcsv = NULL;
	int repeats = 3, first_case = 3;
	for (int i = 3; i < argc; i++) {
		if (!strcmp(argv[i], "-r") && i + 1 < argc) {
			repeats = atoi(argv[++i]);
			first_case = i + 1;
		} else if (!strcmp(argv[i], "-o") && i + 1 < argc) {
			outcsv = argv[++i];
			first_case = i + 1;
		}
	}
	if (repeats < 1 || repeats > 50) {
		fprintf(stderr, "vriosim-bench: -r: expected 1..50\n");
		return 2;
	}
	FILE *csv = outcsv ? fopen(outcsv, "w") : NULL;
	if (outcsv && !csv) {
		fprintf(stderr, "vriosim-bench: -o %s: %s\n", outcsv, strerror(errno));
		return 2;
	}
	if (csv)
		fprintf(csv, "case,vms,repeats,completed,wall_s,cpu_s,sim_req_per_wall_s,sim_req_per_cpu_s,peak_rss_mib\n");
	printf("%-16s %6s %12s %9s %9s %14s %14s %10s\n", "case", "VMs", "requests", "wall s",
	       "cpu s", "req/wall-s", "req/cpu-s", "RSS MiB");
	int failed = 0;
	for (int k = 0; k < N_CASES; k++) {
		const struct bench_case *c = &cases[k];
		bool wanted = first_case >= argc;
		for (int i = first_case; i < argc; i++)
			if (!strcmp(argv[i], c->name) || strstr(c->name, argv[i]))
				wanted = true;
		if (!wanted)
			continue;
		double wall[50], cpu[50], rss = 0, completed = 0;
		int ok = 0;
		for (int r = 0; r < repeats; r++) {
			struct rusage before, after;
			getrusage(RUSAGE_CHILDREN, &before);
			struct sample s;
			if (run_case(vriosim, dir, c, &s)) {
				failed++;
				break;
			}
			getrusage(RUSAGE_CHILDREN, &after);
			double cpu_s = (after.ru_utime.tv_sec - before.ru_utime.tv_sec) +
				       (after.ru_utime.tv_usec - before.ru_utime.tv_usec) * 1e-6 +
				       (after.ru_stime.tv_sec - before.ru_stime.tv_sec) +
				       (after.ru_stime.tv_usec - before.ru_stime.tv_usec) * 1e-6;
			wall[ok] = s.wall_s;
			cpu[ok] = cpu_s;
			completed = s.completed;
			/* ru_maxrss of RUSAGE_CHILDREN is the largest descendant so far: run the
			 * cases in increasing size for a per-case figure. */
			rss = after.ru_maxrss / 1024.0;
			ok++;
		}
		if (!ok)
			continue;
		double w = median(wall, ok), u = median(cpu, ok);
		printf("%-16s %6d %12.0f %9.3f %9.3f %14.0f %14.0f %10.1f\n", c->name, c->vms, completed,
		       w, u, completed / w, completed / u, rss);
		if (csv)
			fprintf(csv, "%s,%d,%d,%.0f,%.4f,%.4f,%.0f,%.0f,%.1f\n", c->name, c->vms, ok,
				completed, w, u, completed / w, completed / u, rss);
		fflush(stdout);
	}
	if (csv)
		fclose(csv);
	return failed ? 1 : 0;
}
