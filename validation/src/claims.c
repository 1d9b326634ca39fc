/*
 * claims — layer 2: the published claims, each a ratio of two models' metric at one point of a
 * scenario (or a trend of that ratio across two points), held to the bounds
 * validation/claims.csv gives. That file is the only statement of the claims and their bounds.
 *
 * A claim is measured one of two ways (its `slo` column): empty, the ratio of a summary metric
 * in one run; an SLO (p99=200us), the ratio of a `vriosim capacity` column (capacity_rps, ...)
 * found at that SLO. Who measures it (its `by` column): `validate`, this layer, running the
 * scenario; `paper`, validation/paper/run, whose sweeps and capacity runs this layer reads
 * (`vriosim validate --paper DIR`: DIR/<scenario>/sweep.csv, DIR/<scenario>-capacity/
 * capacity.csv). Where replications give confidence intervals, the check's note gives the
 * ratio's (delta method: the two relative half-widths added in quadrature).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "layers.h"

#define CLAIMS_FILE "validation/claims.csv"
#define CLAIMS_MAX_RUNS 32
#define CLAIMS_MAX_VALUES 16
#define CLAIMS_MAX_FIXED 4

/* ======================= the file ======================= */

/* One row of claims.csv. */
struct claim {
	const char *check;            /* the check's name ({} = the swept value) */
	const char *scenario;         /* relative to the source tree */
	char fixed[CLAIMS_MAX_FIXED][96]; /* set's fixed assignments "k=v" (before its last ';') */
	int n_fixed;
	char key[96];                 /* set's swept key ("" without set) */
	char *values[CLAIMS_MAX_VALUES]; /* its values (into @buf) */
	int n_values;                 /* at least 1 ("" without set) */
	const char *vs_value;         /* a trend: vs_set's value, else NULL */
	char model_a[32], model_b[32]; /* ratio = model_a / model_b */
	const char *metric;           /* summary.csv metric, or capacity.csv column with an SLO */
	double lo, hi;                /* lo <= measured <= hi */
	const char *source;           /* the note */
	const char *role;             /* "validate" (a prediction) or "fit" (a constant was fitted
				       * to it: not evidence) */
	enum vcheck_status expect;    /* the outcome on record */
	const char *why;              /* an expected failure's reason */
	const char *slo;              /* "" or the SLO of a capacity claim */
	bool paper;                   /* by = paper: measured by validation/paper/run */
	char buf[512];                /* set's values, split */
};

/* Columns of claims.csv, by name. */
enum ccol {
	C_CHECK, C_SCENARIO, C_SET, C_VS_SET, C_RATIO, C_METRIC, C_LO, C_HI, C_SOURCE, C_ROLE,
	C_EXPECT, C_WHY, C_SLO, C_BY, C_N
};
static const char *const ccol_names[C_N] = { "check", "scenario", "set", "vs_set", "ratio",
					     "metric", "lo", "hi", "source", "role", "expect",
					     "why", "slo", "by" };

static int parse_bound(const char *s, double *out)
{
	char *end;
	errno = 0;
	*out = strtod(s, &end);
	return end == s || *end || errno || !isfinite(*out) ? -1 : 0;
}

/* set: "k1=v1;k2=v2|v3": fixed assignments, then the swept key with its values. 0, or -1 with
 * @why. */
static int parse_set(struct claim *c, const char *set, const char **why)
{
	const char *last = strrchr(set, ';');
	for (const char *p = set; last && p <= last;) {
		size_t n = strcspn(p, ";");
		if (c->n_fixed == CLAIMS_MAX_FIXED || n >= sizeof(c->fixed[0]) || !memchr(p, '=', n)) {
			*why = "set: expected at most 4 fixed section.key=value before the swept one";
			return -1;
		}
		snprintf(c->fixed[c->n_fixed++], sizeof(c->fixed[0]), "%.*s", (int)n, p);
		p += n + 1;
	}
	const char *sw = last ? last + 1 : set;
	const char *eq = strchr(sw, '=');
	if (!eq || eq == sw || (size_t)(eq - sw) >= sizeof(c->key) ||
	    snprintf(c->buf, sizeof(c->buf), "%s", eq + 1) >= (int)sizeof(c->buf)) {
		*why = "set: expected section.key=value (values joined by '|')";
		return -1;
	}
	snprintf(c->key, sizeof(c->key), "%.*s", (int)(eq - sw), sw);
	for (char *save, *v = strtok_r(c->buf, "|", &save); v; v = strtok_r(NULL, "|", &save)) {
		if (c->n_values == CLAIMS_MAX_VALUES) {
			*why = "set: at most 16 values";
			return -1;
		}
		c->values[c->n_values++] = v;
	}
	if (!c->n_values) {
		*why = "set: no value";
		return -1;
	}
	return 0;
}

