/*
 * merge — per-point summaries into one tidy sweep.csv.
 */
#define _GNU_SOURCE
#include "merge.h"

#include <csv.h>
#include <errno.h>
#include <inttypes.h>
#include <limits.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "csvfield.h"
#include "results.h"
#include "sweep.h"

/* ---- reading CSV ---- */

struct read_ctx {
	struct merge_table *t;
	char **fields;
	int n, cap;
	bool oom;
};

static void on_field(void *data, size_t len, void *user)
{
	struct read_ctx *c = user;
	if (c->oom)
		return;
	if (c->n == c->cap) {
		int cap = c->cap ? 2 * c->cap : 16;
		char **f = realloc(c->fields, (size_t)cap * sizeof(*f));
		if (!f) {
			c->oom = true;
			return;
		}
		c->fields = f;
		c->cap = cap;
	}
	char *s = malloc(len + 1);
	if (!s) {
		c->oom = true;
		return;
	}
	memcpy(s, data, len);
	s[len] = 0;
	c->fields[c->n++] = s;
}

static void on_row(int ch, void *user)
{
	struct read_ctx *c = user;
	struct merge_table *t = c->t;
	if (c->oom)
		return;
	if (t->n_rows == t->cap) {
		int cap = t->cap ? 2 * t->cap : 64;
		char ***r = realloc(t->rows, (size_t)cap * sizeof(*r));
		int *nf = realloc(t->n_fields, (size_t)cap * sizeof(*nf));
		if (r)
			t->rows = r;
		if (nf)
			t->n_fields = nf;
		if (!r || !nf) {
			c->oom = true;
			return;
		}
		t->cap = cap;
	}
	char **copy = malloc((size_t)(c->n ? c->n : 1) * sizeof(*copy));
	if (!copy) {
		c->oom = true;
		return;
	}
	memcpy(copy, c->fields, (size_t)c->n * sizeof(*copy));
	t->rows[t->n_rows] = copy;
	t->n_fields[t->n_rows++] = c->n;
	c->n = 0;
}

int merge_read_csv(const char *path, struct merge_table *t, char *err, size_t errn)
{
	memset(t, 0, sizeof(*t));
	FILE *f = fopen(path, "rb");
	if (!f) {
		snprintf(err, errn, "%s: cannot open (%s)", path, strerror(errno));
		return -1;
	}
	struct csv_parser p;
	csv_init(&p, CSV_STRICT | CSV_APPEND_NULL);
	struct read_ctx c = { .t = t };
	char line[16384];
	bool body = false;
	int lineno = 0, rc = 0;
	/* Comment lines (the version stamp) only before the data: '#' inside data is data. */
	while (fgets(line, sizeof(line), f)) {
		lineno++;
		if (!body && line[0] == '#')
			continue;
		body = true;
		size_t n = strlen(line);
		if (csv_parse(&p, line, n, on_field, on_row, &c) != n) {
			snprintf(err, errn, "%s:%d: %s", path, lineno, csv_strerror(csv_error(&p)));
			rc = -1;
			break;
		}
	}
	if (!rc && csv_fini(&p, on_field, on_row, &c)) {
		snprintf(err, errn, "%s:%d: %s", path, lineno, csv_strerror(csv_error(&p)));
		rc = -1;
	}
	csv_free(&p);
	fclose(f);
	for (int i = 0; i < c.n; i++)
		free(c.fields[i]);
	free(c.fields);
	if (!rc && c.oom) {
		snprintf(err, errn, "%s: out of memory", path);
		rc = -1;
	}
	if (rc)
		merge_table_free(t);
	return rc;
}

void merge_table_free(struct merge_table *t)
{
	for (int r = 0; r < t->n_rows; r++) {
		for (int i = 0; i < t->n_fields[r]; i++)
			free(t->rows[r][i]);
		free(t->rows[r]);
	}
	free(t->rows);
	free(t->n_fields);
	memset(t, 0, sizeof(*t));
}

int merge_column(const struct merge_table *t, const char *name)
{
	if (!t->n_rows)
		return -1;
	for (int i = 0; i < t->n_fields[0]; i++)
		if (!strcmp(t->rows[0][i], name))
			return i;
	return -1;
}

/* ---- merging ---- */

static const char *const summary_cols[] = { "run_id", "scenario", "model", "seed",
					    "replication", "metric", "value", "unit" };
#define N_SUMMARY_COLS 8

struct merge_ctx {
	const char *dir;
	struct merge_table plan;
	int n_axes;
	int *missing;
	bool report;
	char *err;
	size_t errn;
};

