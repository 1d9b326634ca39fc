/*
 * cap_pool — run a capacity plan's jobs: each a `vriosim capacity ... --job N` process exec'd
 * from /proc/self/exe (the same command --emit-jobs writes), a few at a time, with its output in
 * the job's log.txt. When fewer jobs than slots run, each job runs its replications that many at
 * a time. SIGINT, SIGTERM or SIGHUP stop the children; what was done is kept.
 */
#define _GNU_SOURCE
#include "capacity.h"

#include <errno.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "fsutil.h"
#include "spawn.h"
#include "sweepdir.h"

static volatile sig_atomic_t cap_stop;

static void on_signal(int sig) { cap_stop = sig; }

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
		const struct scn_axis *ax = &cp->sweep.axes[a];
		const char *sep = ",";
		for (int i = 0; i < ax->n; i++)
			if (strchr(ax->values[i], ','))
				sep = "|";
		size_t len = strlen(ax->key) + 2;
		for (int i = 0; i < ax->n; i++)
			len += strlen(ax->values[i]) + 1;
		if (!keep(b, s = malloc(len)))
			goto fail;
		int k = sprintf(s, "%s=", ax->key);
		for (int i = 0; i < ax->n; i++)
			k += sprintf(s + k, "%s%s", i ? sep : "", ax->values[i]);
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
	char dir[PATH_MAX], log[PATH_MAX + 16];
	sweepdir_point_path(dir, sizeof(dir), spec->sweep.dir, j->name, NULL);
	if (fs_mkdir_p(dir))
		return -1;
	snprintf(log, sizeof(log), "%s/log.txt", dir);
	struct job_argv b;
	if (build_argv(&b, cp, spec, j, rep_jobs))
		return -1;
	struct spawn_opts o = {
		.argv = (const char *const *)b.argv,
		.file = "/proc/self/exe",
		.out = log,
		.err = log,
		.default_signals = true,
		.exec_fail = "vriosim capacity: cannot exec /proc/self/exe",
	};
	int rc = spawn_start(&o, pid);
	free_argv(&b);
	if (rc) {
		errno = -rc;
		return -1;
	}
	return 0;
}

/* The last line of job @j's log: what went wrong, in its own words. */
static void last_line(const struct cap_spec *spec, const struct cap_job *j, char *out, size_t n)
{
	char path[PATH_MAX];
	sweepdir_point_path(path, sizeof(path), spec->sweep.dir, j->name, "log.txt");
	snprintf(out, n, "(no message)");
	char *text = fs_slurp(path, 0, NULL);
	if (!text)
		return;
	size_t len = strlen(text);
	while (len && text[len - 1] == '\n')
		text[--len] = 0;
	char *nl = strrchr(text, '\n');
	if (len)
		snprintf(out, n, "%s", nl ? nl + 1 : text);
	free(text);
}

/* Run the jobs todo[0..n); counts into @ran and @failed. */
static void run_pool(const struct cap_plan *cp, const struct cap_spec *spec, const int *todo, int n,
		     int *ran, int *failed)
{
	int slots = spec->sweep.jobs > 0 ? spec->sweep.jobs : 1;
	if (slots > n)
		slots = n;
	/* Spare slots go to the replications of the jobs that run. */
	int rep_jobs = n && spec->sweep.jobs > n ? spec->sweep.jobs / n : 1;
	pid_t *pids = calloc((size_t)(slots ? slots : 1), sizeof(*pids));
	int *which = calloc((size_t)(slots ? slots : 1), sizeof(*which));
	if (!pids || !which) {
		fprintf(stderr, "vriosim capacity: no memory for %d slots\n", slots);
		*failed += n;
		goto out;
	}
	int next = 0, running = 0;
	while ((next < n || running) && !cap_stop) {
		while (next < n && running < slots && !cap_stop) {
			const struct cap_job *j = &cp->jobs[todo[next++]];
			int slot = 0;
			while (pids[slot])
				slot++;
			if (launch(cp, spec, j, rep_jobs, &pids[slot])) {
				fprintf(stderr, "vriosim capacity: job %s failed: cannot start (%s)\n",
					j->name, strerror(errno));
				pids[slot] = 0;
				(*failed)++;
				continue;
			}
			which[slot] = j->index;
			running++;
		}
		pid_t pid;
		struct spawn_status st;
		int got = spawn_reap(&pid, &st);
		if (got == -ECHILD)
			break;
		if (got <= 0) {
			struct timespec ts = { 0, 20 * 1000 * 1000 };
			nanosleep(&ts, NULL);
			continue;
		}
		int slot = 0;
		while (slot < slots && pids[slot] != pid)
			slot++;
		if (slot == slots)
			continue;
		pids[slot] = 0;
		running--;
		const struct cap_job *j = &cp->jobs[which[slot]];
		if (spawn_succeeded(&st) &&
		    sweepdir_point_done(spec->sweep.dir, j->name, j->stamp_hash)) {
			(*ran)++;
			if (!spec->sweep.quiet)
				fprintf(stderr, "vriosim capacity: job %d/%d done: %s\n", *ran + *failed,
					n, j->name);
		} else if (!cap_stop) {
			char msg[512], how[32];
			last_line(spec, j, msg, sizeof(msg));
			fprintf(stderr, "vriosim capacity: job %s failed (%s): %s\n", j->name,
				spawn_describe(&st, how, sizeof(how)), msg);
			(*failed)++;
		}
	}
	if (cap_stop) {
		for (int i = 0; i < slots; i++)
			if (pids[i])
				kill(pids[i], SIGTERM);
		for (int i = 0; i < slots; i++) {
			struct spawn_status ignored;
			if (pids[i])
				spawn_wait(pids[i], &ignored);
		}
	}
out:
	free(pids);
	free(which);
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
	int n = 0, ran = 0, failed = 0, skipped = 0;
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
	struct sigaction sa = { .sa_handler = on_signal }, old_int, old_term, old_hup;
	sigemptyset(&sa.sa_mask);
	cap_stop = 0;
	sigaction(SIGINT, &sa, &old_int);
	sigaction(SIGTERM, &sa, &old_term);
	sigaction(SIGHUP, &sa, &old_hup);
	run_pool(cp, spec, todo, n, &ran, &failed);
	sigaction(SIGINT, &old_int, NULL);
	sigaction(SIGTERM, &old_term, NULL);
	sigaction(SIGHUP, &old_hup, NULL);
	free(todo);
	if (cap_stop) {
		fprintf(stderr, "vriosim capacity: interrupted; run it again to resume\n");
		return 1;
	}
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