/* Row @r of the file into @c (pointers into the table). 0, or -1 with @why. */
static int parse_claim(const struct csvio_table *t, const int *col, int r, struct claim *c,
		       const char **why)
{
	char *const *f = t->rows[r];
	memset(c, 0, sizeof(*c));
	c->check = f[col[C_CHECK]];
	c->scenario = f[col[C_SCENARIO]];
	c->metric = f[col[C_METRIC]];
	c->source = f[col[C_SOURCE]];
	c->role = f[col[C_ROLE]];
	c->why = f[col[C_WHY]];
	c->slo = f[col[C_SLO]];
	if (strcmp(c->role, "validate") && strcmp(c->role, "fit")) {
		*why = "role: expected validate or fit";
		return -1;
	}
	if (!strcmp(f[col[C_BY]], "paper"))
		c->paper = true;
	else if (strcmp(f[col[C_BY]], "validate")) {
		*why = "by: expected validate or paper";
		return -1;
	}
	if (!strcmp(f[col[C_EXPECT]], "pass"))
		c->expect = VCHECK_PASS;
	else if (!strcmp(f[col[C_EXPECT]], "fail"))
		c->expect = VCHECK_FAIL;
	else {
		*why = "expect: expected pass or fail";
		return -1;
	}
	if (c->expect == VCHECK_FAIL && !*c->why) {
		*why = "why: a claim on record as failing needs its reason";
		return -1;
	}
	const char *slash = strchr(f[col[C_RATIO]], '/');
	if (!slash || slash == f[col[C_RATIO]] || !slash[1] ||
	    (size_t)(slash - f[col[C_RATIO]]) >= sizeof(c->model_a) ||
	    strlen(slash + 1) >= sizeof(c->model_b)) {
		*why = "ratio: expected modelA/modelB";
		return -1;
	}
	snprintf(c->model_a, sizeof(c->model_a), "%.*s", (int)(slash - f[col[C_RATIO]]),
		 f[col[C_RATIO]]);
	snprintf(c->model_b, sizeof(c->model_b), "%s", slash + 1);
	if (parse_bound(f[col[C_LO]], &c->lo) || parse_bound(f[col[C_HI]], &c->hi) || c->lo > c->hi) {
		*why = "lo, hi: expected two numbers, lo <= hi";
		return -1;
	}
	if (!*c->scenario || !*c->metric || !*c->check) {
		*why = "check, scenario and metric must not be empty";
		return -1;
	}
	const char *set = f[col[C_SET]], *vs = f[col[C_VS_SET]];
	if (!*set) {
		c->values[c->n_values++] = c->buf; /* "" */
		if (*vs) {
			*why = "vs_set without set";
			return -1;
		}
		return 0;
	}
	if (parse_set(c, set, why))
		return -1;
	if (*vs) {
		size_t kn = strlen(c->key);
		if (c->n_values != 1 || strncmp(vs, c->key, kn) || vs[kn] != '=' || *c->slo || c->paper) {
			*why = "vs_set: the same key as set, set with one value, a summary claim by validate";
			return -1;
		}
		c->vs_value = vs + kn + 1;
	}
	return 0;
}

/* ======================= runs ======================= */

/* A scenario run (or capacity search) at one point, made once whatever the number of claims
 * read off it. */
struct crun {
	const char *scenario;         /* as in the file */
	char set[512];                /* its assignments, ';'-joined, or "" */
	char slo[64];                 /* "" (a run), or the SLO of a capacity search */
	char tag[160];                /* its directory under the validation's runs */
	struct csvio_table t;         /* its summary.csv, or capacity.csv */
	bool ok;                      /* it ran */
};

