/*
 * bench_measure — measuring the primitive and the cases: medians of repeated runs, and
 * instructions per request (or per sleep) from callgrind as the difference of two runs of
 * different lengths, so that start-up, platform loading and warm-up cancel out.
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "bench.h"

/* Sum of the "summary:" (total Ir) lines of every callgrind file named @prefix.*; unlinks
 * them. 0 when none was found. */
static double callgrind_sum(const char *prefix)
{
	const char *slash = strrchr(prefix, '/');
	char dir[4096];
	snprintf(dir, sizeof(dir), "%.*s", (int)(slash - prefix), prefix);
	const char *base = slash + 1;
	size_t nb = strlen(base);
	DIR *d = opendir(dir);
	if (!d)
		return 0;
	double sum = 0;
	struct dirent *e;
	while ((e = readdir(d))) {
		if (strncmp(e->d_name, base, nb) || e->d_name[nb] != '.')
			continue;
		char path[8192], line[512];
		snprintf(path, sizeof(path), "%s/%s", dir, e->d_name);
		FILE *f = fopen(path, "r");
		while (f && fgets(line, sizeof(line), f))
			if (!strncmp(line, "summary:", 8) || !strncmp(line, "totals:", 7)) {
				sum += strtod(strchr(line, ':') + 1, NULL);
				break;
			}
		if (f)
			fclose(f);
		unlink(path);
	}
	closedir(d);
	return sum;
}

static void cg_prefix(char *buf, size_t n, const char *what)
{
	snprintf(buf, n, "/tmp/vriosim-bench-cg.%ld.%s", (long)getpid(), what);
}

/* Instructions of vriosim-simloop for @n sleeps under callgrind (0: not measured). */
static double primitive_ir(const struct bench_opts *o, long n)
{
	char prefix[256], cg[300], num[32];
	cg_prefix(prefix, sizeof(prefix), "simloop");
	snprintf(cg, sizeof(cg), "--callgrind-out-file=%s.%%p", prefix);
	snprintf(num, sizeof(num), "%ld", n);
	const char *argv[] = { o->valgrind, "--tool=callgrind", cg, o->simloop, num, NULL };
	struct bench_sample s;
	int rc = bench_exec(argv, "/dev/null", &s);
	double ir = callgrind_sum(prefix);
	return rc ? 0 : ir;
}

#define PRIM_SLEEPS 1000000L

int bench_primitive(const struct bench_opts *o, struct bench_primitive *prim)
{
	double cpu[50];
	char num[32];
	snprintf(num, sizeof(num), "%ld", PRIM_SLEEPS);
	const char *argv[] = { o->simloop, num, NULL };
	for (int r = 0; r < o->repeats; r++) {
		struct bench_sample s;
		if (bench_exec(argv, "/dev/null", &s)) {
			fprintf(stderr, "vriosim-bench: cannot run %s\n", o->simloop);
			return -1;
		}
		cpu[r] = s.cpu_s;
	}
	prim->ns_per_sleep = bench_median(cpu, o->repeats) / PRIM_SLEEPS * 1e9;
	prim->ir_per_sleep = 0;
	if (o->valgrind) {
		double a = primitive_ir(o, 100000), b = primitive_ir(o, 200000);
		if (a > 0 && b > a)
			prim->ir_per_sleep = (b - a) / 100000;
	}
	return 0;
}

int bench_case(const struct bench_opts *o, const struct bench_case *c,
	       const struct bench_primitive *prim, struct bench_result *r)
{
	double wall[50], cpu[50], rss[50];
	memset(r, 0, sizeof(*r));
	r->c = c;
	for (int k = 0; k < o->repeats; k++) {
		struct bench_sample s;
		if (bench_run_case(o, c, 0, NULL, &s))
			return -1;
		wall[k] = s.wall_s;
		cpu[k] = s.cpu_s;
		rss[k] = s.rss_mib;
		r->completed = s.completed; /* the model is deterministic: the same every run */
	}
	r->repeats = o->repeats;
	r->wall_s = bench_median(wall, o->repeats);
	r->cpu_s = bench_median(cpu, o->repeats);
	r->rss_mib = bench_median(rss, o->repeats);
	r->per_wall_s = r->completed / r->wall_s;
	r->per_cpu_s = r->completed / r->cpu_s;
	r->sleeps_per_req =
		prim->ns_per_sleep > 0 ? r->cpu_s / r->completed * 1e9 / prim->ns_per_sleep : 0;
	if (o->valgrind && c->ir_slice_s > 0) {
		char prefix[256];
		double ir[2], done[2];
		for (int k = 0; k < 2; k++) {
			struct bench_sample s;
			cg_prefix(prefix, sizeof(prefix), c->name);
			int rc = bench_run_case(o, c, c->warmup_s + (k + 1) * c->ir_slice_s, prefix, &s);
			ir[k] = callgrind_sum(prefix);
			done[k] = s.completed;
			if (rc || ir[k] <= 0)
				return 0; /* no instruction count; the timings stand */
		}
		if (done[1] > done[0] && ir[1] > ir[0])
			r->ir_per_req = (ir[1] - ir[0]) / (done[1] - done[0]);
	}
	return 0;
}
