/*
 * sweep_plot — sweep.csv pivoted into small tables for gnuplot.
 *
 * Why not let gnuplot read sweep.csv directly: it is long (one row per metric) and quoted, and
 * gnuplot has no pivot; a C pass that knows the columns is shorter than the gnuplot to do it.
 */
#define _GNU_SOURCE
#include "sweep_plot.h"

#include <errno.h>
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "csvio.h"
#include "plot.h"
#include "sweepdir.h"

/* ======================= sweep.csv as cells and series ======================= */

/* One (point, model): a run of consecutive rows of sweep.csv. */
struct cell {
	int series;      /* index into figdata.labels */
	const char *x;   /* the x axis value as written */
	double xv;       /* numeric x (or the category's rank) */
	int r0, r1;      /* rows [r0, r1) */
};

/* sweep.csv cut into cells and series, for every figure. */
struct figdata {
	const struct csvio_table *t;  /* sweep.csv */
	int c_metric, c_value, c_model, c_point; /* its columns */
	int n_axes, xaxis;        /* axis columns are 1..n_axes; xaxis: column, or -1 */
	bool xcat, logx;          /* x as categories; x on a log scale */
	struct cell *cells;       /* one per (point, model) */
	int n_cells;              /* entries in cells[] */
	char (*labels)[256];      /* per series */
	int n_series;             /* entries in labels[] */
	int *order;               /* cells sorted by series, then x */
};

static bool is_number(const char *s, double *out)
{
	char *end;
	errno = 0;
	double d = strtod(s, &end);
	if (end == s || *end || errno || !isfinite(d))
		return false;
	*out = d;
	return true;
}

/* The value of @metric in a cell; @fallback when absent. */
static double cell_metric(const struct figdata *d, const struct cell *c, const char *metric,
			  double fallback)
{
	for (int r = c->r0; r < c->r1; r++)
		if (!strcmp(d->t->rows[r][d->c_metric], metric))
			return strtod(d->t->rows[r][d->c_value], NULL);
	return fallback;
}

/* Mean and CI bounds (bounds = mean without replications). */
static void cell_ci(const struct figdata *d, const struct cell *c, const char *metric, double *y,
		    double *lo, double *hi)
{
	char nm[128];
	*y = cell_metric(d, c, metric, NAN);
	snprintf(nm, sizeof(nm), "%s_ci_lo", metric);
	*lo = cell_metric(d, c, nm, *y);
	snprintf(nm, sizeof(nm), "%s_ci_hi", metric);
	*hi = cell_metric(d, c, nm, *y);
}

/* gnuplot strings are double-quoted: keep labels free of quotes. */
static void clean_label(char *s)
{
	for (; *s; s++)
		if (*s == '"' || *s == '\'' || *s == '\n')
			*s = ' ';
}

static int cmp_cells(const void *a, const void *b, void *ctx)
{
	const struct figdata *d = ctx;
	const struct cell *x = &d->cells[*(const int *)a], *y = &d->cells[*(const int *)b];
	if (x->series != y->series)
		return x->series - y->series;
	if (x->xv != y->xv)
		return x->xv < y->xv ? -1 : 1;
	return *(const int *)a - *(const int *)b;
}

