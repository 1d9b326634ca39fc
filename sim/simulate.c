/*
 * simulate — the models' run entry, plus the trace sink.
 */
#include "simulate.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

struct trace_sink {
	FILE *f;
	const char *model;
};

static void trace_done(void *ctx, const struct vs_completion *c)
{
	struct trace_sink *t = ctx;
	fprintf(t->f, "%s,%d,%d,%llu,%.9f,%.9f,%.3f,%u,%u,%s\n", t->model, c->vcpu, c->vm,
		(unsigned long long)c->id, c->t_issue, c->t_done, (c->t_done - c->t_issue) * 1e6,
		c->bytes, c->resp_bytes, c->path);
}

int simulate_one(const struct vs_params *p, struct vs_results *res, const char *trace_path)
{
	struct trace_sink sink = { NULL, vs_model_name(p->kind) };
	struct vs_observer obs = { trace_done, &sink };
	if (trace_path) {
		sink.f = fopen(trace_path, "w");
		if (!sink.f) {
			memset(res, 0, sizeof(*res));
			snprintf(res->error, sizeof(res->error), "%s: cannot write trace: %s", trace_path,
				 strerror(errno));
			return -1;
		}
	}
	int rc = vs_simulate(p, res, trace_path ? &obs : NULL);
	if (sink.f && fclose(sink.f) && !rc) {
		snprintf(res->error, sizeof(res->error), "%s: write failed", trace_path);
		rc = -1;
	}
	return rc;
}
