/*
 * pool — children, slots and signals.
 */
#define _GNU_SOURCE
#include "pool.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "fsutil.h"
#include "merge.h"
#include "procpool.h"
#include "spawn.h"
#include "sweepdir.h"

/* ======================= one point ======================= */

/* The argument vector of `vriosim run` for a point (the strings it made are in @store). */
struct argv_buf {
	char *argv[2 * SWEEP_MAX_SETS + 2 * SCN_MAX_AXES + 16]; /* NULL-terminated */
	char *store[SCN_MAX_AXES + 1];                          /* strings to free */
	int n_store;                                            /* entries in store[] */
};

static void free_argv(struct argv_buf *b)
{
	for (int i = 0; i < b->n_store; i++)
		free(b->store[i]);
	b->n_store = 0;
}

/* 0, or -1 with errno (nothing to free then). */
static int build_argv(struct argv_buf *b, const struct sweep_plan *plan,
		      const struct sweep_spec *spec, const struct sweep_point *pt)
{
	int n = 0;
	b->n_store = 0;
	b->argv[n++] = "vriosim";
	b->argv[n++] = "run";
	if (spec->file)
		b->argv[n++] = (char *)spec->file;
	for (int i = 0; i < spec->n_sets; i++) {
		b->argv[n++] = "--set";
		b->argv[n++] = (char *)spec->sets[i];
	}
	for (int a = 0; a < plan->n_axes; a++) {
		char *s;
		if (asprintf(&s, "%s=%s", plan->axes[a].key, pt->values[a]) < 0)
			goto fail;
		b->store[b->n_store++] = s;
		b->argv[n++] = "--set";
		b->argv[n++] = s;
	}
	char *out = malloc(PATH_MAX);
	if (!out)
		goto fail;
	sweepdir_point_path(out, PATH_MAX, spec->dir, pt->name, NULL);
	b->store[b->n_store++] = out;
	b->argv[n++] = "-o";
	b->argv[n++] = out;
	b->argv[n++] = "-q";
	b->argv[n++] = "--no-plot";
	if (spec->force_runs)
		b->argv[n++] = "--force";
	b->argv[n] = NULL;
	return 0;
fail:
	free_argv(b);
	errno = ENOMEM;
	return -1;
}

/* Start point @pt's run; its pid in @pid. 0, or -1 with errno. */
static int launch(const struct sweep_plan *plan, const struct sweep_spec *spec,
		  const struct sweep_point *pt, pid_t *pid)
{
	char path[PATH_MAX];
	/* A point being re-run is not done until it succeeds again. */
	sweepdir_point_path(path, sizeof(path), spec->dir, pt->name, "params.txt");
	unlink(path);
	struct argv_buf b;
	if (build_argv(&b, plan, spec, pt))
		return -1;
	int rc = sweepdir_point_spawn(spec->dir, pt->name, (const char *const *)b.argv,
				      "vriosim sweep", pid);
	int e = errno;
	free_argv(&b);
	errno = e;
	return rc;
}

/* ======================= the pool ======================= */

/* What the pool's callbacks share. */
struct pool {
	const struct sweep_plan *plan;  /* the points */
	const struct sweep_spec *spec;  /* the directory, -j, --force */
	struct sweep_stats *st;         /* counts so far */
	struct progress pg;             /* the progress line */
};

/* procpool start: point @p's run. */
static int pool_start(void *ctx, int p, pid_t *pid)
{
	struct pool *pl = ctx;
	const struct sweep_point *pt = &pl->plan->points[p];
	if (!launch(pl->plan, pl->spec, pt, pid))
		return 0;
	progress_break(&pl->pg);
	fprintf(stderr, "vriosim sweep: point %s failed: cannot start (%s)\n", pt->name,
		strerror(errno));
	pl->st->failed++;
	return -1;
}

