/*
 * sweep — the cartesian product of a scenario's axes, one `vriosim run` process per point.
 *
 * A sweep lives in one directory:
 *   DIR/sweep.plan.csv        the points: index, run directory, stamp hash, one column per axis
 *   DIR/runs/<name>/          one point: summary.csv (+ replications.csv) from `vriosim run`,
 *                             log.txt (its stdout/stderr), params.txt (the stamp, written last)
 *   DIR/sweep.csv             every point's summary rows, one column per axis (merge.h)
 *
 * The stamp of a point is the version line plus every resolved scenario key; a point whose
 * params.txt equals its stamp and whose summary.csv exists is done and is skipped on a re-run
 * (resume). Points run in any order and in parallel; sweep.csv is assembled afterwards in plan
 * order, so its bytes do not depend on -j or timing.
 */
#ifndef VRIOSIM_SWEEP_H
#define VRIOSIM_SWEEP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "scenario.h"

#define SWEEP_MAX_SETS 256
#define SWEEP_PLAN "sweep.plan.csv"
#define SWEEP_CSV "sweep.csv"

/* What the user asked for. */
struct sweep_spec {
	const char *file;                  /* scenario file (NULL: the built-in default) */
	const char *sets[SWEEP_MAX_SETS];  /* --set overrides applied to every point */
	int n_sets;
	const char *cli_axes[SCN_MAX_AXES]; /* --axis section.key=v1,v2 (replace a file axis of that key) */
	int n_cli_axes;
	const char *dir;                   /* output directory */
	int jobs;                          /* parallel runs (>= 1) */
	int progress;                      /* -1: when stderr is a tty, 0: never, 1: always */
	bool quiet;                        /* no closing line on stderr */
	bool force;                        /* re-run points that are up to date */
};

/* One point of the product. */
struct sweep_point {
	int index;                         /* in plan order: first axis varies slowest */
	char name[256];                    /* its directory under DIR/runs */
	const char *values[SCN_MAX_AXES];  /* one per axis (borrowed from the plan's axes) */
	char *stamp;                       /* version + resolved keys (NULL if invalid) */
	uint64_t stamp_hash;               /* FNV-1a of stamp */
	char invalid[SCN_ERR_MAX];         /* non-empty: the combination is impossible (why) */
};

struct sweep_plan {
	struct scn_axis axes[SCN_MAX_AXES]; /* owned copies */
	int n_axes;
	struct sweep_point *points;
	int n_points;
	char scenario[128];                /* the scenario's name */
};

/* What a sweep did. */
struct sweep_stats {
	int total, skipped, ran, failed;
	double wall_s;
	bool interrupted;
};

/* Build the plan: load the scenario, apply the sets, combine file and command-line axes, resolve
 * every point. 0, or -1 with @err (an input error: bad key or value, too many points). Impossible
 * combinations are not errors here: they become failed points. */
int sweep_plan_build(struct sweep_plan *plan, const struct sweep_spec *spec, char *err, size_t errn);
void sweep_plan_free(struct sweep_plan *plan);
/* Write DIR/sweep.plan.csv (atomically). 0 or -1 (@err). */
int sweep_plan_write(const struct sweep_plan *plan, const char *dir, char *err, size_t errn);

/* Run every point not yet done (all of them with spec->force), @spec->jobs at a time, then write
 * DIR/sweep.csv. Only point @only when >= 0 (one job of --emit-jobs; no sweep.csv). 0 when every
 * point succeeded, 1 when some failed or the sweep was interrupted (results so far are kept). */
int sweep_execute(const struct sweep_plan *plan, const struct sweep_spec *spec, int only,
		  struct sweep_stats *st);

/* Write one self-contained shell command per point to @path (for GNU parallel, a Slurm array or
 * xargs), and the plan into spec->dir so `vriosim merge` can assemble the results. 0 or -1. */
int sweep_emit_jobs(const struct sweep_plan *plan, const struct sweep_spec *spec, const char *path,
		    char *err, size_t errn);

/* A whole small file as a string (NULL if unreadable; free it). */
char *sweep_slurp(const char *path);
/* FNV-1a 64 of a string (stamps). */
uint64_t sweep_hash(const char *s);

#endif
