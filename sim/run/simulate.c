/*
 * simulate — the models' run entry, and the trace sink.
 */
#include "simulate.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

/* The per-request trace: one CSV row per completed request. */
struct trace_sink {
	FILE *f;             /* the trace part of this run */
	const char *model;   /* the model's name, first column */
	void (*progress)(void *ctx, double t); /* who wants to know how far the run is */
	void *progress_ctx;
};

static void sink_progress(void *ctx, double t)
{
	struct trace_sink *s = ctx;
	s->progress(s->progress_ctx, t);
}

static void trace_done(void *ctx, const struct vs_completion *c)
{
	struct trace_sink *t = ctx;
	fprintf(t->f, "%s,%d,%d,%llu,%.9f,%.9f,%.3f,%u,%u,%s", t->model, c->vcpu, c->vm,
		(unsigned long long)c->id, c->t_issue, c->t_done, (c->t_done - c->t_issue) * 1e6,
		c->bytes, c->resp_bytes, c->path);
	for (int s = 0; s < VS_STAGES; s++)
		fprintf(t->f, ",%.3f", c->stage_s[s] * 1e6);
	fputc('\n', t->f);
}

int simulate_one(const struct vs_params *p, struct run_record *rec, int trace_fd,
		 void (*progress)(void *ctx, double t), void *progress_ctx)
{
	memset(&rec->res, 0, sizeof(rec->res));
	struct trace_sink sink = { NULL, vs_model_name(p->kind), progress, progress_ctx };
	struct vs_observer obs = { .ctx = &sink, .progress = progress ? sink_progress : NULL };
	if (trace_fd >= 0) {
		int fd = dup(trace_fd);
		sink.f = fd >= 0 ? fdopen(fd, "w") : NULL;
		if (!sink.f) {
			snprintf(rec->res.error, sizeof(rec->res.error), "cannot write the trace: %s",
				 strerror(errno));
			if (fd >= 0)
				close(fd);
			return -1;
		}
	}
	obs.done = sink.f ? trace_done : NULL;
	int rc = vs_simulate(p, &rec->res, sink.f || progress ? &obs : NULL);
	if (sink.f) {
		errno = 0;
		int bad = fflush(sink.f) || ferror(sink.f);
		int e = errno ? errno : EIO;
		if (fclose(sink.f) && !bad) {
			bad = 1;
			e = errno;
		}
		if (bad && !rc) {
			snprintf(rec->res.error, sizeof(rec->res.error), "cannot write the trace: %s",
				 strerror(e));
			rc = -1;
		}
	}
	return rc;
}
