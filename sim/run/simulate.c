/*
 * simulate — the models' run entry, with its observers: the trace sink, the views, the
 * progress.
 */
#include "simulate.h"

#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "views.h"

/* What watches one run. */
struct sinks {
	FILE *trace;         /* the trace part of this run, or NULL */
	const char *model;   /* the model's name, first column */
	struct views *views; /* per-VM, per-host, per-stage accumulators and the series, or NULL */
	const struct sim_outputs *o;
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

static void series(void *ctx, const struct vs_series *row)
{
	struct sinks *k = ctx;
	views_series(k->views, row);
}

static void progress(void *ctx, double t)
{
	struct sinks *k = ctx;
	k->o->progress(k->o->progress_ctx, t);
}

/* The trace part, flushed and closed: 0, or the errno of what failed. */
static int trace_close(FILE *f)
{
	errno = 0;
	int bad = fflush(f) || ferror(f);
	int e = bad ? (errno ? errno : EIO) : 0;
	if (fclose(f) && !e)
		e = errno ? errno : EIO;
	return e;
}

int simulate_one(const struct vs_params *p, struct run_record *rec, const struct sim_outputs *o)
{
	static const struct sim_outputs none = { .trace_fd = -1, .views_fd = -1 };
	if (!o)
		o = &none;
	memset(&rec->res, 0, sizeof(rec->res));
	struct sinks k = { NULL, vs_model_name(p->kind), NULL, o };
	int rc = -1;
	if (o->trace_fd >= 0) {
		int fd = dup(o->trace_fd);
		k.trace = fd >= 0 ? fdopen(fd, "w") : NULL;
		if (!k.trace) {
			snprintf(rec->res.error, sizeof(rec->res.error), "cannot write the trace: %s",
				 strerror(errno));
			if (fd >= 0)
				close(fd);
			return -1;
		}
	}
	if (o->views_fd >= 0 && !(k.views = views_new(p))) {
		snprintf(rec->res.error, sizeof(rec->res.error), "no memory for the per-VM views");
		goto out;
	}
	struct vs_observer obs = { .ctx = &k };
	if (k.trace || k.views)
		obs.done = done;
	obs.in_order = k.trace != NULL;
	if (k.views && p->series_ms > 0)
		obs.series = series;
	if (o->progress)
		obs.progress = progress;
	bool watched = obs.done || obs.series || obs.progress;
	rc = vs_simulate(p, &rec->res, watched ? &obs : NULL);
out:
	if (k.trace) { /* first: a trace too large for the disk is what filled it */
		int e = trace_close(k.trace);
		if (e && !rc) {
			snprintf(rec->res.error, sizeof(rec->res.error), "cannot write the trace: %s",
				 strerror(e));
			rc = -1;
		}
	}
	if (!rc && k.views && views_write_part(k.views, o->views_fd, k.model, p->replication)) {
		snprintf(rec->res.error, sizeof(rec->res.error), "cannot write the views: %s",
			 strerror(errno));
		rc = -1;
	}
	views_free(k.views);
	return rc;
}
