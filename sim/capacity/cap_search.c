/*
 * cap_search — one job: the highest offered rate (per queue) whose SLO statistic, averaged over
 * the scenario's replications, meets the bound and whose runs are all stable.
 *
 * Bracket: probe the start rate; double until a probe fails (or halve until one passes); then
 * bisect the bracket geometrically until hi/lo - 1 <= precision. The capacity is the highest
 * passing rate, lo: a load that was run and met the SLO. Its confidence band comes from the
 * replications one by one: each replication's own crossing (interpolated between the probes
 * around it), whose spread gives a t-interval around lo.
 */
#define _GNU_SOURCE
#include "capacity.h"

#include <errno.h>
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "ci95.h"
#include "csvio.h"
#include "fsutil.h"
#include "record.h"
#include "results.h"
#include "runner.h"
#include "sweepdir.h"
#include "version.h"

#define CAP_MAX_PROBES 200

/* One offered rate, run with every replication. */
struct probe {
	double rate;               /* per queue (workload.rate_rps) */
	double offered;            /* the whole rack's offered load, req/s */
	struct run_record *runs;   /* its replications (owned) */
	int n;                     /* replications */
	double lat, lat_lo, lat_hi; /* the SLO statistic: mean and 95% CI over replications (us) */
	double tp_rps, tp_gbps;    /* mean throughput */
	bool unstable;             /* some replication dropped or grew its queue */
	bool pass;                 /* lat <= SLO and stable */
};

/* The job's state. */
struct search {
	const struct cap_spec *spec;
	const struct cap_job *job;
	struct scenario *s;         /* its scenario (the rate set per probe) */
	double weight;              /* queues, weighted by vm_load: offered = rate * weight */
	struct probe probes[CAP_MAX_PROBES];
	int n_probes;
	char err[1024];             /* why the search failed */
};

/* The value of @name in run @r (NAN when absent); its unit into @unit when not NULL. */
static double rec_metric(const struct run_record *r, const char *name, const char **unit)
{
	for (int i = 0; i < r->res.n; i++)
		if (!strcmp(r->res.m[i].name, name)) {
			if (unit)
				*unit = r->res.m[i].unit;
			return r->res.m[i].value;
		}
	return NAN;
}

/* The mean of @name over probe @pr's replications. */
static double pmean(const struct probe *pr, const char *name)
{
	double sum = 0;
	for (int r = 0; r < pr->n; r++)
		sum += rec_metric(&pr->runs[r], name, NULL);
	return pr->n ? sum / pr->n : NAN;
}

static const char *fmt_num(char *buf, size_t n, double v)
{
	snprintf(buf, n, "%.10g", v);
	return buf;
}

/* Run the replications at @rate. The probe, or NULL with s->err. */
static struct probe *probe(struct search *sr, double rate)
{
	for (int i = 0; i < sr->n_probes; i++)
		if (sr->probes[i].rate == rate)
			return &sr->probes[i];
	if (sr->n_probes == CAP_MAX_PROBES) {
		snprintf(sr->err, sizeof(sr->err), "more than %d probes", CAP_MAX_PROBES);
		return NULL;
	}
	char asg[96], serr[SCN_ERR_MAX];
	snprintf(asg, sizeof(asg), "workload.rate_rps=%.17g", rate);
	if (scenario_set(sr->s, asg, serr) || scenario_check(sr->s, serr)) {
		snprintf(sr->err, sizeof(sr->err), "rate %.6g req/s per queue: %s", rate, serr);
		return NULL;
	}
	struct probe *pr = &sr->probes[sr->n_probes];
	memset(pr, 0, sizeof(*pr));
	pr->n = sr->s->p.replications;
	pr->runs = calloc((size_t)pr->n, sizeof(*pr->runs));
	if (!pr->runs) {
		snprintf(sr->err, sizeof(sr->err), "no memory for %d run records", pr->n);
		return NULL;
	}
	if (runner_run_jobs(sr->s, pr->runs, sr->spec->rep_jobs, sr->err, sizeof(sr->err))) {
		free(pr->runs);
		return NULL;
	}
	sr->n_probes++;
	pr->rate = rate;
	pr->offered = rate * sr->weight;
	double *x = calloc((size_t)pr->n, sizeof(*x));
	for (int r = 0; x && r < pr->n; r++) {
		x[r] = rec_metric(&pr->runs[r], sr->spec->slo.metric, NULL);
		pr->unstable |= rec_metric(&pr->runs[r], "unstable", NULL) > 0;
	}
	if (x)
		ci95_mean(x, (size_t)pr->n, &pr->lat, &pr->lat_lo, &pr->lat_hi);
	free(x);
	pr->tp_rps = pmean(pr, "throughput_rps");
	pr->tp_gbps = pmean(pr, "throughput_gbps");
	pr->pass = pr->lat <= sr->spec->slo.us && !pr->unstable;
	if (!sr->spec->sweep.quiet)
		fprintf(stderr, "vriosim capacity: %s: %.6g req/s per queue (%.6g offered): %s %.4g us%s"
				" -> %s\n",
			sr->job->name, rate, pr->offered, sr->spec->slo.stat, pr->lat,
			pr->unstable ? ", unstable" : "", pr->pass ? "meets the SLO" : "fails");
	return pr;
}

