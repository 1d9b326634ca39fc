/*
 * runner — fork, simulate, collect.
 */
#define _GNU_SOURCE
#include "runner.h"

#include <errno.h>
#include <limits.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "fsutil.h"
#include "simulate.h"
#include "spawn.h"
#include "version.h"
#include "views.h"

/* All @n bytes through the pipe (@out: written from @buf, else read into it), or -1. */
static int pipe_full(int fd, void *buf, size_t n, bool out)
{
	char *p = buf;
	while (n) {
		ssize_t k = out ? write(fd, p, n) : read(fd, p, n);
		if (k < 0 && errno == EINTR)
			continue;
		if (k <= 0)
			return -1;
		p += k;
		n -= (size_t)k;
	}
	return 0;
}

/* A simulation started in a child process: its pid, and the pipe its record comes through. */
struct child {
	pid_t pid;   /* the child */
	int fd;      /* the read end of its pipe */
};

/* Start one simulation in a child. 0, or -1 with errno. */
static int child_start(const struct vs_params *p, const char *trace_part, const char *views_part,
		       struct child *c)
{
	int fds[2];
	if (pipe(fds))
		return -1;
	fflush(NULL);
	pid_t pid = fork();
	if (pid < 0) {
		int e = errno;
		close(fds[0]);
		close(fds[1]);
		errno = e;
		return -1;
	}
	if (pid == 0) {
		close(fds[0]);
		struct run_record r;
		memset(&r, 0, sizeof(r));
		int rc = simulate_one(p, &r, trace_part, views_part);
		/* Metric names are static strings of this same program image: valid in the parent.
		 * The record fits in a pipe's buffer: several children may finish before the parent
		 * reads any. */
		if (pipe_full(fds[1], &r, sizeof(r), true))
			_exit(3);
		_exit(rc ? 1 : 0);
	}
	close(fds[1]);
	c->pid = pid;
	c->fd = fds[0];
	return 0;
}

/* Its record, then its end. 0, or -1 with rec->res.error. */
static int child_finish(const struct child *c, struct run_record *rec)
{
	int got = pipe_full(c->fd, rec, sizeof(*rec), false);
	close(c->fd);
	int raw;
	while (waitpid(c->pid, &raw, 0) < 0 && errno == EINTR)
		;
	if (got) {
		struct spawn_status st;
		spawn_decode(raw, &st);
		memset(rec, 0, sizeof(*rec));
		if (!st.exited)
			snprintf(rec->res.error, sizeof(rec->res.error), "the simulation died (signal %d)",
				 st.signal);
		else
			snprintf(rec->res.error, sizeof(rec->res.error),
				 "the simulation exited without results (status %d)", st.code);
		return -1;
	}
	return rec->res.error[0] ? -1 : 0;
}

/* One simulation in a child process; its record through a pipe. 0, or -1 with rec->res.error (or
 * errno, when no child could be made). */
static int run_child(const struct vs_params *p, struct run_record *rec, const char *trace_part,
		     const char *views_part)
{
	struct child c;
	if (child_start(p, trace_part, views_part, &c))
		return -1;
	return child_finish(&c, rec);
}

/* The per-request trace: every run wrote its own part; one file, in run order. */
struct trace_join {
	char (*parts)[PATH_MAX + 32]; /* the parts' paths */
	int n;                        /* parts made */
};

static int fill_trace(FILE *f, void *ctx)
{
	struct trace_join *j = ctx;
	fprintf(f, "# %s\n", version_string());
	fputs("model,vcpu,vm,request_id,issue_s,complete_s,latency_us,bytes,resp_bytes,path", f);
	for (int s = 0; s < VS_STAGES; s++)
		fprintf(f, ",%s_us", vs_stage_names[s]);
	fputc('\n', f);
	for (int i = 0; i < j->n; i++)
		if (fs_append_file(f, j->parts[i]))
			return -1;
	return ferror(f) ? -1 : 0;
}

/* Per-run part files (the trace's, the views'): their names, in run order. */
struct parts {
	char (*path)[PATH_MAX + 32]; /* the parts' paths */
	const char **list;           /* the same, as pointers */
	int n;                       /* parts made */
};