/* The layer's state. */
struct claims_ctx {
	struct vctx *x;                     /* the validation */
	struct crun runs[CLAIMS_MAX_RUNS];  /* made so far */
	int n_runs;                         /* entries in runs[] */
	int pending;                        /* the newest run, its conservation not yet checked
					     * (-1: none): checked before the next run starts or a
					     * check reads another run, as the report has always
					     * ordered them */
};

static void flush_conservation(struct claims_ctx *c)
{
	if (c->pending < 0)
		return;
	struct crun *r = &c->runs[c->pending];
	if (!r->slo[0])
		check_conservation(&c->x->checks, r->tag, &r->t);
	c->pending = -1;
}

/* Claim @cl's assignments at swept value @value, ';'-joined, into @out. */
static void assignments(const struct claim *cl, const char *value, char *out, size_t n)
{
	int len = 0;
	out[0] = 0;
	for (int i = 0; i < cl->n_fixed && len < (int)n; i++)
		len += snprintf(out + len, n - (size_t)len, "%s%s", i ? ";" : "", cl->fixed[i]);
	if (*cl->key && len < (int)n)
		snprintf(out + len, n - (size_t)len, "%s%s=%s", len ? ";" : "", cl->key, value);
}

/* The run (or, with an SLO, the capacity search) of @cl at @value: made now or earlier. NULL
 * if it failed. */
static struct crun *get_run(struct claims_ctx *c, const struct claim *cl, const char *value)
{
	char set[512];
	assignments(cl, value, set, sizeof(set));
	for (int i = 0; i < c->n_runs; i++)
		if (!strcmp(c->runs[i].scenario, cl->scenario) && !strcmp(c->runs[i].set, set) &&
		    !strcmp(c->runs[i].slo, cl->slo))
			return c->runs[i].ok ? &c->runs[i] : NULL;
	flush_conservation(c);
	if (c->n_runs == CLAIMS_MAX_RUNS) {
		fprintf(stderr, "vriosim validate: %s: more than %d runs\n", CLAIMS_FILE, CLAIMS_MAX_RUNS);
		c->x->failed_runs++;
		return NULL;
	}
	struct crun *r = &c->runs[c->n_runs];
	r->scenario = cl->scenario;
	snprintf(r->set, sizeof(r->set), "%s", set);
	snprintf(r->slo, sizeof(r->slo), "%s", cl->slo);
	const char *base = strrchr(cl->scenario, '/');
	base = base ? base + 1 : cl->scenario;
	int n = (int)strcspn(base, ".");
	snprintf(r->tag, sizeof(r->tag), "%.*s%s%s%s", n, base, *cl->slo ? "-capacity" : "",
		 *cl->key ? "-" : "", *cl->key ? value : "");
	/* Each assignment: --set for a run; --axis for a capacity search (replacing the file's
	 * axis of that key, so the search covers this one point). */
	const char *args[2 * (CLAIMS_MAX_FIXED + 1) + 1], *sets[CLAIMS_MAX_FIXED + 2];
	char own[CLAIMS_MAX_FIXED + 1][200];
	int na = 0, ns = 0;
	for (const char *p = set; *p;) {
		size_t k = strcspn(p, ";");
		snprintf(own[ns], sizeof(own[0]), "%.*s", (int)k, p);
		args[na++] = "--axis";
		args[na++] = own[ns];
		sets[ns] = own[ns];
		ns++;
		p += k + (p[k] == ';');
	}
	args[na] = NULL;
	sets[ns] = NULL;
	if (*cl->slo)
		r->ok = !vctx_capacity_run(c->x, cl->scenario, r->tag, cl->slo, args, &r->t);
	else
		r->ok = !vctx_sim_run(c->x, cl->scenario, r->tag, ns ? sets : NULL, &r->t);
	if (r->ok)
		c->pending = c->n_runs;
	c->n_runs++;
	return r->ok ? r : NULL;
}

/* ======================= values ======================= */

/* The value of @metric for @model in table @t (a summary, a sweep or a capacity table), at the
 * point whose axis columns match @set ("k=v;k=v": columns the table lacks are not checked), with
 * its CI (NAN without) into @lo, @hi. NAN when no row matches, or more than one point does. */
