/*
 * simulate — the models' run entry, and the trace sink.
 */
#include "simulate.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

/* The per-request trace: one CSV row per completed request. */
struct trace_sink {
	FILE *f;             /* the trace part of this run */
	const char *model;   /* the model's name, first column */
};

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

int simulate_one(const struct vs_params *p, struct run_record *rec, const char *trace_path)
{
	memset(&rec->res, 0, sizeof(rec->res));
	struct trace_sink sink = { NULL, vs_model_name(p->kind) };
	struct vs_observer obs = { .done = trace_done, .ctx = &sink };
	if (trace_path) {
		sink.f = fopen(trace_path, "w");
		if (!sink.f) {
			snprintf(rec->res.error, sizeof(rec->res.error), "%s: cannot write trace: %s",
				 trace_path, strerror(errno));
			return -1;
		}
	}
	int rc = vs_simulate(p, &rec->res, trace_path ? &obs : NULL);
	if (sink.f && fclose(sink.f) && !rc) {
		snprintf(rec->res.error, sizeof(rec->res.error), "%s: write failed", trace_path);
		rc = -1;
	}
	return rc;
}