/* The search: the highest passing probe (NULL: none passed) and the lowest failing one above it
 * (NULL: none failed) into @lo, @hi. 0, or -1 with s->err. */
static int bracket(struct search *sr, double start, struct probe **lo, struct probe **hi)
{
	const struct cap_spec *sp = sr->spec;
	*lo = *hi = NULL;
	struct probe *p = probe(sr, start);
	if (!p)
		return -1;
	if (p->pass) {
		*lo = p;
		for (double x = start * 2; x <= sp->max && !*hi; x *= 2) {
			if (!(p = probe(sr, x)))
				return -1;
			*(p->pass ? lo : hi) = p;
		}
	} else {
		*hi = p;
		for (double x = start / 2; x >= start * 1e-9 && !*lo; x /= 2) {
			if (!(p = probe(sr, x)))
				return -1;
			*(p->pass ? lo : hi) = p;
		}
	}
	while (*lo && *hi && (*hi)->rate / (*lo)->rate - 1 > sp->precision) {
		if (!(p = probe(sr, sqrt((*lo)->rate * (*hi)->rate))))
			return -1;
		*(p->pass ? lo : hi) = p;
	}
	return 0;
}

static int cmp_rate(const void *a, const void *b)
{
	const struct probe *x = *(const struct probe *const *)a, *y = *(const struct probe *const *)b;
	return (x->rate > y->rate) - (x->rate < y->rate);
}

/* The half-width of the capacity's 95% band (per-queue rate): each replication's own crossing,
 * interpolated in its latency between its last passing and first failing probe. */
static double band(struct search *sr)
{
	const struct probe *by[CAP_MAX_PROBES];
	int n = sr->n_probes, reps = n ? sr->probes[0].n : 0;
	for (int i = 0; i < n; i++)
		by[i] = &sr->probes[i];
	qsort(by, (size_t)n, sizeof(by[0]), cmp_rate);
	double *c = calloc((size_t)(reps ? reps : 1), sizeof(*c));
	if (!c || reps < 2) {
		free(c);
		return 0;
	}
	double slo = sr->spec->slo.us;
	for (int r = 0; r < reps; r++) {
		int f = 0;
		double lat[2] = { 0, 0 };
		for (; f < n; f++) {
			lat[1] = rec_metric(&by[f]->runs[r], sr->spec->slo.metric, NULL);
			if (lat[1] > slo || rec_metric(&by[f]->runs[r], "unstable", NULL) > 0)
				break;
			lat[0] = lat[1];
		}
		if (f == n)
			c[r] = by[n - 1]->rate;  /* never failed: censored at the top */
		else if (f == 0)
			c[r] = by[0]->rate;      /* failed from the start */
		else if (lat[1] > slo && lat[1] > lat[0] &&
			 rec_metric(&by[f]->runs[r], "unstable", NULL) == 0)
			c[r] = by[f - 1]->rate + (slo - lat[0]) / (lat[1] - lat[0]) *
						  (by[f]->rate - by[f - 1]->rate);
		else
			c[r] = by[f - 1]->rate;
	}
	double mean, lo, hi;
	ci95_mean(c, (size_t)reps, &mean, &lo, &hi);
	free(c);
	return (hi - lo) / 2;
}

/* ======================= the job's files ======================= */

/* The columns of result.csv (and so of capacity.csv after its point and axes). */
static const char *const result_cols[] = {
	"model", "slo", "status", "workload", "offered_rps", "offered_rps_ci_lo", "offered_rps_ci_hi",
	"capacity_rps", "capacity_rps_ci_lo", "capacity_rps_ci_hi", "capacity_gbps", "line_gbps",
	"rate_per_queue_rps", "failed_at_rps", "failed_by", "slo_latency_us", "slo_latency_us_ci_lo",
	"slo_latency_us_ci_hi", "bottleneck", "bottleneck_util", "cost_usd", "power_w",
	"usd_per_gbps", "w_per_gbps", "usd_per_krps", "w_per_krps", "probes",
};
#define N_RESULT_COLS (int)(sizeof(result_cols) / sizeof(result_cols[0]))

