/*
 * cap_merge — the jobs' result rows into DIR/capacity.csv (whoever ran them: our pool, GNU
 * parallel, a Slurm array), the table on stdout, and the cheapest configuration for a load.
 *
 * capacity.csv: a "# vriosim <version> (<rev>)" line, then
 *   point,<one column per axis>,<the result.csv columns of cap_search.c>
 * one row per job in plan order (RFC 4180, every field quoted).
 */
#define _GNU_SOURCE
#include "capacity.h"

#include <errno.h>
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "csvio.h"
#include "fsutil.h"
#include "sweepdir.h"
#include "version.h"

/* What fill_capacity needs. */
struct merge_ctx {
	const char *dir;           /* the capacity run's directory */
	struct csvio_table plan;   /* its capacity.plan.csv */
	int n_axes;                /* axis columns (after job,point,model,dir,stamp) */
	int *missing;              /* jobs left out */
	bool report;               /* name them on stderr */
	char *err;                 /* a message when writing fails */
	size_t errn;
};

static bool job_done(const char *dir, const char *name, const char *hex)
{
	char *end;
	errno = 0;
	unsigned long long h = strtoull(hex, &end, 16);
	return end != hex && !*end && !errno && sweepdir_point_done(dir, name, (uint64_t)h);
}

static int fill_capacity(FILE *f, void *ctx)
{
	struct merge_ctx *c = ctx;
	const struct csvio_table *pl = &c->plan;
	bool header = false;
	fprintf(f, "# %s\n", version_string());
	for (int r = 1; r < pl->n_rows; r++) {
		char **pr = pl->rows[r];
		if (pl->n_fields[r] != 5 + c->n_axes) {
			snprintf(c->err, c->errn, "%s/%s: row %d: expected %d fields", c->dir, CAP_PLAN,
				 r + 1, 5 + c->n_axes);
			return -1;
		}
		char path[PATH_MAX], rerr[512];
		sweepdir_point_path(path, sizeof(path), c->dir, pr[3], "result.csv");
		struct csvio_table res;
		if (!job_done(c->dir, pr[3], pr[4]) || csvio_read(path, &res, rerr, sizeof(rerr))) {
			if (c->report)
				fprintf(stderr, "vriosim merge: job %s (%s): no result for its parameters\n",
					pr[0], pr[3]);
			(*c->missing)++;
			continue;
		}
		if (res.n_rows != 2 || res.n_fields[1] != res.n_fields[0]) {
			snprintf(c->err, c->errn, "%s: expected a header and one row", path);
			csvio_free(&res);
			return -1;
		}
		int nf = res.n_fields[0];
		if (!header) {
			csvio_put_quoted(f, "point", false);
			for (int a = 0; a < c->n_axes; a++)
				csvio_put_quoted(f, pl->rows[0][5 + a], false);
			for (int i = 0; i < nf; i++)
				csvio_put_quoted(f, res.rows[0][i], i == nf - 1);
			header = true;
		}
		csvio_put_quoted(f, pr[1], false);
		for (int a = 0; a < c->n_axes; a++)
			csvio_put_quoted(f, pr[5 + a], false);
		for (int i = 0; i < nf; i++)
			csvio_put_quoted(f, res.rows[1][i], i == nf - 1);
		csvio_free(&res);
	}
	return ferror(f) ? -1 : 0;
}

