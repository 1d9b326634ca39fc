/*
 * cap_pool — run a capacity plan's jobs: each a `vriosim capacity ... --job N` process exec'd
 * from /proc/self/exe (the same command --emit-jobs writes), a few at a time, with its output in
 * the job's log.txt, through procpool. When fewer jobs than slots run, each job runs its
 * replications that many at a time. SIGINT, SIGTERM or SIGHUP stop the children; what was done
 * is kept.
 */
#define _GNU_SOURCE
#include "capacity.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "procpool.h"
#include "spawn.h"
#include "sweepdir.h"

/* The argument vector of job @j's command (strings made here kept in @store, to free). */
struct job_argv {
	char *argv[2 * SWEEP_MAX_SETS + 2 * SCN_MAX_AXES + 32]; /* NULL-terminated */
	char *store[SCN_MAX_AXES + 8];                          /* strings to free */
	int n_store;
};

static void free_argv(struct job_argv *b)
{
	for (int i = 0; i < b->n_store; i++)
		free(b->store[i]);
	b->n_store = 0;
}

/* A string of ours for the vector (NULL: no memory). */
static char *keep(struct job_argv *b, char *s)
{
	if (s)
		b->store[b->n_store++] = s;
	return s;
}

static int build_argv(struct job_argv *b, const struct cap_plan *cp, const struct cap_spec *spec,
		      const struct cap_job *j, int rep_jobs)
{
	const struct sweep_spec *sw = &spec->sweep;
	int n = 0;
	char *s;
	b->n_store = 0;
	b->argv[n++] = "vriosim";
	b->argv[n++] = "capacity";
	if (sw->file)
		b->argv[n++] = (char *)sw->file;
	b->argv[n++] = "--slo";
	b->argv[n++] = (char *)spec->slo.text;
	for (int i = 0; i < sw->n_sets; i++) {
		b->argv[n++] = "--set";
		b->argv[n++] = (char *)sw->sets[i];
	}
	for (int a = 0; a < cp->sweep.n_axes; a++) {
		if (!keep(b, s = scenario_axis_text(&cp->sweep.axes[a])))
			goto fail;
		b->argv[n++] = "--axis";
		b->argv[n++] = s;
	}
	if (asprintf(&s, "%.17g", spec->precision) < 0 || !keep(b, s))
		goto fail;
	b->argv[n++] = "--precision";
	b->argv[n++] = s;
	if (asprintf(&s, "%.17g", spec->start) < 0 || !keep(b, s))
		goto fail;
	b->argv[n++] = "--start";
	b->argv[n++] = s;
	if (asprintf(&s, "%.17g", spec->max) < 0 || !keep(b, s))
		goto fail;
	b->argv[n++] = "--max";
	b->argv[n++] = s;
	if (asprintf(&s, "%d", rep_jobs) < 0 || !keep(b, s))
		goto fail;
	b->argv[n++] = "--rep-jobs";
	b->argv[n++] = s;
	b->argv[n++] = "-o";
	b->argv[n++] = (char *)sw->dir;
	if (asprintf(&s, "%d", j->index) < 0 || !keep(b, s))
		goto fail;
	b->argv[n++] = "--job";
	b->argv[n++] = s;
	b->argv[n] = NULL;
	return 0;
fail:
	free_argv(b);
	errno = ENOMEM;
	return -1;
}

/* Start job @j; its pid into @pid. 0, or -1 with errno. */
static int launch(const struct cap_plan *cp, const struct cap_spec *spec, const struct cap_job *j,
		  int rep_jobs, pid_t *pid)
{
	struct job_argv b;
	if (build_argv(&b, cp, spec, j, rep_jobs))
		return -1;
	int rc = sweepdir_point_spawn(spec->sweep.dir, j->name, (const char *const *)b.argv,
				      "vriosim capacity", pid);
	int e = errno;
	free_argv(&b);
	errno = e;
	return rc;
}

/* What the pool's callbacks share. */
struct cap_run {
	const struct cap_plan *cp;
	const struct cap_spec *spec;
	int rep_jobs;           /* each job's replications at once */
	int n, ran, failed;     /* jobs to run; run and failed so far */
};

