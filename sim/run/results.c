/*
 * results — CSV and the table.
 */
#define _GNU_SOURCE
#include "results.h"

#include <errno.h>
#include <limits.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "csvio.h"
#include "fsutil.h"
#include "ci95.h"
#include "version.h"

/* ======================= summary.csv and replications.csv ======================= */

static void fmt_value(char *buf, size_t n, double v) { snprintf(buf, n, "%.10g", v); }

static void row(FILE *f, const char *run_id, const struct scenario *s, int m,
		const char *rep, const char *metric, double v, const char *unit)
{
	char seed[32], val[64];
	snprintf(seed, sizeof(seed), "%llu", (unsigned long long)s->p.seed);
	fmt_value(val, sizeof(val), v);
	csvio_put(f, run_id, false);
	csvio_put(f, s->name, false);
	csvio_put(f, vs_model_name(m), false);
	csvio_put(f, seed, false);
	csvio_put(f, rep, false);
	csvio_put(f, metric, false);
	csvio_put(f, val, false);
	csvio_put(f, unit, true);
}

static void header(FILE *f)
{
	fprintf(f, "# %s\n", version_string());
	fputs("run_id,scenario,model,seed,replication,metric,value,unit\n", f);
}

/* What fill_summary and fill_replications write. */
struct write_ctx {
	const struct scenario *s;      /* the scenario run */
	const struct run_record *runs; /* its runs, model-major */
	int n;                         /* runs */
};

/* Runs of one model, in replication order. */
static int runs_of(const struct write_ctx *c, int m, const struct run_record **out)
{
	int k = 0;
	for (int i = 0; i < c->n; i++)
		if (c->runs[i].model == m)
			out[k++] = &c->runs[i];
	return k;
}

static int fill_summary(FILE *f, void *ctx)
{
	struct write_ctx *c = ctx;
	header(f);
	const struct run_record **rs = calloc((size_t)c->n, sizeof(*rs));
	double *x = calloc((size_t)c->n, sizeof(*x));
	if (!rs || !x) {
		free(rs);
		free(x);
		return -1;
	}
	for (int mi = 0; mi < c->s->n_models; mi++) {
		int m = c->s->models[mi];
		int k = runs_of(c, m, rs);
		char run_id[200];
		snprintf(run_id, sizeof(run_id), "%s-%s", c->s->name, vs_model_name(m));
		char reps[16];
		snprintf(reps, sizeof(reps), k > 1 ? "mean%d" : "0", k);
		for (int j = 0; k && j < rs[0]->res.n; j++) {
			const struct vs_metric *mt = &rs[0]->res.m[j];
			for (int r = 0; r < k; r++)
				x[r] = rs[r]->res.m[j].value;
			double mean, lo, hi;
			ci95_mean(x, (size_t)k, &mean, &lo, &hi);
			row(f, run_id, c->s, m, reps, mt->name, mean, mt->unit);
			if (k > 1) {
				char nm[96];
				snprintf(nm, sizeof(nm), "%s_ci_lo", mt->name);
				row(f, run_id, c->s, m, reps, nm, lo, mt->unit);
				snprintf(nm, sizeof(nm), "%s_ci_hi", mt->name);
				row(f, run_id, c->s, m, reps, nm, hi, mt->unit);
			}
		}
	}
	free(rs);
	free(x);
	return ferror(f) ? -1 : 0;
}

static int fill_replications(FILE *f, void *ctx)
{
	struct write_ctx *c = ctx;
	header(f);
	for (int i = 0; i < c->n; i++) {
		const struct run_record *r = &c->runs[i];
		char run_id[200], rep[16];
		snprintf(run_id, sizeof(run_id), "%s-%s-r%d", c->s->name, vs_model_name(r->model),
			 r->replication);
		snprintf(rep, sizeof(rep), "%d", r->replication);
		for (int j = 0; j < r->res.n; j++)
			row(f, run_id, c->s, r->model, rep, r->res.m[j].name, r->res.m[j].value, r->res.m[j].unit);
	}
	return ferror(f) ? -1 : 0;
}

/* The latency distribution per model: each quantile of vs_cdf_q averaged over the model's
 * replications, with its 95% CI (the mean itself with one replication). */
