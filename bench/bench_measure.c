/*
 * bench_measure — measuring the primitive and the cases: medians of repeated runs, and
 * instructions per request (or per sleep) from callgrind as the difference of two runs of
 * different lengths, so that start-up, platform loading and warm-up cancel out.
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "bench.h"

/* What a set of callgrind files counted: instructions, and calls into SimGrid's engine. */
struct cg_counts {
	double ir;       /* total instructions ("summary:" / "totals:" lines) */
	double steps;    /* calls to EngineImpl::solve: the engine's time steps */
	double simcalls; /* calls to ActorImpl::simcall_handle: simcalls handled by the engine */
	double wakes;    /* calls to ktimer's answer_woken: actors answered by a waker */
};

/* Which counted function a callgrind name is (0: none). */
static int counted(const char *name)
{
	if (strstr(name, "simgrid::kernel::EngineImpl::solve("))
		return 1;
	if (strstr(name, "simgrid::kernel::actor::ActorImpl::simcall_handle("))
		return 2;
	if (strstr(name, "::answer_woken(vs_block"))
		return 3;
	return 0;
}

/* One callgrind file into @c. Function names are compressed: "cfn=(id) name" names id the
 * first time, "cfn=(id)" after; a "calls=N ..." line follows each call site. */
static void callgrind_file(FILE *f, struct cg_counts *c)
{
	char line[4096];
	unsigned char *kind = calloc(1 << 20, 1); /* by compressed id */
	int callee = 0;
	double summary = -1, totals = -1;
	while (fgets(line, sizeof(line), f)) {
		if (!strncmp(line, "summary:", 8)) {
			summary = strtod(line + 8, NULL);
		} else if (!strncmp(line, "totals:", 7)) {
			totals = strtod(line + 7, NULL);
		} else if (!strncmp(line, "fn=(", 4) || !strncmp(line, "cfn=(", 5)) {
			char *p = strchr(line, '(') + 1;
			long id = strtol(p, &p, 10);
			int k = 0;
			if (id >= 0 && id < (1 << 20)) {
				if (*p == ')' && p[1] == ' ')
					kind[id] = (unsigned char)counted(p + 2);
				k = kind[id];
			}
			callee = line[0] == 'c' ? k : 0;
		} else if (!strncmp(line, "calls=", 6)) {
			double n = strtod(line + 6, NULL);
			if (callee == 1)
				c->steps += n;
			else if (callee == 2)
				c->simcalls += n;
			else if (callee == 3)
				c->wakes += n;
			callee = 0;
		}
	}
	if (summary >= 0 || totals >= 0) /* the same total, under either name */
		c->ir += summary >= 0 ? summary : totals;
	free(kind);
}

/* The counts of every callgrind file named @prefix.*, summed; unlinks them. ir 0 when none
 * was found. */
static struct cg_counts callgrind_sum(const char *prefix)
{
	struct cg_counts c = { 0 };
	const char *slash = strrchr(prefix, '/');
	char dir[4096];
	snprintf(dir, sizeof(dir), "%.*s", (int)(slash - prefix), prefix);
	const char *base = slash + 1;
	size_t nb = strlen(base);
	DIR *d = opendir(dir);
	if (!d)
		return c;
	struct dirent *e;
	while ((e = readdir(d))) {
		if (strncmp(e->d_name, base, nb) || e->d_name[nb] != '.')
			continue;
		char path[8192];
		snprintf(path, sizeof(path), "%s/%s", dir, e->d_name);
		FILE *f = fopen(path, "r");
		if (f) {
			callgrind_file(f, &c);
			fclose(f);
		}
		unlink(path);
	}
	closedir(d);
	return c;
}

static void cg_prefix(char *buf, size_t n, const char *what)
{
	snprintf(buf, n, "/tmp/vriosim-bench-cg.%ld.%s", (long)getpid(), what);
}

/* vriosim-simloop @mode ("": sleeps) @num as argv[@k...], NULL-terminated. */
static void simloop_args(const char **argv, int k, const struct bench_opts *o, const char *mode,
			 const char *num)
{
	argv[k++] = o->simloop;
	if (*mode)
		argv[k++] = mode;
	argv[k++] = num;
	argv[k] = NULL;
}

/* Instructions of vriosim-simloop @mode for @n loops under callgrind (0: not measured). */
static double primitive_ir(const struct bench_opts *o, const char *mode, long n)
{
	char prefix[256], cg[300], num[32];
	cg_prefix(prefix, sizeof(prefix), "simloop");
	snprintf(cg, sizeof(cg), "--callgrind-out-file=%s.%%p", prefix);
	snprintf(num, sizeof(num), "%ld", n);
	const char *argv[8] = { o->valgrind, "--tool=callgrind", cg };
	simloop_args(argv, 3, o, mode, num);
	struct bench_sample s;
	int rc = bench_exec(argv, "/dev/null", &s);
	double ir = callgrind_sum(prefix).ir;
	return rc ? 0 : ir;
}

/* Instructions per loop of @mode: 2L loops minus L, L a tenth of the timed runs' loops (0: not
 * measured). */
static double primitive_ir_per(const struct bench_opts *o, const char *mode)
{
	long l = o->prim_loops / 10;
	double a = primitive_ir(o, mode, l), b = primitive_ir(o, mode, 2 * l);
	return a > 0 && b > a ? (b - a) / l : 0;
}

