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

/* One simulation in a child process; its record through a pipe. 0, or -1 with rec->res.error (or
 * errno, when no child could be made). */
static int run_child(const struct vs_params *p, struct run_record *rec, const char *trace_part)
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
		int rc = simulate_one(p, &r, trace_part);
		/* Metric names are static strings of this same program image: valid in the parent. */
		if (pipe_full(fds[1], &r, sizeof(r), true))
			_exit(3);
		_exit(rc ? 1 : 0);
	}
	close(fds[1]);
	int got = pipe_full(fds[0], rec, sizeof(*rec), false);
	close(fds[0]);
	int raw;
	while (waitpid(pid, &raw, 0) < 0 && errno == EINTR)
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

int runner_run(const struct scenario *s, struct run_record *runs, const char *trace_path,
	       char *err, size_t errn)
{
	int reps = s->p.replications, n = s->n_models * reps, rc = 0;
	struct trace_join tj = { NULL, 0 };
	if (trace_path) {
		tj.parts = calloc((size_t)n, sizeof(*tj.parts));
		if (!tj.parts) {
			snprintf(err, errn, "no memory for %d trace part names", n);
			return -1;
		}
	}
	for (int mi = 0; mi < s->n_models && !rc; mi++) {
		for (int r = 0; r < reps && !rc; r++) {
			struct run_record *rec = &runs[mi * reps + r];
			struct vs_params p = s->p;
			p.kind = s->models[mi];
			p.replication = r;
			char *part = NULL;
			if (trace_path) {
				snprintf(tj.parts[tj.n], sizeof(tj.parts[0]), "%s.part%d.%ld", trace_path,
					 tj.n, (long)getpid());
				part = tj.parts[tj.n++];
			}
			if (run_child(&p, rec, part)) {
				snprintf(err, errn, "%s: model %s, replication %d: %s", s->path,
					 vs_model_name(p.kind), r,
					 rec->res.error[0] ? rec->res.error : strerror(errno));
				rc = -1;
			}
			rec->model = p.kind;
			rec->replication = r;
		}
	}
	if (trace_path) {
		if (!rc && fs_atomic_write(trace_path, fill_trace, &tj)) {
			snprintf(err, errn, "%s: cannot write the trace (%s)", trace_path, strerror(errno));
			rc = -1;
		}
		for (int i = 0; i < tj.n; i++)
			unlink(tj.parts[i]);
		free(tj.parts);
	}
	return rc;
}
