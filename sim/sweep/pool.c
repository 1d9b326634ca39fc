/*
 * pool — children, slots and signals.
 */
#define _GNU_SOURCE
#include "pool.h"

#include <errno.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/statvfs.h>
#include <time.h>
#include <unistd.h>

#include "fsutil.h"
#include "merge.h"
#include "spawn.h"
#include "sweepdir.h"

static volatile sig_atomic_t sweep_stop;

static void on_signal(int sig) { sweep_stop = sig; }

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
	char path[PATH_MAX], log[PATH_MAX];
	sweepdir_point_path(path, sizeof(path), spec->dir, pt->name, NULL);
	if (fs_mkdir_p(path))
		return -1;
	/* A point being re-run is not done until it succeeds again. */
	sweepdir_point_path(path, sizeof(path), spec->dir, pt->name, "params.txt");
	unlink(path);
	sweepdir_point_path(log, sizeof(log), spec->dir, pt->name, "log.txt");
	struct argv_buf b;
	if (build_argv(&b, plan, spec, pt))
		return -1;
	struct spawn_opts o = {
		.argv = (const char *const *)b.argv,
		.file = "/proc/self/exe",
		.out = log,
		.err = log,
		.default_signals = true,
		.exec_fail = "vriosim sweep: cannot exec /proc/self/exe",
	};
	int rc = spawn_start(&o, pid);
	free_argv(&b);
	if (rc) {
		errno = -rc;
		return -1;
	}
	return 0;
}

/* The last non-empty line of a point's log: what went wrong, in the run's own words. When
 * there is none (a full disk: the run could not write its message either), why not. */
static void last_log_line(const char *dir, const struct sweep_point *pt, char *out, size_t n)
{
	char path[PATH_MAX];
	sweepdir_point_path(path, sizeof(path), dir, pt->name, "log.txt");
	char *text = fs_slurp(path, 0, NULL);
	int e = text ? 0 : errno;
	size_t len = text ? strlen(text) : 0;
	while (len && (text[len - 1] == '\n' || text[len - 1] == '\r'))
		text[--len] = 0;
	if (len) {
		char *nl = strrchr(text, '\n');
		snprintf(out, n, "%s", nl ? nl + 1 : text);
	} else {
		struct statvfs vfs;
		if (!statvfs(dir, &vfs) && vfs.f_bavail == 0)
			e = ENOSPC;
		snprintf(out, n, "no message: its log.txt is %s%s%s", text ? "empty" : "unreadable",
			 e ? " (" : "", e ? strerror(e) : "");
		if (e)
			snprintf(out + strlen(out), n - strlen(out), ")");
	}
	free(text);
}

/* ======================= the pool ======================= */

/* Children in flight, one per slot. */
struct pool {
	const struct sweep_plan *plan;  /* the points */
	const struct sweep_spec *spec;  /* the directory, -j, --force */
	struct sweep_stats *st;         /* counts so far */
	struct progress pg;             /* the progress line */
	pid_t *pids;                    /* per slot: its child (0: free) */
	int *slot_point;                /* per slot: the point its child runs */
	int jobs;                       /* slots */
	int running;                    /* slots in use */
};

/* Start @pt in a free slot (there is one). */
static void pool_start(struct pool *pl, const struct sweep_point *pt)
{
	int slot = 0;
	while (pl->pids[slot])
		slot++;
	pid_t pid;
	if (launch(pl->plan, pl->spec, pt, &pid)) {
		progress_break(&pl->pg);
		fprintf(stderr, "vriosim sweep: point %s failed: cannot start (%s)\n", pt->name,
			strerror(errno));
		pl->st->failed++;
		return;
	}
	pl->pids[slot] = pid;
	pl->slot_point[slot] = pt->index;
	pl->running++;
}

