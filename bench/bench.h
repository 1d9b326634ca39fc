/*
 * bench — the parts of vriosim-bench: running a case or the primitive and timing it
 * (bench.c), measuring them (bench_measure.c: medians, callgrind), writing the tables
 * (bench_out.c: results.csv, history.csv).
 */
#ifndef VRIOSIM_BENCH_H
#define VRIOSIM_BENCH_H

#include <stdbool.h>

struct bench_case {
	const char *name;     /* case name */
	const char *scenario; /* file in BENCH_DIR */
	const char *model;    /* model.kind */
	int vms;              /* VMs in the rack (for the table) */
	double warmup_s;      /* its run.warmup_s (the callgrind runs keep it) */
	double ir_slice_s;    /* simulated seconds per callgrind slice (0: no instruction count) */
};

struct bench_opts {
	const char *vriosim, *simloop, *dir;
	const char *valgrind; /* NULL: no instruction counts */
	int repeats;
	long prim_loops;      /* the primitives' timed runs (callgrind: a tenth and a fifth) */
};

/* One process run. */
struct bench_sample {
	double wall_s, cpu_s, rss_mib;
	double completed;     /* requests completed (cases) */
};

/* The raw SimGrid primitive and vriosim's engine floor (vriosim-simloop), measured in this
 * session. */
struct bench_primitive {
	double ns_per_sleep;  /* median CPU ns per sleep */
	double ir_per_sleep;  /* instructions per sleep (callgrind; 0: not measured) */
	double step_ns, step_ir; /* one engine time step of vriosim's (--step): CPU ns (least of
				  * the runs, start-up taken out) and instructions (0: not measured) */
	double wake_ns, wake_ir; /* one wake on top of a step (--wake minus --step) */
	double timer_ns, timer_ir; /* one bare kernel-timer step, no actor (--timer) */
};

/* A case's medians. */
struct bench_result {
	const struct bench_case *c;
	int repeats;
	double completed, wall_s, cpu_s, rss_mib;
	double per_wall_s, per_cpu_s;  /* simulated requests per wall- and CPU-second */
	double base_cpu_s;             /* CPU of the same run ended 1 us after its warm-up: start-up
					* (loading SimGrid and its libraries), the rack's building,
					* the warm-up (median of as many runs) */
	double net_per_cpu_s;          /* requests per CPU-second net of that: the difference of
					* requests over the difference of CPU (0: not measurable) */
	double ir_per_req;             /* instructions per request (0: not measured) */
	double steps_per_req;          /* SimGrid engine time steps per request (callgrind) */
	double simcalls_per_req;       /* simcalls the engine handled per request (callgrind) */
	double wakes_per_req;          /* actors answered by a waker (rung now) per request
					* (callgrind: calls to ktimer's answer_woken) */
	double floor_share;            /* of Ir/req, what steps/req engine steps and wakes/req
					* wakes cost at the least (the primitive's --step, --wake) */
	double ceiling_per_cpu_s;      /* requests per CPU-second if the model's own work were
					* free, at the case's speed: net_per_cpu_s / floor_share */
	double ceiling_prim_per_cpu_s; /* the same at the primitive's speed: 1 / (steps x step ns
					* + wakes x wake ns) */
	double sleeps_per_req;         /* CPU per request over the primitive's CPU per sleep */
};

/* Run @argv (stdout to @out, NULL: ours; stderr discarded), timing it and its children. 0,
 * or negative when it could not run or did not exit 0. */
int bench_exec(const char *const *argv, const char *out, struct bench_sample *s);
/* Run case @c once (@duration_s > 0: with run.duration_s set to it; @valgrind_out: under
 * callgrind, its files named after it). 0 or -1. */
int bench_run_case(const struct bench_opts *o, const struct bench_case *c, double duration_s,
		   const char *valgrind_out, struct bench_sample *s);
double bench_median(double *v, int n);

/* Measure the primitive; 0 or -1. */
int bench_primitive(const struct bench_opts *o, struct bench_primitive *prim);
/* Measure case @c into @r; 0 or -1. */
int bench_case(const struct bench_opts *o, const struct bench_case *c,
	       const struct bench_primitive *prim, struct bench_result *r);

/* results.csv: one row per case measured. 0 or -1. */
int bench_write_results(const char *path, const struct bench_result *r, int n,
			const struct bench_primitive *prim);
/* history.csv: one line per commit and case measured (a line of @commit for the same case
 * already there is replaced), with the date and the primitive's figures. 0 or -1. */
int bench_write_history(const char *path, const char *commit, const struct bench_result *r, int n,
			const struct bench_primitive *prim);

#endif