static int build(struct figdata *d, const struct csvio_table *t, const char *xkey, char *err,
		 size_t errn)
{
	memset(d, 0, sizeof(*d));
	d->t = t;
	int c_run = csvio_column(t, "run_id");
	d->c_metric = csvio_column(t, "metric");
	d->c_value = csvio_column(t, "value");
	d->c_model = csvio_column(t, "model");
	d->c_point = csvio_column(t, "point");
	if (c_run < 1 || d->c_metric < 0 || d->c_value < 0 || d->c_model < 0 || d->c_point != 0) {
		snprintf(err, errn, "not a sweep.csv (expected point,<axes>,run_id,...,metric,value,unit)");
		return 2;
	}
	for (int r = 1; r < t->n_rows; r++)
		if (t->n_fields[r] != t->n_fields[0]) {
			snprintf(err, errn, "sweep.csv: row %d: expected %d fields", r + 1, t->n_fields[0]);
			return 2;
		}
	d->n_axes = c_run - 1;
	/* Which axes vary (an axis of one value does not make series). */
	bool varies[64] = { 0 };
	for (int a = 1; a <= d->n_axes && a < 64; a++)
		for (int r = 2; r < t->n_rows && !varies[a]; r++)
			varies[a] = strcmp(t->rows[r][a], t->rows[1][a]) != 0;
	d->xaxis = -1;
	if (xkey) {
		for (int a = 1; a <= d->n_axes; a++)
			if (!strcmp(t->rows[0][a], xkey))
				d->xaxis = a;
		if (d->xaxis < 0) {
			snprintf(err, errn, "--x %s: not an axis of this sweep", xkey);
			return 2;
		}
	}
	for (int a = 1; a <= d->n_axes && d->xaxis < 0; a++) {
		bool num = true;
		double v;
		for (int r = 1; r < t->n_rows && num; r++)
			num = is_number(t->rows[r][a], &v);
		if (num && varies[a])
			d->xaxis = a;
	}
	if (d->xaxis < 0 && d->n_axes)
		d->xaxis = 1;
	d->cells = calloc((size_t)t->n_rows, sizeof(*d->cells));
	d->labels = calloc((size_t)t->n_rows, sizeof(*d->labels));
	d->order = calloc((size_t)t->n_rows, sizeof(*d->order));
	/* Categories of a non-numeric x keep their order of first appearance. */
	const char **cats = calloc((size_t)t->n_rows, sizeof(*cats));
	if (!d->cells || !d->labels || !d->order || !cats) {
		snprintf(err, errn, "no memory to tabulate %d rows of sweep.csv", t->n_rows);
		free(cats);
		return -1;
	}
	int n_cats = 0;
	double lo = INFINITY, hi = -INFINITY;
	bool numeric = true;
	for (int r = 1; r < t->n_rows; r++) {
		double v;
		if (d->xaxis > 0 && !is_number(t->rows[r][d->xaxis], &v))
			numeric = false;
	}
	d->xcat = d->xaxis > 0 && !numeric;
	for (int r = 1; r < t->n_rows; r++) {
		char **row = t->rows[r];
		struct cell *prev = d->n_cells ? &d->cells[d->n_cells - 1] : NULL;
		if (prev && !strcmp(t->rows[prev->r0][0], row[0]) &&
		    !strcmp(t->rows[prev->r0][d->c_model], row[d->c_model])) {
			prev->r1 = r + 1;
			continue;
		}
		struct cell *c = &d->cells[d->n_cells++];
		c->r0 = r;
		c->r1 = r + 1;
		c->x = d->xaxis > 0 ? row[d->xaxis] : row[0];
		if (d->xcat) {
			int k = 0;
			while (k < n_cats && strcmp(cats[k], c->x))
				k++;
			if (k == n_cats)
				cats[n_cats++] = c->x;
			c->xv = k;
		} else {
			c->xv = strtod(c->x, NULL);
			lo = fmin(lo, c->xv);
			hi = fmax(hi, c->xv);
		}
		char label[256];
		int len = snprintf(label, sizeof(label), "%s", row[d->c_model]);
		for (int a = 1; a <= d->n_axes && a < 64; a++) {
			if (a == d->xaxis || !varies[a])
				continue;
			const char *k = strrchr(t->rows[0][a], '.');
			len += snprintf(label + len, sizeof(label) - (size_t)len, " %s=%s",
					k ? k + 1 : t->rows[0][a], row[a]);
			if (len >= (int)sizeof(label))
				len = sizeof(label) - 1;
		}
		clean_label(label);
		int s = 0;
		while (s < d->n_series && strcmp(d->labels[s], label))
			s++;
		if (s == d->n_series)
			snprintf(d->labels[d->n_series++], sizeof(d->labels[0]), "%s", label);
		c->series = s;
	}
	free(cats);
	d->logx = !d->xcat && lo > 0 && hi / lo >= 50;
	for (int i = 0; i < d->n_cells; i++)
		d->order[i] = i;
	qsort_r(d->order, (size_t)d->n_cells, sizeof(int), cmp_cells, d);
	return 0;
}

static void figdata_free(struct figdata *d)
{
	free(d->cells);
	free(d->labels);
	free(d->order);
}

/* ======================= the figures ======================= */

enum fig { FIG_THROUGHPUT, FIG_LATENCY, FIG_EFFICIENCY, FIG_CPU, FIG_BLOCK };