/* What the result row says. */
struct result {
	const struct search *sr;
	const struct probe *lo, *hi;  /* the bracket (either may be NULL) */
	double hw;                    /* the band's half-width, per-queue rate */
};

static int fill_result(FILE *f, void *ctx)
{
	const struct result *x = ctx;
	const struct search *sr = x->sr;
	const struct probe *lo = x->lo, *hi = x->hi;
	const struct vs_params *p = &sr->s->p;
	char v[N_RESULT_COLS][64];
	const char *cell[N_RESULT_COLS];
	double rel = lo && lo->rate > 0 ? x->hw / lo->rate : 0;
	double cap = lo ? lo->tp_rps : 0, gbps = lo ? lo->tp_gbps : 0;
	double cost = lo ? pmean(lo, "cost_usd") : NAN, watts = lo ? pmean(lo, "power_w") : NAN;
	const char *bn = "";
	if (lo)
		rec_metric(&lo->runs[0], "bottleneck", &bn);
	int k = 0;
#define NUM(val) (cell[k] = fmt_num(v[k], sizeof(v[k]), (val)), k++)
#define TXT(val) (cell[k++] = (val))
	TXT(vs_model_name(sr->job->model));
	TXT(sr->spec->slo.text);
	TXT(!lo ? "below_min" : !hi ? "above_max" : "ok");
	TXT(vs_vocab_name(VS_VOCAB_WORKLOAD, p->workload));
	NUM(lo ? lo->offered : 0);
	NUM(lo ? lo->offered * (1 - rel) : 0);
	NUM(lo ? lo->offered * (1 + rel) : 0);
	NUM(cap);
	NUM(cap * (1 - rel));
	NUM(cap * (1 + rel));
	NUM(gbps);
	NUM(p->gbps);
	NUM(lo ? lo->rate : 0);
	NUM(hi ? hi->offered : NAN);
	TXT(!hi ? "" : hi->unstable && hi->lat > sr->spec->slo.us ? "latency+unstable"
		       : hi->unstable ? "unstable" : "latency");
	NUM(lo ? lo->lat : NAN);
	NUM(lo ? lo->lat_lo : NAN);
	NUM(lo ? lo->lat_hi : NAN);
	TXT(bn);
	NUM(lo ? pmean(lo, "bottleneck") : NAN);
	NUM(cost);
	NUM(watts);
	NUM(gbps > 0 ? cost / gbps : NAN);
	NUM(gbps > 0 ? watts / gbps : NAN);
	NUM(cap > 0 ? cost / (cap / 1e3) : NAN);
	NUM(cap > 0 ? watts / (cap / 1e3) : NAN);
	NUM(sr->n_probes);
#undef NUM
#undef TXT
	fprintf(f, "# %s\n", version_string());
	for (int i = 0; i < N_RESULT_COLS; i++)
		csvio_put_quoted(f, result_cols[i], i == N_RESULT_COLS - 1);
	for (int i = 0; i < N_RESULT_COLS; i++)
		csvio_put_quoted(f, cell[i], i == N_RESULT_COLS - 1);
	return ferror(f) ? -1 : 0;
}

static int fill_probes(FILE *f, void *ctx)
{
	const struct search *sr = ctx;
	const struct probe *by[CAP_MAX_PROBES];
	for (int i = 0; i < sr->n_probes; i++)
		by[i] = &sr->probes[i];
	qsort(by, (size_t)sr->n_probes, sizeof(by[0]), cmp_rate);
	fprintf(f, "# %s\n", version_string());
	fprintf(f, "rate_per_queue_rps,offered_rps,throughput_rps,throughput_gbps,%s,%s_ci_lo,"
		   "%s_ci_hi,unstable,meets_slo,bottleneck,bottleneck_util\n",
		sr->spec->slo.metric, sr->spec->slo.metric, sr->spec->slo.metric);
	for (int i = 0; i < sr->n_probes; i++) {
		const struct probe *pr = by[i];
		const char *bn = "";
		rec_metric(&pr->runs[0], "bottleneck", &bn);
		fprintf(f, "%.10g,%.10g,%.10g,%.10g,%.10g,%.10g,%.10g,%d,%d,%s,%.6g\n", pr->rate,
			pr->offered, pr->tp_rps, pr->tp_gbps, pr->lat, pr->lat_lo, pr->lat_hi,
			pr->unstable, pr->pass, bn, pmean(pr, "bottleneck"));
	}
	return ferror(f) ? -1 : 0;
}