/* procpool start: job @i. */
static int run_start(void *ctx, int i, pid_t *pid)
{
	struct cap_run *r = ctx;
	const struct cap_job *j = &r->cp->jobs[i];
	if (!launch(r->cp, r->spec, j, r->rep_jobs, pid))
		return 0;
	fprintf(stderr, "vriosim capacity: job %s failed: cannot start (%s)\n", j->name,
		strerror(errno));
	r->failed++;
	return -1;
}

/* procpool done: count job @i, done or failed. */
static void run_done(void *ctx, int i, const struct spawn_status *st, bool stopping)
{
	struct cap_run *r = ctx;
	const struct cap_job *j = &r->cp->jobs[i];
	const char *dir = r->spec->sweep.dir;
	if (spawn_succeeded(st) && sweepdir_point_done(dir, j->name, j->stamp_hash)) {
		r->ran++;
		if (!r->spec->sweep.quiet)
			fprintf(stderr, "vriosim capacity: job %d/%d done: %s\n", r->ran + r->failed,
				r->n, j->name);
	} else if (!stopping) {
		char msg[512], how[32];
		sweepdir_point_log_tail(dir, j->name, msg, sizeof(msg));
		fprintf(stderr, "vriosim capacity: job %s failed (%s): %s\n", j->name,
			spawn_describe(st, how, sizeof(how)), msg);
		r->failed++;
	}
}

int cap_execute(const struct cap_plan *cp, const struct cap_spec *spec, int only)
{
	char err[1024];
	if (only >= 0) /* one job, here: what an emitted command (or our own pool) runs */
		return cap_search(cp, spec, &cp->jobs[only]) ? 1 : 0;
	if (cap_plan_write(cp, spec->sweep.dir, err, sizeof(err))) {
		fprintf(stderr, "vriosim capacity: %s\n", err);
		return 1;
	}
	int *todo = calloc((size_t)cp->n_jobs + 1, sizeof(*todo));
	if (!todo) {
		fprintf(stderr, "vriosim capacity: no memory for %d jobs\n", cp->n_jobs);
		return 1;
	}
	int n = 0, failed = 0, skipped = 0;
	for (int i = 0; i < cp->n_jobs; i++) {
		const struct cap_job *j = &cp->jobs[i];
		if (j->invalid[0]) {
			fprintf(stderr, "vriosim capacity: job %s failed: %s\n", j->name, j->invalid);
			failed++;
		} else if (!spec->sweep.force &&
			   sweepdir_point_done(spec->sweep.dir, j->name, j->stamp_hash)) {
			skipped++;
		} else {
			todo[n++] = i;
		}
	}
	/* Spare slots go to the replications of the jobs that run. */
	int slots = spec->sweep.jobs > 0 ? spec->sweep.jobs : 1;
	struct cap_run r = { .cp = cp, .spec = spec, .n = n, .failed = failed,
			     .rep_jobs = n && spec->sweep.jobs > n ? spec->sweep.jobs / n : 1 };
	struct procpool pp = { .slots = slots < n ? slots : (n ? n : 1), .ctx = &r,
			       .start = run_start, .done = run_done };
	int stop = procpool_run(&pp, todo, n);
	free(todo);
	if (stop) {
		if (stop < 0)
			fprintf(stderr, "vriosim capacity: no memory for %d slots\n", slots);
		else
			fprintf(stderr, "vriosim capacity: interrupted; run it again to resume\n");
		return 1;
	}
	int ran = r.ran;
	failed = r.failed;
	int missing = 0;
	if (cap_merge(spec->sweep.dir, false, &missing, err, sizeof(err))) {
		fprintf(stderr, "vriosim capacity: %s\n", err);
		return 1;
	}
	if (!spec->sweep.quiet)
		fprintf(stderr, "vriosim capacity: %d job%s: %d run, %d up to date, %d failed; wrote "
				"%s/%s\n",
			cp->n_jobs, cp->n_jobs == 1 ? "" : "s", ran, skipped, failed, spec->sweep.dir,
			CAP_CSV);
	return failed ? 1 : 0;
}