/* Write one figure's table; returns the number of series (blocks) or rows written, -1 on error. */
static int write_dat(const struct figdata *d, enum fig fig, const char *path)
{
	FILE *f = fopen(path, "w");
	if (!f)
		return -1;
	int blocks = 0, cur = -1;
	fprintf(f, "# vriosim sweep figure table (see sim/sweep/sweep_plot.h)\n");
	for (int i = 0; i < d->n_cells; i++) {
		const struct cell *c = &d->cells[d->order[i]];
		const char *lab = d->labels[c->series];
		double y, lo, hi, y2, lo2, hi2;
		switch (fig) {
		case FIG_THROUGHPUT:
		case FIG_LATENCY:
		case FIG_EFFICIENCY:
			if (fig == FIG_LATENCY) {
				cell_ci(d, c, "latency_p50_us", &y, &lo, &hi);
				cell_ci(d, c, "latency_p99_us", &y2, &lo2, &hi2);
			} else {
				cell_ci(d, c, "throughput_rps", &y, &lo, &hi);
				double div = 1e3;
				if (fig == FIG_EFFICIENCY) {
					double io = cell_metric(d, c, "io_cores", 0);
					if (!(io > 0))
						continue; /* no dedicated I/O cores: efficiency undefined */
					div *= io;
				}
				y /= div;
				lo /= div;
				hi /= div;
			}
			if (isnan(y))
				continue;
			if (c->series != cur) {
				/* A new gnuplot data block, its first line naming the series. */
				fprintf(f, "%s\"%s\" y y_lo y_hi y2 y2_lo y2_hi xtic\n", blocks ? "\n\n" : "",
					lab);
				cur = c->series;
				blocks++;
			}
			if (fig != FIG_LATENCY)
				y2 = lo2 = hi2 = 0;
			fprintf(f, "%.10g %.10g %.10g %.10g %.10g %.10g %.10g \"%s\"\n", c->xv, y, lo, hi, y2,
				lo2, hi2, c->x);
			break;
		case FIG_CPU:
		case FIG_BLOCK:
			if (!blocks++)
				fprintf(f, fig == FIG_CPU ? "# label guest exit io poll\n"
							 : "# label p50 p50_lo p50_hi p99 p99_lo p99_hi\n");
			char label[320];
			snprintf(label, sizeof(label), "%s%s%s", lab, d->xaxis > 0 ? " @" : "",
				 d->xaxis > 0 ? c->x : "");
			clean_label(label);
			if (fig == FIG_CPU) {
				fprintf(f, "\"%s\" %.10g %.10g %.10g %.10g\n", label,
					cell_metric(d, c, "cpu_guest_cores", 0),
					cell_metric(d, c, "cpu_exit_cores", 0),
					cell_metric(d, c, "cpu_io_cores", 0),
					cell_metric(d, c, "cpu_poll_cores", 0));
			} else {
				cell_ci(d, c, "latency_p50_us", &y, &lo, &hi);
				cell_ci(d, c, "latency_p99_us", &y2, &lo2, &hi2);
				fprintf(f, "\"%s\" %.10g %.10g %.10g %.10g %.10g %.10g\n", label, y, lo, hi,
					y2, lo2, hi2);
			}
			break;
		}
	}
	if (fclose(f))
		return -1;
	return blocks;
}

static const char *const fig_names[] = { "throughput", "latency", "efficiency", "cpu", "block" };

int sweep_plot_render(const char *dir, const char *xkey, const char *formats, bool quiet,
		      char *err, size_t errn)
{
	char path[PATH_MAX];
	snprintf(path, sizeof(path), "%s/%s", dir, SWEEP_CSV);
	struct csvio_table t;
	if (csvio_read(path, &t, err, errn))
		return 2;
	struct figdata d;
	int rc = build(&d, &t, xkey, err, errn);
	bool block = false;
	for (int a = 1; a <= d.n_axes; a++)
		block |= !strcmp(t.rows[0][a], "device.placement");
	for (int fig = FIG_THROUGHPUT; !rc && fig <= FIG_BLOCK; fig++) {
		if (fig == FIG_BLOCK && !block)
			continue;
		char dat[PATH_MAX], out[PATH_MAX], script[64], vars[1024], xl[128];
		snprintf(dat, sizeof(dat), "%s/%s.dat", dir, fig_names[fig]);
		snprintf(script, sizeof(script), "%s.gp", fig_names[fig]);
		int n = write_dat(&d, (enum fig)fig, dat);
		if (n < 0) {
			snprintf(err, errn, "%s: cannot write (%s)", dat, strerror(errno));
			rc = -1;
			break;
		}
		if (n == 0)
			continue; /* nothing to show (e.g. no model with dedicated I/O cores) */
		snprintf(xl, sizeof(xl), "%s", d.xaxis > 0 ? t.rows[0][d.xaxis] : "point");
		clean_label(xl);
		snprintf(vars, sizeof(vars), "nseries=%d; xlabel='%s'; xcat=%d; logx=%d", n, xl,
			 d.xcat, d.logx);
		for (const char *f = formats; *f && !rc;) {
			size_t k = strcspn(f, ",");
			snprintf(out, sizeof(out), "%s/%s.%.*s", dir, fig_names[fig], (int)k, f);
			if (plot_render(script, dat, out, vars, err, errn))
				rc = -1;
			else if (!quiet)
				printf("wrote %s\n", out);
			f += k + (f[k] == ',');
		}
	}
	figdata_free(&d);
	csvio_free(&t);
	return rc;
}