/* procpool done: count point @p, done or failed. */
static void pool_done(void *ctx, int p, const struct spawn_status *status, bool stopping)
{
	struct pool *pl = ctx;
	const char *dir = pl->spec->dir;
	const struct sweep_point *pt = &pl->plan->points[p];
	char path[PATH_MAX];
	sweepdir_point_path(path, sizeof(path), dir, pt->name, "summary.csv");
	bool ran = spawn_succeeded(status) && !access(path, R_OK);
	bool ok = ran && !sweepdir_mark_done(dir, pt->name, pt->stamp);
	if (ok) {
		pl->st->ran++;
	} else if (!stopping) {
		char msg[512], how[32];
		if (ran)
			snprintf(msg, sizeof(msg), "its results are written but its params.txt is not (%s)",
				 strerror(errno));
		else
			sweepdir_point_log_tail(dir, pt->name, msg, sizeof(msg));
		progress_break(&pl->pg);
		fprintf(stderr, "vriosim sweep: point %s failed (%s): %s\n", pt->name,
			spawn_describe(status, how, sizeof(how)), msg);
		pl->st->failed++;
	}
	progress_show(&pl->pg, pl->st, pl->st->ran + pl->st->failed, true);
}

/* procpool idle: keep the progress line moving. */
static void pool_idle(void *ctx)
{
	struct pool *pl = ctx;
	progress_show(&pl->pg, pl->st, pl->st->ran + pl->st->failed, false);
}

/* ======================= the sweep ======================= */

/* The points to run (into @todo); the impossible and the up to date are counted. */
static int select_points(const struct sweep_plan *plan, const struct sweep_spec *spec, int only,
			 struct sweep_stats *st, int *todo)
{
	int n_todo = 0;
	for (int p = 0; p < plan->n_points; p++) {
		const struct sweep_point *pt = &plan->points[p];
		if (only >= 0 && p != only)
			continue;
		st->total++;
		if (pt->invalid[0]) {
			st->failed++;
			fprintf(stderr, "vriosim sweep: point %s failed: %s\n", pt->name, pt->invalid);
		} else if (!spec->force && sweepdir_point_done(spec->dir, pt->name, pt->stamp_hash)) {
			st->skipped++;
		} else {
			todo[n_todo++] = p;
		}
	}
	return n_todo;
}

int sweep_execute(const struct sweep_plan *plan, const struct sweep_spec *spec, int only,
		  struct sweep_stats *st)
{
	memset(st, 0, sizeof(*st));
	struct pool pl = { .plan = plan, .spec = spec, .st = st };
	progress_init(&pl.pg, only < 0 ? spec->progress : 0);
	char err[1024];
	if (only < 0 && sweep_plan_write(plan, spec->dir, err, sizeof(err))) {
		fprintf(stderr, "vriosim sweep: %s\n", err);
		return 1;
	}
	if (only >= 0) {
		char runs[PATH_MAX];
		snprintf(runs, sizeof(runs), "%s/runs", spec->dir);
		if (fs_mkdir_p(runs)) {
			fprintf(stderr, "vriosim sweep: %s: cannot create (%s)\n", runs, strerror(errno));
			return 1;
		}
	}

	int rc = 1;
	int jobs = spec->jobs > 0 ? spec->jobs : 1;
	int *todo = calloc((size_t)plan->n_points + 1, sizeof(int));
	if (!todo) {
		fprintf(stderr, "vriosim sweep: no memory for %d points\n", plan->n_points);
		goto out;
	}
	int n_todo = select_points(plan, spec, only, st, todo);

	progress_show(&pl.pg, st, 0, true);
	struct procpool pp = { .slots = jobs, .ctx = &pl, .start = pool_start, .done = pool_done,
			       .idle = pool_idle };
	int stop = procpool_run(&pp, todo, n_todo);
	if (stop < 0) {
		fprintf(stderr, "vriosim sweep: no memory for %d slots\n", jobs);
		goto out;
	}
	st->interrupted = stop > 0; /* what was running stays not-done: a re-run redoes it */
	progress_break(&pl.pg);
	st->wall_s = progress_now() - pl.pg.t0;

	if (st->interrupted) {
		fprintf(stderr, "vriosim sweep: interrupted after %d of %d points; run it again to "
				"resume\n",
			st->skipped + st->ran, st->total);
		goto out;
	}
	rc = st->failed ? 1 : 0;
	if (only < 0) {
		int missing = 0;
		if (merge_sweep(spec->dir, false, &missing, err, sizeof(err))) {
			fprintf(stderr, "vriosim sweep: %s\n", err);
			rc = 1;
		}
	}
	if (!spec->quiet)
		fprintf(stderr, "vriosim sweep: %d point%s: %d run, %d up to date, %d failed, %.1f s%s%s\n",
			st->total, st->total == 1 ? "" : "s", st->ran, st->skipped, st->failed,
			st->wall_s, only < 0 ? "; wrote " : "", only < 0 ? spec->dir : "");
out:
	free(todo);
	return rc;
}