static int fill_cdf(FILE *f, void *ctx)
{
	struct write_ctx *c = ctx;
	fprintf(f, "# %s\n", version_string());
	fputs("model,quantile,latency_us,latency_us_ci_lo,latency_us_ci_hi\n", f);
	const struct run_record **rs = calloc((size_t)c->n, sizeof(*rs));
	double *x = calloc((size_t)c->n, sizeof(*x));
	if (!rs || !x) {
		free(rs);
		free(x);
		return -1;
	}
	for (int mi = 0; mi < c->s->n_models; mi++) {
		int m = c->s->models[mi];
		int k = runs_of(c, m, rs);
		for (int q = 0; k && q < VS_CDF_POINTS; q++) {
			for (int r = 0; r < k; r++)
				x[r] = rs[r]->res.cdf_us[q];
			double mean, lo, hi;
			ci95_mean(x, (size_t)k, &mean, &lo, &hi);
			fprintf(f, "%s,%.4f,%.10g,%.10g,%.10g\n", vs_model_name(m), vs_cdf_q[q], mean, lo, hi);
		}
	}
	free(rs);
	free(x);
	return ferror(f) ? -1 : 0;
}

int results_write(const char *dir, const struct scenario *s, const struct run_record *runs,
		  int n, char *err, size_t errn)
{
	struct write_ctx c = { s, runs, n };
	char path[PATH_MAX];
	snprintf(path, sizeof(path), "%s/cdf.csv", dir);
	if (fs_atomic_write(path, fill_cdf, &c)) {
		snprintf(err, errn, "%s: cannot write (%s)", path, strerror(errno));
		return -1;
	}
	snprintf(path, sizeof(path), "%s/summary.csv", dir);
	if (fs_atomic_write(path, fill_summary, &c)) {
		snprintf(err, errn, "%s: cannot write (%s)", path, strerror(errno));
		return -1;
	}
	if (s->p.replications > 1) {
		snprintf(path, sizeof(path), "%s/replications.csv", dir);
		if (fs_atomic_write(path, fill_replications, &c)) {
			snprintf(err, errn, "%s: cannot write (%s)", path, strerror(errno));
			return -1;
		}
	}
	return 0;
}

/* ======================= the table ======================= */

int results_mean(const struct run_record *runs, int n, int m, const char *metric,
		 double *mean, const char **unit)
{
	double sum = 0;
	int k = 0;
	for (int i = 0; i < n; i++) {
		if (runs[i].model != m)
			continue;
		for (int j = 0; j < runs[i].res.n; j++)
			if (!strcmp(runs[i].res.m[j].name, metric)) {
				sum += runs[i].res.m[j].value;
				if (unit)
					*unit = runs[i].res.m[j].unit;
				k++;
			}
	}
	*mean = k ? sum / k : 0;
	return k;
}

void results_print_table(FILE *out, const struct scenario *s, const struct run_record *runs, int n)
{
	fprintf(out, "%s — scenario %s, %d model%s, seed %llu, %.3g s simulated (%.3g s warm-up)",
		version_string(), s->name, s->n_models, s->n_models > 1 ? "s" : "",
		(unsigned long long)s->p.seed, s->p.duration_s, s->p.warmup_s);
	if (s->p.replications > 1)
		fprintf(out, ", mean of %d replications", s->p.replications);
	fprintf(out, "\n\n%-20s", "metric");
	for (int mi = 0; mi < s->n_models; mi++)
		fprintf(out, " %13s", vs_model_name(s->models[mi]));
	fprintf(out, "  unit\n");
	/* The schema's table metrics (common/metrics.def), in its order; the CSV has them all. */
	for (int id = 0; id < METRIC_COUNT; id++) {
		const struct metric_def *d = metric_def((enum metric_id)id);
		if (!(d->who & MS_SIM) || !d->table)
			continue;
		const char *unit = "";
		char line[512];
		int len = snprintf(line, sizeof(line), "%-20s", d->name);
		bool any = false;
		for (int mi = 0; mi < s->n_models; mi++) {
			double v;
			if (results_mean(runs, n, s->models[mi], d->name, &v, &unit))
				any = true;
			if (len >= (int)sizeof(line))
				continue;
			if (id == METRIC_bottleneck) /* the resource, then its utilisation */
				len += snprintf(line + len, sizeof(line) - (size_t)len, " %8.8s %4.2f",
						unit, v > 9.99 ? 9.99 : v);
			else
				len += snprintf(line + len, sizeof(line) - (size_t)len,
						fabs(v) >= 1e5 ? " %13.4g" : " %13.3f", v);
		}
		if (any)
			fprintf(out, "%s  %s\n", line, id == METRIC_bottleneck ? "utilisation" : unit);
	}
	for (int mi = 0; mi < s->n_models; mi++) {
		double v;
		const char *unit;
		if (results_mean(runs, n, s->models[mi], "unstable", &v, &unit) && v > 0)
			fprintf(out, "warning: %s is unstable: it dropped requests or messages, or its "
				     "requests in flight grew through the window (the offered load is not "
				     "carried; see drops_* in the CSV)\n", vs_model_name(s->models[mi]));
	}
}
