/*
 * plan — a sweep's points: the cartesian product of a scenario's axes (its [sweep] axis lines
 * and --axis options), each point resolved to its scenario, checked and stamped (sweepdir.h).
 * Running them is pool.h's job, or an external runner's (emit.h).
 */
#ifndef VRIOSIM_PLAN_H
#define VRIOSIM_PLAN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "scenario.h"

#define SWEEP_MAX_SETS 256

/* What the user asked for. */
struct sweep_spec {
	const char *file;                  /* scenario file (NULL: the built-in default) */
	const char *sets[SWEEP_MAX_SETS];  /* --set overrides applied to every point */
	int n_sets;                        /* entries in sets[] */
	const char *cli_axes[SCN_MAX_AXES]; /* --axis section.key=v1,v2 (replace a file axis of that key) */
	int n_cli_axes;                    /* entries in cli_axes[] */
	const char *dir;                   /* output directory */
	int jobs;                          /* parallel runs (>= 1) */
	int progress;                      /* -1: when stderr is a tty, 0: never, 1: always */
	bool quiet;                        /* no closing line on stderr */
	bool force;                        /* re-run points that are up to date */
	bool force_runs;                   /* each run with --force: no cost estimate refusal */
};

/* One point of the product. */
struct sweep_point {
	int index;                         /* in plan order: first axis varies slowest */
	char name[256];                    /* its directory under DIR/runs */
	const char *values[SCN_MAX_AXES];  /* one per axis (borrowed from the plan's axes) */
	char *stamp;                       /* version + resolved keys (owned) */
	uint64_t stamp_hash;               /* sweepdir_hash(stamp) */
	char invalid[SCN_ERR_MAX];         /* non-empty: the combination is impossible (why) */
};

/* Every point of a sweep. */
struct sweep_plan {
	struct scn_axis axes[SCN_MAX_AXES]; /* owned copies */
	int n_axes;                        /* entries in axes[] */
	struct sweep_point *points;        /* n_points, in plan order (owned) */
	int n_points;                      /* the product of the axes' sizes */
	char scenario[128];                /* the scenario's name */
	char note[SCN_ERR_MAX];            /* the first point's warning (a profile's clock), or "" */
};

/* Build the plan: load the scenario, apply the sets, combine file and command-line axes, resolve
 * every point. 0, or -1 with @err (an input error: bad key or value, too many points). Impossible
 * combinations are not errors here: they become failed points. */
int sweep_plan_build(struct sweep_plan *plan, const struct sweep_spec *spec, char *err, size_t errn);
void sweep_plan_free(struct sweep_plan *plan);
/* Point @pt's scenario into @s (loaded; free it with scenario_free): the file, the sets, the
 * point's axis values, not checked. 0, or -1 with @err (a bad key or value). */
int sweep_point_scenario(const struct sweep_plan *plan, const struct sweep_spec *spec,
			 const struct sweep_point *pt, struct scenario *s, char *err, size_t errn);
/* Write DIR/sweep.plan.csv (atomically), making DIR/runs. 0 or -1 (@err). */
int sweep_plan_write(const struct sweep_plan *plan, const char *dir, char *err, size_t errn);

#endif
