/*
 * plan — the cartesian product of a scenario's axes, every point resolved and stamped.
 */
#define _GNU_SOURCE
#include "plan.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "csvio.h"
#include "budget.h"
#include "fsutil.h"
#include "sweepdir.h"
#include "version.h"

#define SWEEP_MAX_POINTS 100000

/* Directory names are made of the axis assignments, so a user can find a point with ls. */
static void sanitize(char *s)
{
	for (; *s; s++)
		if (!((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') || (*s >= '0' && *s <= '9') ||
		      strchr("._-=,+", *s)))
			*s = '_';
}

/* ======================= axes ======================= */

static void axis_free(struct scn_axis *a)
{
	for (int i = 0; i < a->n; i++)
		free(a->values[i]);
	a->n = 0;
}

/* --axis section.key=v1,v2,... into @a. 0, or -1 with @err. */
static int axis_parse(struct scn_axis *a, const char *text, char *err, size_t errn)
{
	const char *eq = strchr(text, '=');
	memset(a, 0, sizeof(*a));
	if (!eq || eq == text || (size_t)(eq - text) >= sizeof(a->key)) {
		snprintf(err, errn, "--axis %s: expected section.key=v1,v2,...", text);
		return -1;
	}
	memcpy(a->key, text, (size_t)(eq - text));
	if (!scenario_key_exists(a->key)) {
		char hint[160];
		snprintf(err, errn, "--axis %s: unknown key %s%s", text, a->key,
			 scenario_key_suggest(a->key, hint, sizeof(hint)));
		return -1;
	}
	const char *why;
	if (scenario_axis_values(a, eq + 1, &why)) {
		snprintf(err, errn, "--axis %s: %s", text, why);
		axis_free(a);
		return -1;
	}
	return 0;
}

/* ======================= points ======================= */

int sweep_point_scenario(const struct sweep_plan *plan, const struct sweep_spec *spec,
			 const struct sweep_point *pt, struct scenario *s, char *err, size_t errn)
{
	char serr[SCN_ERR_MAX];
	if (scenario_load(s, spec->file, serr)) {
		snprintf(err, errn, "%s", serr);
		return -1;
	}
	for (int i = 0; i < spec->n_sets; i++)
		if (scenario_set(s, spec->sets[i], serr)) {
			snprintf(err, errn, "%s", serr);
			return -1;
		}
	for (int a = 0; a < plan->n_axes; a++) {
		char *asg;
		if (asprintf(&asg, "%s=%s", plan->axes[a].key, pt->values[a]) < 0) {
			snprintf(err, errn, "point %s: out of memory", pt->name);
			return -1;
		}
		int bad = scenario_set(s, asg, serr);
		free(asg);
		if (bad) {
			/* scenario_set names it "--set k=v: ..."; here it came from an axis. */
			snprintf(err, errn, "axis %s", serr + (strncmp(serr, "--set ", 6) ? 0 : 6));
			return -1;
		}
	}
	return 0;
}

/* Resolve point @pt: the scenario with the sets and this point's axis values, checked and
 * stamped. An impossible combination is not an error here (pt->invalid says why). 0, or -1
 * with @err (a bad key or value: an input error). */
static int resolve_point(struct sweep_plan *plan, const struct sweep_spec *spec,
			 struct sweep_point *pt, struct scenario *s, char *err, size_t errn)
{
	char serr[SCN_ERR_MAX];
	int rc = -1;
	if (sweep_point_scenario(plan, spec, pt, s, err, errn))
		goto out;
	if (scenario_check(s, serr))
		snprintf(pt->invalid, sizeof(pt->invalid), "%s", serr);
	else if (!spec->force_runs && budget_check(s, "vriosim sweep --force-runs", serr, sizeof(serr)))
		snprintf(pt->invalid, sizeof(pt->invalid), "%s", serr); /* cannot finish here */
	if (!pt->invalid[0] && s->note[0] && !plan->note[0])
		snprintf(plan->note, sizeof(plan->note), "%s", s->note);
	pt->stamp = sweepdir_stamp(s);
	if (!pt->stamp) {
		snprintf(err, errn, "point %s: cannot make its stamp (%s)", pt->name, strerror(errno));
		goto out;
	}
	pt->stamp_hash = sweepdir_hash(pt->stamp);
	rc = 0;
out:
	scenario_free(s);
	return rc;
}

/* The plan's axes: the scenario file's, in file order; a command-line axis replaces the file's
 * axis of the same key in place, or comes after them. 0, or -1 with @err. */
static int plan_axes(struct sweep_plan *plan, const struct sweep_spec *spec, struct scenario *s,
		     char *err, size_t errn)
{
	char serr[SCN_ERR_MAX];
	int rc = -1;
	if (scenario_load(s, spec->file, serr)) {
		snprintf(err, errn, "%s", serr);
		goto out;
	}
	snprintf(plan->scenario, sizeof(plan->scenario), "%s", s->name);
	for (int a = 0; a < s->n_axes; a++) {
		struct scn_axis *d = &plan->axes[plan->n_axes++];
		snprintf(d->key, sizeof(d->key), "%s", s->axes[a].key);
		for (int i = 0; i < s->axes[a].n; i++) {
			if (!(d->values[d->n] = strdup(s->axes[a].values[i]))) {
				snprintf(err, errn, "axis %s: cannot copy its values (%s)", d->key,
					 strerror(errno));
				goto out;
			}
			d->n++;
		}
	}
	for (int c = 0; c < spec->n_cli_axes; c++) {
		struct scn_axis a;
		if (axis_parse(&a, spec->cli_axes[c], err, errn))
			goto out;
		for (int e = 0; e < c; e++) {
			const char *other = spec->cli_axes[e];
			if (!strncmp(other, a.key, strlen(a.key)) && other[strlen(a.key)] == '=') {
				/* Which of the two was meant? Every point would run twice. */
				snprintf(err, errn, "--axis %s: --axis %s given twice", spec->cli_axes[c],
					 a.key);
				axis_free(&a);
				goto out;
			}
		}
		int k = 0;
		while (k < plan->n_axes && strcmp(plan->axes[k].key, a.key))
			k++;
		if (k == SCN_MAX_AXES) {
			snprintf(err, errn, "--axis %s: at most %d axes", spec->cli_axes[c], SCN_MAX_AXES);
			axis_free(&a);
			goto out;
		}
		if (k < plan->n_axes)
			axis_free(&plan->axes[k]);
		else
			plan->n_axes++;
		plan->axes[k] = a;
	}
	rc = 0;
out:
	scenario_free(s);
	return rc;
}

/* Name point @p: its axis assignments, so a user can find it with ls. */
static void name_point(struct sweep_plan *plan, int p)
{
	struct sweep_point *pt = &plan->points[p];
	int len = 0;
	for (int a = 0; a < plan->n_axes; a++)
		len += snprintf(pt->name + len, sizeof(pt->name) - (size_t)len, "%s%s=%s",
				a ? "," : "", plan->axes[a].key, pt->values[a]);
	if (!plan->n_axes)
		snprintf(pt->name, sizeof(pt->name), "base");
	bool clash = len >= 200;
	sanitize(pt->name);
	for (int q = 0; q < p && !clash; q++)
		clash = !strcmp(plan->points[q].name, pt->name);
	if (clash) /* too long, or two values that sanitize alike: fall back to a number */
		snprintf(pt->name, sizeof(pt->name), "point%05d", p);
}

int sweep_plan_build(struct sweep_plan *plan, const struct sweep_spec *spec, char *err, size_t errn)
{
	memset(plan, 0, sizeof(*plan));
	struct scenario *s = malloc(sizeof(*s));
	if (!s) {
		snprintf(err, errn, "no memory for a scenario (%zu bytes)", sizeof(*s));
		return -1;
	}
	if (plan_axes(plan, spec, s, err, errn))
		goto fail;
	long total = 1;
	for (int a = 0; a < plan->n_axes; a++) {
		const struct scn_axis *ax = &plan->axes[a];
		for (int i = 0; i < ax->n; i++)
			for (int j = 0; j < i; j++)
				if (!strcmp(ax->values[i], ax->values[j])) {
					snprintf(err, errn, "axis %s: value %s appears twice", ax->key,
						 ax->values[i]);
					goto fail;
				}
		total *= ax->n;
		if (total > SWEEP_MAX_POINTS) {
			snprintf(err, errn, "the sweep has more than %d points", SWEEP_MAX_POINTS);
			goto fail;
		}
	}
	plan->points = calloc((size_t)total, sizeof(*plan->points));
	if (!plan->points) {
		snprintf(err, errn, "no memory for %ld points", total);
		goto fail;
	}
	plan->n_points = (int)total;
	for (int p = 0; p < plan->n_points; p++) {
		struct sweep_point *pt = &plan->points[p];
		pt->index = p;
		/* Mixed radix, last axis fastest: the order a reader expects from nested loops. */
		int rem = p;
		for (int a = plan->n_axes - 1; a >= 0; a--) {
			pt->values[a] = plan->axes[a].values[rem % plan->axes[a].n];
			rem /= plan->axes[a].n;
		}
		name_point(plan, p);
		if (resolve_point(plan, spec, pt, s, err, errn))
			goto fail;
	}
	free(s);
	return 0;
fail:
	free(s);
	sweep_plan_free(plan);
	return -1;
}

void sweep_plan_free(struct sweep_plan *plan)
{
	for (int p = 0; p < plan->n_points; p++)
		free(plan->points[p].stamp);
	free(plan->points);
	for (int a = 0; a < plan->n_axes; a++)
		axis_free(&plan->axes[a]);
	memset(plan, 0, sizeof(*plan));
}

/* ======================= sweep.plan.csv ======================= */

static int fill_plan(FILE *f, void *ctx)
{
	const struct sweep_plan *plan = ctx;
	fprintf(f, "# %s\n", version_string());
	csvio_put_quoted(f, "point", false);
	csvio_put_quoted(f, "dir", false);
	csvio_put_quoted(f, "stamp", plan->n_axes == 0);
	for (int a = 0; a < plan->n_axes; a++)
		csvio_put_quoted(f, plan->axes[a].key, a == plan->n_axes - 1);
	for (int p = 0; p < plan->n_points; p++) {
		const struct sweep_point *pt = &plan->points[p];
		char idx[16], h[32];
		snprintf(idx, sizeof(idx), "%d", pt->index);
		snprintf(h, sizeof(h), "%016llx", (unsigned long long)pt->stamp_hash);
		csvio_put_quoted(f, idx, false);
		csvio_put_quoted(f, pt->name, false);
		csvio_put_quoted(f, h, plan->n_axes == 0);
		for (int a = 0; a < plan->n_axes; a++)
			csvio_put_quoted(f, pt->values[a], a == plan->n_axes - 1);
	}
	return ferror(f) ? -1 : 0;
}

int sweep_plan_write(const struct sweep_plan *plan, const char *dir, char *err, size_t errn)
{
	char path[PATH_MAX];
	snprintf(path, sizeof(path), "%s/runs", dir);
	if (fs_mkdir_p(path)) {
		snprintf(err, errn, "-o %s: cannot create the directory (%s)", dir, strerror(errno));
		return -1;
	}
	snprintf(path, sizeof(path), "%s/%s", dir, SWEEP_PLAN);
	if (fs_atomic_write(path, fill_plan, (void *)plan)) {
		snprintf(err, errn, "%s: cannot write (%s)", path, strerror(errno));
		return -1;
	}
	return 0;
}