/* CPU seconds of one run of vriosim-simloop @mode for @n loops; -1 if it cannot run. */
static double primitive_run(const struct bench_opts *o, const char *mode, long n)
{
	char num[32];
	snprintf(num, sizeof(num), "%ld", n);
	const char *argv[4];
	simloop_args(argv, 0, o, mode, num);
	struct bench_sample s;
	if (bench_exec(argv, "/dev/null", &s)) {
		fprintf(stderr, "vriosim-bench: cannot run %s %s\n", o->simloop, mode);
		return -1;
	}
	return s.cpu_s;
}

int bench_primitive(const struct bench_opts *o, struct bench_primitive *prim)
{
	memset(prim, 0, sizeof(*prim));
	double cpu[50];
	for (int r = 0; r < o->repeats; r++)
		if ((cpu[r] = primitive_run(o, "", o->prim_loops)) < 0)
			return -1;
	prim->ns_per_sleep = bench_median(cpu, o->repeats) / o->prim_loops * 1e9;
	/* The floor: the least CPU of REPEATS runs (a busy machine only adds to a fixed piece of
	 * work), its six kinds of run taken in turn so that a busy spell does not fall on one
	 * kind; start-up (loading SimGrid, ~60 ms) taken out as the least of runs of one loop. */
	const char *modes[3] = { "--step", "--wake", "--timer" };
	double least[3][2];
	for (int m = 0; m < 3; m++)
		least[m][0] = least[m][1] = INFINITY;
	for (int r = 0; r < o->repeats; r++)
		for (int m = 0; m < 3; m++)
			for (int k = 0; k < 2; k++) {
				double c = primitive_run(o, modes[m], k ? o->prim_loops : 1);
				if (c < 0)
					return -1;
				least[m][k] = fmin(least[m][k], c);
			}
	double per[3];
	for (int m = 0; m < 3; m++)
		per[m] = least[m][1] > least[m][0] ?
				 (least[m][1] - least[m][0]) / o->prim_loops * 1e9 : 0;
	prim->step_ns = per[0];
	prim->wake_ns = per[1] > per[0] ? per[1] - per[0] : 0;
	prim->timer_ns = per[2];
	if (o->valgrind) {
		prim->ir_per_sleep = primitive_ir_per(o, "");
		prim->step_ir = primitive_ir_per(o, "--step");
		double w = primitive_ir_per(o, "--wake");
		prim->wake_ir = w > prim->step_ir ? w - prim->step_ir : 0;
		prim->timer_ir = primitive_ir_per(o, "--timer");
	}
	return 0;
}

int bench_case(const struct bench_opts *o, const struct bench_case *c,
	       const struct bench_primitive *prim, struct bench_result *r)
{
	double wall[50], cpu[50], rss[50], cpu0[50];
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
	/* The same run ended just after its warm-up: what every run pays before it measures. */
	double base_done = 0;
	for (int k = 0; k < o->repeats; k++) {
		struct bench_sample s;
		if (bench_run_case(o, c, c->warmup_s + 1e-6, NULL, &s))
			return -1;
		cpu0[k] = s.cpu_s;
		base_done = s.completed;
	}
	r->repeats = o->repeats;
	r->base_cpu_s = bench_median(cpu0, o->repeats);
	r->wall_s = bench_median(wall, o->repeats);
	r->cpu_s = bench_median(cpu, o->repeats);
	r->rss_mib = bench_median(rss, o->repeats);
	r->per_wall_s = r->completed / r->wall_s;
	r->per_cpu_s = r->completed / r->cpu_s;
	if (r->cpu_s > r->base_cpu_s && r->completed > base_done)
		r->net_per_cpu_s = (r->completed - base_done) / (r->cpu_s - r->base_cpu_s);
	r->sleeps_per_req =
		prim->ns_per_sleep > 0 ? r->cpu_s / r->completed * 1e9 / prim->ns_per_sleep : 0;
	if (o->valgrind && c->ir_slice_s > 0) {
		char prefix[256];
		struct cg_counts cg[2];
		double done[2];
		for (int k = 0; k < 2; k++) {
			struct bench_sample s;
			cg_prefix(prefix, sizeof(prefix), c->name);
			int rc = bench_run_case(o, c, c->warmup_s + (k + 1) * c->ir_slice_s, prefix, &s);
			cg[k] = callgrind_sum(prefix);
			done[k] = s.completed;
			if (rc || cg[k].ir <= 0)
				return 0; /* no instruction count; the timings stand */
		}
		double dn = done[1] - done[0];
		if (dn > 0 && cg[1].ir > cg[0].ir) {
			r->ir_per_req = (cg[1].ir - cg[0].ir) / dn;
			r->steps_per_req = (cg[1].steps - cg[0].steps) / dn;
			r->simcalls_per_req = (cg[1].simcalls - cg[0].simcalls) / dn;
			r->wakes_per_req = (cg[1].wakes - cg[0].wakes) / dn;
			double floor_ir = r->steps_per_req * prim->step_ir +
					  r->wakes_per_req * prim->wake_ir;
			double floor_ns = r->steps_per_req * prim->step_ns +
					  r->wakes_per_req * prim->wake_ns;
			if (prim->step_ir > 0)
				r->floor_share = floor_ir / r->ir_per_req;
			/* The ceiling two ways: at the case's own speed per instruction, with only
			 * the floor's share of its instructions left; and at the primitive's
			 * nanoseconds (its engine runs alone, its caches warm: faster). */
			if (r->floor_share > 0 && r->net_per_cpu_s > 0)
				r->ceiling_per_cpu_s = r->net_per_cpu_s / r->floor_share;
			if (floor_ns > 0)
				r->ceiling_prim_per_cpu_s = 1e9 / floor_ns;
		}
	}
	return 0;
}