/* Child @pid ended with @status: count its point, done or failed. */
static void pool_finish(struct pool *pl, pid_t pid, const struct spawn_status *status)
{
	int slot = 0;
	while (slot < pl->jobs && pl->pids[slot] != pid)
		slot++;
	if (slot == pl->jobs)
		return; /* not ours (a plot, say) */
	pl->pids[slot] = 0;
	pl->running--;
	const char *dir = pl->spec->dir;
	const struct sweep_point *pt = &pl->plan->points[pl->slot_point[slot]];
	char path[PATH_MAX];
	sweepdir_point_path(path, sizeof(path), dir, pt->name, "summary.csv");
	bool ran = spawn_succeeded(status) && !access(path, R_OK);
	bool ok = ran && !sweepdir_mark_done(dir, pt->name, pt->stamp);
	if (ok) {
		pl->st->ran++;
	} else if (!sweep_stop) {
		char msg[512], how[32];
		if (ran)
			snprintf(msg, sizeof(msg), "its results are written but its params.txt is not (%s)",
				 strerror(errno));
		else
			last_log_line(dir, pt, msg, sizeof(msg));
		progress_break(&pl->pg);
		fprintf(stderr, "vriosim sweep: point %s failed (%s): %s\n", pt->name,
			spawn_describe(status, how, sizeof(how)), msg);
		pl->st->failed++;
	}
	progress_show(&pl->pg, pl->st, pl->st->ran + pl->st->failed, true);
}

/* Run the points todo[0..n_todo) until done or interrupted. */
static void pool_run(struct pool *pl, const int *todo, int n_todo)
{
	int next = 0;
	progress_show(&pl->pg, pl->st, 0, true);
	while ((next < n_todo || pl->running) && !sweep_stop) {
		while (next < n_todo && pl->running < pl->jobs && !sweep_stop)
			pool_start(pl, &pl->plan->points[todo[next++]]);
		pid_t pid;
		struct spawn_status status;
		int got = spawn_reap(&pid, &status);
		if (got == -ECHILD)
			break; /* cannot happen while running > 0; do not spin */
		if (got <= 0) {
			struct timespec ts = { 0, 20 * 1000 * 1000 };
			nanosleep(&ts, NULL);
			progress_show(&pl->pg, pl->st, pl->st->ran + pl->st->failed, false);
			continue;
		}
		pool_finish(pl, pid, &status);
	}
	if (sweep_stop) {
		/* Interrupted: stop what runs; its point stays not-done, so a re-run redoes it. */
		for (int i = 0; i < pl->jobs; i++)
			if (pl->pids[i])
				kill(pl->pids[i], SIGTERM);
		for (int i = 0; i < pl->jobs; i++) {
			struct spawn_status ignored;
			if (pl->pids[i])
				spawn_wait(pl->pids[i], &ignored);
		}
		pl->st->interrupted = true;
	}
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
	pl.jobs = spec->jobs > 0 ? spec->jobs : 1;
	int *todo = calloc((size_t)plan->n_points + 1, sizeof(int));
	pl.pids = calloc((size_t)pl.jobs, sizeof(pid_t));
	pl.slot_point = calloc((size_t)pl.jobs, sizeof(int));
	if (!todo || !pl.pids || !pl.slot_point) {
		fprintf(stderr, "vriosim sweep: no memory for %d points and %d slots\n", plan->n_points,
			pl.jobs);
		goto out;
	}
	int n_todo = select_points(plan, spec, only, st, todo);

	struct sigaction sa = { .sa_handler = on_signal }, old_int, old_term, old_hup;
	sigemptyset(&sa.sa_mask);
	sweep_stop = 0;
	sigaction(SIGINT, &sa, &old_int);
	sigaction(SIGTERM, &sa, &old_term);
	sigaction(SIGHUP, &sa, &old_hup);
	pool_run(&pl, todo, n_todo);
	sigaction(SIGINT, &old_int, NULL);
	sigaction(SIGTERM, &old_term, NULL);
	sigaction(SIGHUP, &old_hup, NULL);
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
	free(pl.pids);
	free(pl.slot_point);
	return rc;
}
