/*
 * checks — making checks (see checks.h).
 */
#include "checks.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void vchecks_free(struct vchecks *v)
{
	free(v->c);
	memset(v, 0, sizeof(*v));
}

/* A new check (NULL, counted as lost, when there is no memory for it). */
static struct vcheck *add(struct vchecks *v, const char *layer, const char *name)
{
	if (v->n == v->cap) {
		int cap = v->cap ? 2 * v->cap : 64;
		struct vcheck *c = realloc(v->c, (size_t)cap * sizeof(*c));
		if (!c) {
			v->lost++;
			return NULL;
		}
		v->c = c;
		v->cap = cap;
	}
	struct vcheck *c = &v->c[v->n++];
	memset(c, 0, sizeof(*c));
	snprintf(c->layer, sizeof(c->layer), "%s", layer);
	snprintf(c->name, sizeof(c->name), "%s", name);
	c->expected = NAN;
	c->expect = VCHECK_PASS;
	return c;
}

/* A new check of @m against [@lo, @hi] (NULL when it cannot be stored). */
static struct vcheck *add_bounded(struct vchecks *v, const char *layer, const char *name, double m,
				  double lo, double hi, const char *unit, const char *note)
{
	struct vcheck *c = add(v, layer, name);
	if (!c)
		return NULL;
	c->measured = m;
	c->lo = lo;
	c->hi = hi;
	snprintf(c->unit, sizeof(c->unit), "%s", unit);
	snprintf(c->note, sizeof(c->note), "%s", note ? note : "");
	return c;
}

void check_rel(struct vchecks *v, const char *layer, const char *name, double m, double e,
	       double tol, const char *unit, const char *note)
{
	struct vcheck *c = add_bounded(v, layer, name, m, -tol, tol, unit, note);
	if (!c)
		return;
	c->expected = e;
	snprintf(c->bound, sizeof(c->bound), "|err| <= %.0f%%", tol * 100);
	c->status = isfinite(m) && fabs(m / e - 1) <= tol ? VCHECK_PASS : VCHECK_FAIL;
}

void check_range(struct vchecks *v, const char *layer, const char *name, double m, double lo,
		 double hi, const char *unit, const char *note)
{
	struct vcheck *c = add_bounded(v, layer, name, m, lo, hi, unit, note);
	if (!c)
		return;
	snprintf(c->bound, sizeof(c->bound), "%g <= x <= %g", lo, hi);
	c->status = isfinite(m) && m >= lo && m <= hi ? VCHECK_PASS : VCHECK_FAIL;
}

void check_skip(struct vchecks *v, const char *layer, const char *name, const char *why)
{
	struct vcheck *c = add(v, layer, name);
	if (!c)
		return;
	c->measured = NAN;
	c->status = VCHECK_SKIP;
	snprintf(c->note, sizeof(c->note), "%s", why);
}

void check_conservation(struct vchecks *v, const char *tag, const struct csvio_table *t)
{
	int cm = csvio_column(t, "model"), ck = csvio_column(t, "metric"),
	    cv = csvio_column(t, "value");
	if (cm < 0 || ck < 0 || cv < 0)
		return;
	for (int r = 1; r < t->n_rows; r++) {
		if (t->n_fields[r] <= cm || t->n_fields[r] <= ck || t->n_fields[r] <= cv ||
		    strcmp(t->rows[r][ck], "requests_issued"))
			continue;
		const char *m = t->rows[r][cm];
		double iss = strtod(t->rows[r][cv], NULL);
		double rest = csvio_tidy_value(t, m, "requests_completed") +
			      csvio_tidy_value(t, m, "requests_dropped") +
			      csvio_tidy_value(t, m, "requests_inflight_end");
		char name[96];
		snprintf(name, sizeof(name), "conservation %s/%s", tag, m);
		check_range(v, "conserve", name, iss - rest, -1e-6 * iss - 1e-9, 1e-6 * iss + 1e-9,
			    "requests", "issued - (completed + dropped + inflight_end)");
	}
}

const char *vcheck_word(enum vcheck_status s)
{
	return s == VCHECK_PASS ? "PASS" : s == VCHECK_FAIL ? "FAIL" : "SKIP";
}

void check_expect(struct vchecks *v, enum vcheck_status expect, const char *why)
{
	if (!v->n)
		return;
	struct vcheck *c = &v->c[v->n - 1];
	c->expect = expect;
	snprintf(c->why, sizeof(c->why), "%s", why ? why : "");
}