static int fill_text(FILE *f, void *ctx)
{
	fputs(ctx, f);
	return ferror(f) ? -1 : 0;
}

/* Write the job's files; params.txt (its stamp: done) last. 0, or -1 with s->err. */
static int write_job(struct search *sr, const struct probe *lo, const struct probe *hi)
{
	char dir[PATH_MAX], path[PATH_MAX + 32];
	sweepdir_point_path(dir, sizeof(dir), sr->spec->sweep.dir, sr->job->name, NULL);
	struct result x = { sr, lo, hi, band(sr) };
	/* The runs at the capacity (or, none passing, at the lowest rate tried). */
	const struct probe *at = lo;
	if (!at)
		for (int i = 0; i < sr->n_probes; i++)
			if (!at || sr->probes[i].rate < at->rate)
				at = &sr->probes[i];
	if (at) {
		char asg[96], serr[SCN_ERR_MAX];
		snprintf(asg, sizeof(asg), "workload.rate_rps=%.17g", at->rate);
		scenario_set(sr->s, asg, serr);
		if (results_write(dir, sr->s, at->runs, at->n, sr->err, sizeof(sr->err)))
			return -1;
	}
	snprintf(path, sizeof(path), "%s/probes.csv", dir);
	if (fs_atomic_write(path, fill_probes, sr))
		goto fail;
	snprintf(path, sizeof(path), "%s/result.csv", dir);
	if (fs_atomic_write(path, fill_result, &x))
		goto fail;
	snprintf(path, sizeof(path), "%s/params.txt", dir);
	if (fs_atomic_write(path, fill_text, sr->job->stamp))
		goto fail;
	return 0;
fail:
	snprintf(sr->err, sizeof(sr->err), "%s: cannot write (%s)", path, strerror(errno));
	return -1;
}

/* The rate to start from: --start, else the scenario's own (open loops), else 10,000. */
static double start_rate(const struct cap_spec *spec, const struct scenario *s)
{
	if (spec->start > 0)
		return spec->start;
	return s->p.rate_rps > 0 ? s->p.rate_rps : 1e4;
}

int cap_search(const struct cap_plan *cp, const struct cap_spec *spec, const struct cap_job *j)
{
	struct search *sr = calloc(1, sizeof(*sr));
	struct scenario *s = calloc(1, sizeof(*s));
	int rc = -1;
	if (!sr || !s) {
		fprintf(stderr, "vriosim capacity: no memory for a search\n");
		goto out;
	}
	sr->spec = spec;
	sr->job = j;
	sr->s = s;
	char dir[PATH_MAX];
	sweepdir_point_path(dir, sizeof(dir), spec->sweep.dir, j->name, NULL);
	if (j->invalid[0]) {
		snprintf(sr->err, sizeof(sr->err), "%s", j->invalid);
		goto fail;
	}
	if (fs_mkdir_p(dir)) {
		snprintf(sr->err, sizeof(sr->err), "%s: cannot create (%s)", dir, strerror(errno));
		goto fail;
	}
	/* Being re-run: not done until it succeeds again. */
	char path[PATH_MAX + 16];
	snprintf(path, sizeof(path), "%s/params.txt", dir);
	unlink(path);
	if (cap_job_scenario(cp, spec, j, s, sr->err, sizeof(sr->err)))
		goto fail;
	const struct vs_params *p = &s->p;
	for (int h = 0; h < p->vmhosts; h++) {
		struct vs_host vh;
		vs_host(p, h, &vh);
		sr->weight += (p->n_vm_load ? p->vm_load[h] : 1.0) * vh.vms * p->vcpus_per_vm;
	}
	struct probe *lo, *hi;
	if (bracket(sr, start_rate(spec, s), &lo, &hi) || write_job(sr, lo, hi))
		goto fail;
	rc = 0;
	goto out;
fail:
	fprintf(stderr, "vriosim capacity: job %d (%s): %s\n", j->index, j->name, sr->err);
out:
	for (int i = 0; sr && i < sr->n_probes; i++)
		free(sr->probes[i].runs);
	if (s)
		scenario_free(s);
	free(s);
	free(sr);
	return rc;
}