static double lookup(const struct csvio_table *t, const char *model, const char *metric,
		     const char *set, double *lo, double *hi)
{
	int cm = csvio_column(t, "model"), ck = csvio_column(t, "metric");
	int cv = csvio_column(t, "value"), cmet = csvio_column(t, metric);
	char ci[2][96];
	snprintf(ci[0], sizeof(ci[0]), "%s_ci_lo", metric);
	snprintf(ci[1], sizeof(ci[1]), "%s_ci_hi", metric);
	double v[3] = { NAN, NAN, NAN };
	int found[3] = { 0, 0, 0 };
	for (int r = 1; cm >= 0 && r < t->n_rows; r++) {
		if (t->n_fields[r] != t->n_fields[0] || strcmp(t->rows[r][cm], model))
			continue;
		bool match = true;
		for (const char *p = set; *p && match;) {
			size_t k = strcspn(p, ";");
			const char *eq = memchr(p, '=', k);
			char key[96];
			snprintf(key, sizeof(key), "%.*s", eq ? (int)(eq - p) : 0, p);
			int ca = csvio_column(t, key);
			if (eq && ca >= 0)
				match = strlen(t->rows[r][ca]) == (size_t)(p + k - eq - 1) &&
					!strncmp(t->rows[r][ca], eq + 1, (size_t)(p + k - eq - 1));
			p += k + (p[k] == ';');
		}
		if (!match)
			continue;
		if (ck >= 0 && cv >= 0) { /* tidy: a row per metric */
			for (int i = 0; i < 3; i++)
				if (!strcmp(t->rows[r][ck], i ? ci[i - 1] : metric)) {
					v[i] = strtod(t->rows[r][cv], NULL);
					found[i]++;
				}
		} else if (cmet >= 0) { /* wide: a row per point and model */
			v[0] = strtod(t->rows[r][cmet], NULL);
			found[0]++;
			for (int i = 1; i < 3; i++) {
				int cc = csvio_column(t, ci[i - 1]);
				if (cc >= 0) {
					v[i] = strtod(t->rows[r][cc], NULL);
					found[i]++;
				}
			}
		}
	}
	*lo = found[1] == 1 ? v[1] : NAN;
	*hi = found[2] == 1 ? v[2] : NAN;
	return found[0] == 1 ? v[0] : NAN;
}

/* The claim's ratio at @set in table @t, and its CI's relative half-width (NAN: none) into
 * @rel. */
static double ratio(const struct claim *cl, const struct csvio_table *t, const char *set,
		    double *rel)
{
	double alo, ahi, blo, bhi;
	double a = lookup(t, cl->model_a, cl->metric, set, &alo, &ahi);
	double b = lookup(t, cl->model_b, cl->metric, set, &blo, &bhi);
	double ra = (ahi - alo) / 2 / a, rb = (bhi - blo) / 2 / b;
	*rel = sqrt(ra * ra + rb * rb);
	return a / b;
}

/* The check's note: its source, [fit] when a constant was fitted to it, the ratio's CI. */
static const char *note(const struct claim *cl, double r, double rel, char *buf, size_t n)
{
	int len = snprintf(buf, n, "%s%s", !strcmp(cl->role, "fit") ? "[fit: not evidence] " : "",
			   cl->source);
	if (isfinite(rel) && len < (int)n)
		len += snprintf(buf + len, n - (size_t)len, "; 95%% CI %.3f-%.3f", r * (1 - rel),
				r * (1 + rel));
	if (*cl->slo && len < (int)n)
		snprintf(buf + len, n - (size_t)len, "; capacity at %s", cl->slo);
	return buf;
}

/* The paper library's table for @cl (its sweep, or its capacity run) under @dir. */
static int paper_table(const struct claim *cl, const char *dir, struct csvio_table *t, char *err,
		       size_t errn)
{
	const char *base = strrchr(cl->scenario, '/');
	base = base ? base + 1 : cl->scenario;
	char path[PATH_MAX * 2];
	snprintf(path, sizeof(path), "%s/%.*s%s", dir, (int)strcspn(base, "."), base,
		 *cl->slo ? "-capacity/capacity.csv" : "/sweep.csv");
	return csvio_read(path, t, err, errn);
}

/* The check's name at @value. */
static const char *name_at(const struct claim *cl, const char *value, char *buf, size_t n)
{
	const char *at = strstr(cl->check, "{}");
	if (at)
		snprintf(buf, n, "%.*s%s%s", (int)(at - cl->check), cl->check, value, at + 2);
	else
		snprintf(buf, n, "%s", cl->check);
	return buf;
}