static int parts_init(struct parts *pt, bool want, int n)
{
	memset(pt, 0, sizeof(*pt));
	if (!want)
		return 0;
	pt->path = calloc((size_t)n, sizeof(*pt->path));
	pt->list = calloc((size_t)n, sizeof(*pt->list));
	return pt->path && pt->list ? 0 : -1;
}

/* The next part's name: @base.part<N>.<pid>. */
static const char *parts_next(struct parts *pt, const char *base)
{
	if (!pt->path)
		return NULL;
	snprintf(pt->path[pt->n], sizeof(pt->path[0]), "%s.part%d.%ld", base, pt->n, (long)getpid());
	pt->list[pt->n] = pt->path[pt->n];
	return pt->path[pt->n++];
}

static void parts_free(struct parts *pt)
{
	for (int i = 0; i < pt->n; i++)
		unlink(pt->path[i]);
	free(pt->path);
	free(pt->list);
}

int runner_run(const struct scenario *s, struct run_record *runs, const char *trace_path,
	       const char *views_dir, char *err, size_t errn)
{
	int reps = s->p.replications, n = s->n_models * reps, rc = 0;
	struct parts tp, vp;
	char views_base[PATH_MAX];
	if (views_dir)
		snprintf(views_base, sizeof(views_base), "%s/.views", views_dir);
	if (parts_init(&tp, trace_path, n) || parts_init(&vp, views_dir, n)) {
		snprintf(err, errn, "no memory for %d part names", n);
		parts_free(&tp);
		parts_free(&vp);
		return -1;
	}
	for (int mi = 0; mi < s->n_models && !rc; mi++) {
		for (int r = 0; r < reps && !rc; r++) {
			struct run_record *rec = &runs[mi * reps + r];
			struct vs_params p = s->p;
			p.kind = s->models[mi];
			p.replication = r;
			const char *tpart = parts_next(&tp, trace_path);
			const char *vpart = parts_next(&vp, views_base);
			if (run_child(&p, rec, tpart, vpart)) {
				snprintf(err, errn, "%s: model %s, replication %d: %s", s->path,
					 vs_model_name(p.kind), r,
					 rec->res.error[0] ? rec->res.error : strerror(errno));
				rc = -1;
			}
			rec->model = p.kind;
			rec->replication = r;
		}
	}
	struct trace_join tj = { tp.path, tp.n };
	if (!rc && trace_path && fs_atomic_write(trace_path, fill_trace, &tj)) {
		snprintf(err, errn, "%s: cannot write the trace (%s)", trace_path, strerror(errno));
		rc = -1;
	}
	if (!rc && views_dir && views_join(views_dir, vp.list, vp.n, err, errn))
		rc = -1;
	parts_free(&tp);
	parts_free(&vp);
	return rc;
}

int runner_run_jobs(const struct scenario *s, struct run_record *runs, int jobs, char *err,
		    size_t errn)
{
	int reps = s->p.replications, n = s->n_models * reps, rc = 0;
	struct child *kids = calloc((size_t)(jobs > 0 ? jobs : 1), sizeof(*kids));
	if (!kids) {
		snprintf(err, errn, "no memory for %d children", jobs);
		return -1;
	}
	/* Batches of @jobs runs: started together, collected in run order. */
	for (int b = 0; b < n && !rc; b += jobs) {
		int k = 0;
		for (int i = b; i < n && i < b + jobs; i++, k++) {
			struct vs_params p = s->p;
			p.kind = s->models[i / reps];
			p.replication = i % reps;
			runs[i].model = p.kind;
			runs[i].replication = p.replication;
			if (child_start(&p, NULL, NULL, &kids[k])) {
				snprintf(err, errn, "%s: cannot start a simulation (%s)", s->path,
					 strerror(errno));
				rc = -1;
				break;
			}
		}
		for (int j = 0; j < k; j++) {
			struct run_record *rec = &runs[b + j];
			int model = rec->model, rep = rec->replication;
			if (child_finish(&kids[j], rec) && !rc) {
				snprintf(err, errn, "%s: model %s, replication %d: %s", s->path,
					 vs_model_name(model), rep, rec->res.error);
				rc = -1;
			}
			rec->model = model;
			rec->replication = rep;
		}
	}
	free(kids);
	return rc;
}
