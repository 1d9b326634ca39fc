/*
 * simulate — the models' run entry, with its observers: the trace sink and the views.
 */
#include "simulate.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "views.h"

/* What watches the completions of one run: the per-request trace and the views. */
struct sinks {
	FILE *trace;         /* the trace part of this run, or NULL */
	const char *model;   /* the model's name, first column */
	struct views *views; /* per-VM, per-host and per-stage accumulators, or NULL */
};

static void trace_row(FILE *f, const char *model, const struct vs_completion *c)
{
	fprintf(f, "%s,%d,%d,%llu,%.9f,%.9f,%.3f,%u,%u,%s", model, c->vcpu, c->vm,
		(unsigned long long)c->id, c->t_issue, c->t_done, (c->t_done - c->t_issue) * 1e6,
		c->bytes, c->resp_bytes, c->path);
	for (int s = 0; s < VS_STAGES; s++)
		fprintf(f, ",%.3f", c->stage_s[s] * 1e6);
	fputc('\n', f);
}

static void done(void *ctx, const struct vs_completion *c)
{
	struct sinks *k = ctx;
	if (k->trace)
		trace_row(k->trace, k->model, c);
	if (k->views)
		views_done(k->views, c);
}

int simulate_one(const struct vs_params *p, struct run_record *rec, const char *trace_path,
		 const char *views_path)
{
	memset(&rec->res, 0, sizeof(rec->res));
	struct sinks k = { NULL, vs_model_name(p->kind), NULL };
	struct vs_observer obs = { done, &k };
	int rc = -1;
	if (trace_path && !(k.trace = fopen(trace_path, "w"))) {
		snprintf(rec->res.error, sizeof(rec->res.error), "%s: cannot write trace: %s",
			 trace_path, strerror(errno));
		return -1;
	}
	if (views_path && !(k.views = views_new(p))) {
		snprintf(rec->res.error, sizeof(rec->res.error), "no memory for the per-VM views");
		goto out;
	}
	rc = vs_simulate(p, &rec->res, k.trace || k.views ? &obs : NULL);
	if (!rc && k.views && views_write_part(k.views, views_path, k.model, p->replication)) {
		snprintf(rec->res.error, sizeof(rec->res.error), "%s: cannot write: %s", views_path,
			 strerror(errno));
		rc = -1;
	}
out:
	if (k.trace && fclose(k.trace) && !rc) {
		snprintf(rec->res.error, sizeof(rec->res.error), "%s: write failed", trace_path);
		rc = -1;
	}
	views_free(k.views);
	return rc;
}
