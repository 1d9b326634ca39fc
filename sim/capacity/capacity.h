/*
 * capacity — `vriosim capacity`: for every model at every point of a sweep's axes, the highest
 * offered load whose latency meets an SLO and whose runs are stable (no drops, no growing
 * queue), found by a bracketing search over an open-loop load (docs/capacity.md).
 *
 * A *job* is one (point, model) search; jobs are planned like a sweep's points (plan.h: the
 * same axes, sets and point names) and run as `vriosim capacity ... --job N` processes, a few
 * at a time (cap_pool.c) or by any external runner (--emit-jobs). Each probe of a search runs
 * the scenario's replications (one process per simulation, runner.h) at one offered rate.
 *
 *   DIR/capacity.plan.csv          job, point, model, dir, stamp hash, one column per axis
 *   DIR/runs/<point>/<model>/      one job: probes.csv (every probe), result.csv (its row),
 *                                  summary.csv + cdf.csv (the runs at the capacity found),
 *                                  log.txt, params.txt (the stamp, written last: done)
 *   DIR/capacity.csv               every job's row, with its point and axes (cap_merge.c)
 *   DIR/capacity.png               capacity against the first numeric axis, per model
 */
#ifndef VRIOSIM_CAPACITY_H
#define VRIOSIM_CAPACITY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "plan.h"

#define CAP_PLAN "capacity.plan.csv"
#define CAP_CSV "capacity.csv"

/* The latency target: a statistic of the summary at most so many microseconds. */
struct cap_slo {
	char stat[8];          /* "p50", "p99", "p999" or "mean" */
	char metric[32];       /* its summary metric: latency_p99_us, ... */
	double us;             /* the bound */
	char text[64];         /* as written: "p99=200us" */
};

/* What the user asked for. */
struct cap_spec {
	struct sweep_spec sweep;  /* file, sets, axes, output directory, -j, quiet, force */
	struct cap_slo slo;       /* --slo */
	double precision;         /* stop bisecting at hi/lo - 1 <= this (--precision) */
	double start;             /* first rate per queue (--start; 0: the scenario's) */
	double max;               /* stop growing beyond this rate per queue (--max) */
	int rep_jobs;             /* replications run at once inside one job (--rep-jobs) */
};

/* One (point, model) search. */
struct cap_job {
	int index;                /* in plan order: points in sweep order, then models */
	int point;                /* index into the sweep plan's points */
	int model;                /* VS_VOCAB_MODEL */
	char name[300];           /* <point>/<model>: its directory under DIR/runs */
	char *stamp;              /* what makes its result what it is (owned) */
	uint64_t stamp_hash;      /* sweepdir_hash(stamp) */
	char invalid[512];        /* non-empty: the combination is impossible (why) */
};

/* Every job of a capacity run. */
struct cap_plan {
	struct sweep_plan sweep;  /* the points */
	struct cap_job *jobs;     /* n_jobs, in plan order (owned) */
	int n_jobs;               /* entries in jobs[] */
	char note[256];           /* how the workload was made open-loop ("" when it was) */
};

/* ---- cap_plan.c ---- */

/* --slo "p99=200us" (p50, p99, p999 or mean; us or ms) into @slo. 0, or -1 with @err. */
int cap_slo_parse(const char *text, struct cap_slo *slo, char *err, size_t errn);
/* Plan the jobs. 0, or -1 with @err (an input error: bad key, a workload without an open-loop
 * form). */
int cap_plan_build(struct cap_plan *cp, const struct cap_spec *spec, char *err, size_t errn);
void cap_plan_free(struct cap_plan *cp);
/* Job @j's scenario into @s: the point's, with its model, the workload made open-loop. Not
 * checked (the rate is set per probe). 0, or -1 with @err. */
int cap_job_scenario(const struct cap_plan *cp, const struct cap_spec *spec,
		     const struct cap_job *j, struct scenario *s, char *err, size_t errn);
/* Write DIR/capacity.plan.csv (atomically), making DIR/runs. 0, or -1 with @err. */
int cap_plan_write(const struct cap_plan *cp, const char *dir, char *err, size_t errn);
/* Write one command per job to @path (--emit-jobs), and the plan. 0, or -1 with @err. */
int cap_emit_jobs(const struct cap_plan *cp, const struct cap_spec *spec, const char *path,
		  char *err, size_t errn);

/* ---- cap_search.c ---- */

/* Run job @j's search (in this process; its simulations in children), write its files. 0, or
 * -1 with the reason on stderr. */
int cap_search(const struct cap_plan *cp, const struct cap_spec *spec, const struct cap_job *j);

/* ---- cap_pool.c ---- */

/* Run every job not yet done (all with --force), spec->sweep.jobs processes at a time, then
 * assemble DIR/capacity.csv. Only job @only when >= 0 (what an emitted command does: in this
 * process, no capacity.csv). The exit code: 0 all succeeded, 1 some failed or interrupted. */
int cap_execute(const struct cap_plan *cp, const struct cap_spec *spec, int only);

/* ---- cap_merge.c ---- */

/* Write DIR/capacity.csv from DIR/capacity.plan.csv and the jobs' result.csv. Jobs not done
 * are counted in @missing (named on stderr with @report). 0 if written, -1 with @err. */
int cap_merge(const char *dir, bool report, int *missing, char *err, size_t errn);
/* Print DIR/capacity.csv as a table on @out. */
int cap_print(const char *dir, char *err, size_t errn);
/* The cheapest row of DIR/capacity.csv (by cost_usd) whose capacity reaches @load (req/s, or
 * Gb/s with @gbps), printed. 0 found, 1 none reaches it, -1 (@err). */
int cap_cheapest(const char *dir, double load, bool gbps, char *err, size_t errn);
/* --load "500k", "1.2M" (req/s) or "8Gbps", "8Gb/s" into @load, @gbps. 0, or -1 with @err. */
int cap_load_parse(const char *text, double *load, bool *gbps, char *err, size_t errn);

/* ---- cap_plot.c ---- */

/* DIR/capacity.dat and DIR/capacity.<format> (@formats: comma list of png, pdf, svg): capacity
 * against the first numeric axis (or @xkey), a line per model; axis-independent models drawn
 * once as a reference line; Gb/s with the line rate for streams. 0, or -1 with @err. */
int cap_plot(const char *dir, const char *xkey, const char *formats, bool quiet, char *err,
	     size_t errn);

#endif
