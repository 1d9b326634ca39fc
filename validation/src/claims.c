/*
 * claims — layer 2: the published claims, each a ratio of two models' metric in one run of a
 * shipped scenario (or a trend of that ratio across two runs), held to the bounds
 * validation/claims.csv gives. That file is the only statement of the claims and their bounds.
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

/* ======================= the file ======================= */

/* One row of claims.csv. */
struct claim {
	const char *check;            /* the check's name ({} = the swept value) */
	const char *scenario;         /* relative to the source tree */
	char key[96];                 /* set's key ("" without set) */
	char *values[CLAIMS_MAX_VALUES]; /* set's values (into @buf) */
	int n_values;                 /* at least 1 ("" without set) */
	const char *vs_value;         /* a trend: vs_set's value, else NULL */
	char model_a[32], model_b[32]; /* ratio = model_a / model_b */
	const char *metric;           /* summary.csv metric */
	double lo, hi;                /* lo <= measured <= hi */
	const char *source;           /* the note */
	const char *role;             /* "validate" (a prediction) or "fit" (a constant was fitted
				       * to it: not evidence) */
	enum vcheck_status expect;    /* the outcome on record */
	const char *why;              /* an expected failure's reason */
	char buf[512];                /* set's values, split */
};

/* Columns of claims.csv, by name. */
enum ccol {
	C_CHECK, C_SCENARIO, C_SET, C_VS_SET, C_RATIO, C_METRIC, C_LO, C_HI, C_SOURCE, C_ROLE,
	C_EXPECT, C_WHY, C_N
};
static const char *const ccol_names[C_N] = { "check", "scenario", "set", "vs_set", "ratio",
					     "metric", "lo", "hi", "source", "role", "expect",
					     "why" };

static int parse_bound(const char *s, double *out)
{
	char *end;
	errno = 0;
	*out = strtod(s, &end);
	return end == s || *end || errno || !isfinite(*out) ? -1 : 0;
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
	if (strcmp(c->role, "validate") && strcmp(c->role, "fit")) {
		*why = "role: expected validate or fit";
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
	const char *eq = strchr(set, '=');
	if (!eq || eq == set || (size_t)(eq - set) >= sizeof(c->key) ||
	    snprintf(c->buf, sizeof(c->buf), "%s", eq + 1) >= (int)sizeof(c->buf)) {
		*why = "set: expected section.key=value (values joined by '|')";
		return -1;
	}
	snprintf(c->key, sizeof(c->key), "%.*s", (int)(eq - set), set);
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
	if (*vs) {
		size_t kn = strlen(c->key);
		if (c->n_values != 1 || strncmp(vs, c->key, kn) || vs[kn] != '=') {
			*why = "vs_set: the same key as set, and set with one value";
			return -1;
		}
		c->vs_value = vs + kn + 1;
	}
	return 0;
}

/* ======================= runs ======================= */

/* A scenario run with one set, made once whatever the number of claims read off it. */
struct crun {
	const char *scenario;         /* as in the file */
	char set[160];                /* key=value, or "" */
	char tag[128];                /* its run directory: scenario name[-value] */
	struct csvio_table t;         /* its summary.csv */
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
	check_conservation(&c->x->checks, r->tag, &r->t);
	c->pending = -1;
}

/* The run of @scenario with @key=@value ("" key: none): made now or earlier. NULL if it failed. */
static struct crun *get_run(struct claims_ctx *c, const char *scenario, const char *key,
			    const char *value)
{
	char set[160];
	snprintf(set, sizeof(set), "%s%s%s", key, *key ? "=" : "", *key ? value : "");
	for (int i = 0; i < c->n_runs; i++)
		if (!strcmp(c->runs[i].scenario, scenario) && !strcmp(c->runs[i].set, set))
			return c->runs[i].ok ? &c->runs[i] : NULL;
	flush_conservation(c);
	if (c->n_runs == CLAIMS_MAX_RUNS) {
		fprintf(stderr, "vriosim validate: %s: more than %d runs\n", CLAIMS_FILE, CLAIMS_MAX_RUNS);
		c->x->failed_runs++;
		return NULL;
	}
	struct crun *r = &c->runs[c->n_runs];
	r->scenario = scenario;
	snprintf(r->set, sizeof(r->set), "%s", set);
	const char *base = strrchr(scenario, '/');
	base = base ? base + 1 : scenario;
	int n = (int)strcspn(base, ".");
	snprintf(r->tag, sizeof(r->tag), "%.*s%s%s", n, base, *key ? "-" : "", *key ? value : "");
	const char *sets[] = { r->set, NULL };
	r->ok = !vctx_sim_run(c->x, scenario, r->tag, *key ? sets : NULL, &r->t);
	if (r->ok)
		c->pending = c->n_runs;
	c->n_runs++;
	return r->ok ? r : NULL;
}

/* The claim's ratio in run @r (NAN without a run). */
static double ratio(const struct claim *cl, const struct crun *r)
{
	if (!r)
		return NAN;
	return csvio_tidy_value(&r->t, cl->model_a, cl->metric) /
	       csvio_tidy_value(&r->t, cl->model_b, cl->metric);
}

/* The check's note: its source, and [fit] when a constant was fitted to it. */
static const char *note(const struct claim *cl, char *buf, size_t n)
{
	snprintf(buf, n, "%s%s", !strcmp(cl->role, "fit") ? "[fit: not evidence] " : "", cl->source);
	return buf;
}

/* Check @cl at each of its values (or, a trend, once). */
static void check_claim(struct claims_ctx *c, const struct claim *cl)
{
	char name[96], nb[200];
	if (cl->vs_value) {
		struct crun *a = get_run(c, cl->scenario, cl->key, cl->values[0]);
		struct crun *b = get_run(c, cl->scenario, cl->key, cl->vs_value);
		if (c->pending >= 0 && (a != &c->runs[c->pending] || b != &c->runs[c->pending]))
			flush_conservation(c);
		check_range(&c->x->checks, "claims", cl->check, ratio(cl, a) / ratio(cl, b), cl->lo,
			    cl->hi, "ratio", note(cl, nb, sizeof(nb)));
		check_expect(&c->x->checks, cl->expect, cl->why);
		return;
	}
	for (int v = 0; v < cl->n_values; v++) {
		struct crun *r = get_run(c, cl->scenario, cl->key, cl->values[v]);
		if (!r)
			continue; /* the failed run is reported and fails the validation */
		if (c->pending >= 0 && r != &c->runs[c->pending])
			flush_conservation(c);
		const char *at = strstr(cl->check, "{}");
		if (at)
			snprintf(name, sizeof(name), "%.*s%s%s", (int)(at - cl->check), cl->check,
				 cl->values[v], at + 2);
		else
			snprintf(name, sizeof(name), "%s", cl->check);
		check_range(&c->x->checks, "claims", name, ratio(cl, r), cl->lo, cl->hi, "ratio",
			    note(cl, nb, sizeof(nb)));
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
		check_claim(&c, &cl);
	}
	flush_conservation(&c);
	for (int i = 0; i < c.n_runs; i++)
		if (c.runs[i].ok)
			csvio_free(&c.runs[i].t);
	csvio_free(&t);
}