int cap_merge(const char *dir, bool report, int *missing, char *err, size_t errn)
{
	struct merge_ctx c = { .dir = dir, .missing = missing, .report = report, .err = err,
			       .errn = errn };
	*missing = 0;
	err[0] = 0;
	char path[PATH_MAX];
	snprintf(path, sizeof(path), "%s/%s", dir, CAP_PLAN);
	if (csvio_read(path, &c.plan, err, errn))
		return -1;
	static const char *const cols[] = { "job", "point", "model", "dir", "stamp" };
	bool ok = c.plan.n_rows && c.plan.n_fields[0] >= 5;
	for (int i = 0; ok && i < 5; i++)
		ok = !strcmp(c.plan.rows[0][i], cols[i]);
	if (!ok) {
		snprintf(err, errn, "%s: not a capacity plan (expected job,point,model,dir,stamp,...)",
			 path);
		csvio_free(&c.plan);
		return -1;
	}
	c.n_axes = c.plan.n_fields[0] - 5;
	snprintf(path, sizeof(path), "%s/%s", dir, CAP_CSV);
	int rc = fs_atomic_write(path, fill_capacity, &c);
	if (rc && !err[0])
		snprintf(err, errn, "%s: cannot write (%s)", path, strerror(errno));
	csvio_free(&c.plan);
	return rc ? -1 : 0;
}

/* ======================= reading capacity.csv ======================= */

/* capacity.csv in memory, with the columns the table and --cheapest read. */
struct captab {
	struct csvio_table t;
	int n_axes;                 /* axis columns after "point" */
	int model, status, cap, ci_lo, ci_hi, gbps, lat, lat_lo, lat_hi, bn, bnu, cost, watts,
	    usd_gbps, usd_krps, w_krps, failed_by;
};

static int captab_read(const char *dir, struct captab *ct, char *err, size_t errn)
{
	char path[PATH_MAX];
	snprintf(path, sizeof(path), "%s/%s", dir, CAP_CSV);
	memset(ct, 0, sizeof(*ct));
	if (csvio_read(path, &ct->t, err, errn))
		return -1;
	struct {
		int *col;
		const char *name;
	} want[] = {
		{ &ct->model, "model" },	       { &ct->status, "status" },
		{ &ct->cap, "capacity_rps" },	       { &ct->ci_lo, "capacity_rps_ci_lo" },
		{ &ct->ci_hi, "capacity_rps_ci_hi" },  { &ct->gbps, "capacity_gbps" },
		{ &ct->lat, "slo_latency_us" },	       { &ct->lat_lo, "slo_latency_us_ci_lo" },
		{ &ct->lat_hi, "slo_latency_us_ci_hi" }, { &ct->bn, "bottleneck" },
		{ &ct->bnu, "bottleneck_util" },       { &ct->cost, "cost_usd" },
		{ &ct->watts, "power_w" },	       { &ct->usd_gbps, "usd_per_gbps" },
		{ &ct->usd_krps, "usd_per_krps" },     { &ct->w_krps, "w_per_krps" },
		{ &ct->failed_by, "failed_by" },
	};
	for (size_t i = 0; i < sizeof(want) / sizeof(want[0]); i++)
		if ((*want[i].col = csvio_column(&ct->t, want[i].name)) < 0) {
			snprintf(err, errn, "%s: no column %s (no job done yet?)", path, want[i].name);
			csvio_free(&ct->t);
			return -1;
		}
	ct->n_axes = ct->model - 1;
	return 0;
}

static double num(const struct captab *ct, int r, int col) { return strtod(ct->t.rows[r][col], NULL); }

/* "key=value,..." of row @r's axes into @buf ("(no axes)" without). */
static const char *where(const struct captab *ct, int r, char *buf, size_t n)
{
	size_t len = 0;
	buf[0] = 0;
	for (int a = 1; a <= ct->n_axes && len < n; a++)
		len += (size_t)snprintf(buf + len, n - len, "%s%s=%s", a > 1 ? " " : "",
					ct->t.rows[0][a], ct->t.rows[r][a]);
	if (!ct->n_axes)
		snprintf(buf, n, "-");
	return buf;
}

