/*
 * merge — per-point summaries into one tidy sweep.csv.
 */
#define _GNU_SOURCE
#include "merge.h"

#include <errno.h>
#include <limits.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "csvio.h"
#include "fsutil.h"
#include "sweepdir.h"
#include "version.h"

static const char *const summary_cols[] = { "run_id", "scenario", "model", "seed",
					    "replication", "metric", "value", "unit" };
#define N_SUMMARY_COLS 8

/* What fill_sweep needs. */
struct merge_ctx {
	const char *dir;             /* the sweep's directory */
	struct csvio_table plan;     /* its sweep.plan.csv */
	int n_axes;                  /* axis columns in the plan (after point,dir,stamp) */
	int *missing;                /* points left out */
	bool report;                 /* name them on stderr */
	char *err;                   /* a message, when writing fails */
	size_t errn;                 /* its size */
};

/* Is point @name done under the plan's stamp (hex @stamp_hex)? */
static bool point_done(const char *dir, const char *name, const char *stamp_hex)
{
	char *end;
	errno = 0;
	unsigned long long h = strtoull(stamp_hex, &end, 16);
	if (end == stamp_hex || *end || errno)
		return false;
	return sweepdir_point_done(dir, name, (uint64_t)h);
}

static int fill_sweep(FILE *f, void *ctx)
{
	struct merge_ctx *c = ctx;
	const struct csvio_table *pl = &c->plan;
	fprintf(f, "# %s\n", version_string());
	csvio_put_quoted(f, "point", false);
	for (int a = 0; a < c->n_axes; a++)
		csvio_put_quoted(f, pl->rows[0][3 + a], false);
	for (int i = 0; i < N_SUMMARY_COLS; i++)
		csvio_put_quoted(f, summary_cols[i], i == N_SUMMARY_COLS - 1);
	for (int r = 1; r < pl->n_rows; r++) {
		char **pr = pl->rows[r];
		if (pl->n_fields[r] != 3 + c->n_axes) {
			snprintf(c->err, c->errn, "%s/%s: row %d: expected %d fields", c->dir, SWEEP_PLAN,
				 r + 1, 3 + c->n_axes);
			return -1;
		}
		char path[PATH_MAX];
		sweepdir_point_path(path, sizeof(path), c->dir, pr[1], "summary.csv");
		struct csvio_table sum;
		char rerr[512];
		if (!point_done(c->dir, pr[1], pr[2]) || csvio_read(path, &sum, rerr, sizeof(rerr))) {
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
			csvio_free(&sum);
			return -1;
		}
		for (int s = 1; s < sum.n_rows; s++) {
			if (sum.n_fields[s] != N_SUMMARY_COLS) {
				snprintf(c->err, c->errn, "%s: row %d: expected %d fields", path, s + 1,
					 N_SUMMARY_COLS);
				csvio_free(&sum);
				return -1;
			}
			csvio_put_quoted(f, pr[0], false);
			for (int a = 0; a < c->n_axes; a++)
				csvio_put_quoted(f, pr[3 + a], false);
			for (int i = 0; i < N_SUMMARY_COLS; i++)
				csvio_put_quoted(f, sum.rows[s][i], i == N_SUMMARY_COLS - 1);
		}
		csvio_free(&sum);
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
	if (csvio_read(path, &c.plan, err, errn))
		return -1;
	if (!c.plan.n_rows || c.plan.n_fields[0] < 3 || strcmp(c.plan.rows[0][0], "point") ||
	    strcmp(c.plan.rows[0][1], "dir") || strcmp(c.plan.rows[0][2], "stamp")) {
		snprintf(err, errn, "%s: not a sweep plan (expected header point,dir,stamp,...)", path);
		csvio_free(&c.plan);
		return -1;
	}
	c.n_axes = c.plan.n_fields[0] - 3;
	snprintf(path, sizeof(path), "%s/%s", dir, SWEEP_CSV);
	int rc = fs_atomic_write(path, fill_sweep, &c);
	if (rc && !err[0])
		snprintf(err, errn, "%s: cannot write (%s)", path, strerror(errno));
	csvio_free(&c.plan);
	return rc ? -1 : 0;
}