/* Check @cl at each of its values (or, a trend, once). */
static void check_claim(struct claims_ctx *c, const struct claim *cl)
{
	char name[160], nb[400], set[512], err[512];
	double rel;
	if (c->x->paper[0]) { /* the paper library's outputs, read */
		struct csvio_table t;
		if (paper_table(cl, c->x->paper, &t, err, sizeof(err))) {
			check_range(&c->x->checks, "claims", cl->check, NAN, cl->lo, cl->hi, "ratio", err);
			check_expect(&c->x->checks, cl->expect, cl->why);
			return;
		}
		for (int v = 0; v < cl->n_values; v++) {
			assignments(cl, cl->values[v], set, sizeof(set));
			double r = ratio(cl, &t, set, &rel);
			check_range(&c->x->checks, "claims", name_at(cl, cl->values[v], name, sizeof(name)),
				    r, cl->lo, cl->hi, "ratio", note(cl, r, rel, nb, sizeof(nb)));
			check_expect(&c->x->checks, cl->expect, cl->why);
		}
		csvio_free(&t);
		return;
	}
	if (cl->vs_value) {
		struct crun *a = get_run(c, cl, cl->values[0]);
		struct crun *b = get_run(c, cl, cl->vs_value);
		if (c->pending >= 0 && (a != &c->runs[c->pending] || b != &c->runs[c->pending]))
			flush_conservation(c);
		double ra = a ? ratio(cl, &a->t, "", &rel) : NAN, rb = b ? ratio(cl, &b->t, "", &rel) : NAN;
		check_range(&c->x->checks, "claims", cl->check, ra / rb, cl->lo, cl->hi, "ratio",
			    note(cl, ra / rb, NAN, nb, sizeof(nb)));
		check_expect(&c->x->checks, cl->expect, cl->why);
		return;
	}
	for (int v = 0; v < cl->n_values; v++) {
		struct crun *r = get_run(c, cl, cl->values[v]);
		if (!r)
			continue; /* the failed run is reported and fails the validation */
		if (c->pending >= 0 && r != &c->runs[c->pending])
			flush_conservation(c);
		/* A run's summary has no axis columns; a capacity table is matched on its own. */
		double q = ratio(cl, &r->t, *cl->slo ? r->set : "", &rel);
		check_range(&c->x->checks, "claims", name_at(cl, cl->values[v], name, sizeof(name)), q,
			    cl->lo, cl->hi, "ratio", note(cl, q, rel, nb, sizeof(nb)));
		check_expect(&c->x->checks, cl->expect, cl->why);
	}
}

void layer_claims(struct vctx *x)
{
	char path[PATH_MAX + 32], err[PATH_MAX + 128];
	snprintf(path, sizeof(path), "%s/%s", x->src, CLAIMS_FILE);
	struct csvio_table t;
	if (csvio_read(path, &t, err, sizeof(err))) {
		check_range(&x->checks, "claims", CLAIMS_FILE, NAN, 0, 0, "", err);
		return;
	}
	int col[C_N];
	for (int i = 0; i < C_N; i++)
		if ((col[i] = csvio_column(&t, ccol_names[i])) < 0) {
			snprintf(err, sizeof(err), "%s: no column %s", path, ccol_names[i]);
			check_range(&x->checks, "claims", CLAIMS_FILE, NAN, 0, 0, "", err);
			csvio_free(&t);
			return;
		}
	struct claims_ctx c = { .x = x, .pending = -1 };
	for (int r = 1; r < t.n_rows; r++) {
		struct claim cl;
		const char *why = "expected as many fields as the header";
		if (t.n_fields[r] != t.n_fields[0] || parse_claim(&t, col, r, &cl, &why)) {
			snprintf(err, sizeof(err), "%s: claim %d: %s", path, r, why);
			check_range(&x->checks, "claims", CLAIMS_FILE, NAN, 0, 0, "", err);
			continue;
		}
		/* Each claim is measured by one side: this layer, or the paper library's run. */
		if (cl.paper != (x->paper[0] != 0))
			continue;
		check_claim(&c, &cl);
	}
	flush_conservation(&c);
	for (int i = 0; i < c.n_runs; i++)
		if (c.runs[i].ok)
			csvio_free(&c.runs[i].t);
	csvio_free(&t);
}