int cap_print(const char *dir, char *err, size_t errn)
{
	struct captab ct;
	if (captab_read(dir, &ct, err, errn))
		return -1;
	printf("%-28s %-9s %12s %17s %8s %9s %-18s %10s %9s %9s\n", "point", "model", "capacity",
	       "95% band", "Gb/s", "SLO stat", "bottleneck there", "$", "$/krps", "W/krps");
	for (int r = 1; r < ct.t.n_rows; r++) {
		char w[256], cap[32], band[48], bn[64];
		const char *st = ct.t.rows[r][ct.status];
		snprintf(cap, sizeof(cap), "%s%.0f", !strcmp(st, "above_max") ? ">=" : "", num(&ct, r, ct.cap));
		snprintf(band, sizeof(band), "%.0f-%.0f", num(&ct, r, ct.ci_lo), num(&ct, r, ct.ci_hi));
		snprintf(bn, sizeof(bn), "%s %.2f", ct.t.rows[r][ct.bn], num(&ct, r, ct.bnu));
		printf("%-28.28s %-9s %12s %17s %8.3f %9.4g %-18s %10.0f %9.3g %9.3g%s\n",
		       where(&ct, r, w, sizeof(w)), ct.t.rows[r][ct.model], cap, band,
		       num(&ct, r, ct.gbps), num(&ct, r, ct.lat), bn, num(&ct, r, ct.cost),
		       num(&ct, r, ct.usd_krps), num(&ct, r, ct.w_krps),
		       !strcmp(st, "ok") ? "" : !strcmp(st, "below_min") ? "  (fails at the lowest load tried)"
									  : "  (met the SLO up to --max)");
	}
	printf("capacity: offered req/s carried within the SLO (95%% band from the replications); "
	       "$: the rack under test (docs/cost.md)\n");
	csvio_free(&ct.t);
	return 0;
}

int cap_load_parse(const char *text, double *load, bool *gbps, char *err, size_t errn)
{
	char *end;
	double v = strtod(text, &end);
	*gbps = false;
	if (end != text && (!strcasecmp(end, "gbps") || !strcasecmp(end, "gb/s")))
		*gbps = true;
	else if (end != text && (*end == 'k' || *end == 'K') && !end[1])
		v *= 1e3;
	else if (end != text && *end == 'M' && !end[1])
		v *= 1e6;
	else if (end == text || *end)
		v = NAN;
	if (!(v > 0) || !isfinite(v)) {
		snprintf(err, errn, "--load %s: expected requests/s (e.g. 500000, 500k, 1.2M) or Gb/s "
				    "(e.g. 8Gbps)", text);
		return -1;
	}
	*load = v;
	return 0;
}

int cap_cheapest(const char *dir, double load, bool gbps, char *err, size_t errn)
{
	struct captab ct;
	if (captab_read(dir, &ct, err, errn))
		return -1;
	int best = -1, meeting = 0;
	for (int r = 1; r < ct.t.n_rows; r++) {
		double cap = num(&ct, r, gbps ? ct.gbps : ct.cap);
		if (!(cap >= load))
			continue;
		meeting++;
		if (best < 0 || num(&ct, r, ct.cost) < num(&ct, best, ct.cost))
			best = r;
	}
	char w[256];
	if (best < 0) {
		printf("cheapest: no configuration swept carries %g %s within the SLO\n", load,
		       gbps ? "Gb/s" : "req/s");
		csvio_free(&ct.t);
		return 1;
	}
	printf("cheapest for %g %s within the SLO (%d of %d configurations carry it): %s, model %s: "
	       "$%.0f, capacity %.0f req/s (%.3f Gb/s), %.0f W there, bottleneck %s %.2f\n",
	       load, gbps ? "Gb/s" : "req/s", meeting, ct.t.n_rows - 1, where(&ct, best, w, sizeof(w)),
	       ct.t.rows[best][ct.model], num(&ct, best, ct.cost), num(&ct, best, ct.cap),
	       num(&ct, best, ct.gbps), num(&ct, best, ct.watts), ct.t.rows[best][ct.bn],
	       num(&ct, best, ct.bnu));
	csvio_free(&ct.t);
	return 0;
}