/* Is the point's result the one the plan asked for? Its params.txt hashes to the plan's stamp. */
static bool point_complete(const char *rundir, const char *stamp_hex)
{
	char path[PATH_MAX + 16];
	snprintf(path, sizeof(path), "%s/params.txt", rundir);
	char *buf = sweep_slurp(path);
	if (!buf)
		return false;
	char hex[32];
	snprintf(hex, sizeof(hex), "%016" PRIx64, sweep_hash(buf));
	free(buf);
	return !strcmp(hex, stamp_hex);
}

static int fill_sweep(FILE *f, void *ctx)
{
	struct merge_ctx *c = ctx;
	const struct merge_table *pl = &c->plan;
	fprintf(f, "# %s\n", results_version());
	csvfield_put_quoted(f, "point", false);
	for (int a = 0; a < c->n_axes; a++)
		csvfield_put_quoted(f, pl->rows[0][3 + a], false);
	for (int i = 0; i < N_SUMMARY_COLS; i++)
		csvfield_put_quoted(f, summary_cols[i], i == N_SUMMARY_COLS - 1);
	for (int r = 1; r < pl->n_rows; r++) {
		char **pr = pl->rows[r];
		if (pl->n_fields[r] != 3 + c->n_axes) {
			snprintf(c->err, c->errn, "%s/%s: row %d: expected %d fields", c->dir, SWEEP_PLAN,
				 r + 1, 3 + c->n_axes);
			return -1;
		}
		char rundir[PATH_MAX], path[PATH_MAX + 16];
		snprintf(rundir, sizeof(rundir), "%s/runs/%s", c->dir, pr[1]);
		snprintf(path, sizeof(path), "%s/summary.csv", rundir);
		struct merge_table sum;
		char rerr[512];
		if (!point_complete(rundir, pr[2]) || merge_read_csv(path, &sum, rerr, sizeof(rerr))) {
			if (c->report)
				fprintf(stderr, "vriosim merge: point %s (%s): no results for its parameters\n",
					pr[0], pr[1]);
			(*c->missing)++;
			continue;
		}
		bool header_ok = sum.n_rows > 0 && sum.n_fields[0] == N_SUMMARY_COLS;
		for (int i = 0; header_ok && i < N_SUMMARY_COLS; i++)
			header_ok = !strcmp(sum.rows[0][i], summary_cols[i]);
		if (!header_ok) {
			snprintf(c->err, c->errn, "%s: unexpected header (expected %s,...)", path,
				 summary_cols[0]);
			merge_table_free(&sum);
			return -1;
		}
		for (int s = 1; s < sum.n_rows; s++) {
			if (sum.n_fields[s] != N_SUMMARY_COLS) {
				snprintf(c->err, c->errn, "%s: row %d: expected %d fields", path, s + 1,
					 N_SUMMARY_COLS);
				merge_table_free(&sum);
				return -1;
			}
			csvfield_put_quoted(f, pr[0], false);
			for (int a = 0; a < c->n_axes; a++)
				csvfield_put_quoted(f, pr[3 + a], false);
			for (int i = 0; i < N_SUMMARY_COLS; i++)
				csvfield_put_quoted(f, sum.rows[s][i], i == N_SUMMARY_COLS - 1);
		}
		merge_table_free(&sum);
	}
	return ferror(f) ? -1 : 0;
}

int merge_sweep(const char *dir, bool report, int *missing, char *err, size_t errn)
{
	struct merge_ctx c = { .dir = dir, .missing = missing, .report = report, .err = err, .errn = errn };
	*missing = 0;
	err[0] = 0;
	char path[PATH_MAX];
	snprintf(path, sizeof(path), "%s/%s", dir, SWEEP_PLAN);
	if (merge_read_csv(path, &c.plan, err, errn))
		return -1;
	if (!c.plan.n_rows || c.plan.n_fields[0] < 3 || strcmp(c.plan.rows[0][0], "point") ||
	    strcmp(c.plan.rows[0][1], "dir") || strcmp(c.plan.rows[0][2], "stamp")) {
		snprintf(err, errn, "%s: not a sweep plan (expected header point,dir,stamp,...)", path);
		merge_table_free(&c.plan);
		return -1;
	}
	c.n_axes = c.plan.n_fields[0] - 3;
	snprintf(path, sizeof(path), "%s/%s", dir, SWEEP_CSV);
	int rc = results_atomic_write(path, fill_sweep, &c);
	if (rc && !err[0])
		snprintf(err, errn, "%s: cannot write (%s)", path, strerror(errno));
	merge_table_free(&c.plan);
	return rc ? -1 : 0;
}
