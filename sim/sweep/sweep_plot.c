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
#include "fsutil.h"
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

/* ======================= what the runs were ======================= */

/* Streams are drawn in Gb/s with their line rate: read the first point's stamp (params.txt:
 * every resolved key) for its workload and wire.gbps. */
static void stream_info(const char *dir, const struct figdata *d, bool *stream, double *line)
{
	*stream = false;
	*line = 0;
	char path[PATH_MAX];
	snprintf(path, sizeof(path), "%s/%s", dir, SWEEP_PLAN);
	struct csvio_table plan;
	char err[256];
	if (csvio_read(path, &plan, err, sizeof(err)))
		return;
	int c_dir = csvio_column(&plan, "dir");
	char *text = NULL;
	if (c_dir >= 0 && plan.n_rows > 1) {
		sweepdir_point_path(path, sizeof(path), dir, plan.rows[1][c_dir], "params.txt");
		text = fs_slurp(path, 0, NULL);
	}
	csvio_free(&plan);
	if (!text)
		return;
	const char *w = strstr(text, "\nworkload.kind="), *g = strstr(text, "\nwire.gbps=");
	if (w) {
		w += strlen("\nworkload.kind=");
		*stream = !strncmp(w, "stream\n", 7) || !strncmp(w, "tcp_stream\n", 11) ||
			  !strncmp(w, "pktgen\n", 7);
	}
	/* The line rate of every point, unless wire.gbps itself is swept. */
	bool swept = false;
	for (int a = 1; a <= d->n_axes; a++)
		swept |= !strcmp(d->t->rows[0][a], "wire.gbps");
	if (g && !swept)
		*line = strtod(g + strlen("\nwire.gbps="), NULL);
	free(text);
}

/* ======================= the figures ======================= */

enum fig { FIG_THROUGHPUT, FIG_LATENCY, FIG_EFFICIENCY, FIG_CPU, FIG_BLOCK };

/* How a cell's point is marked: 0 plain, 1 saturated (a resource at 95% or more, stable), 2
 * unstable (drops or a growing queue). */
static int cell_status(const struct figdata *d, const struct cell *c)
{
	if (cell_metric(d, c, "unstable", 0) > 0)
		return 2;
	return cell_metric(d, c, "bottleneck", 0) >= 0.95 ? 1 : 0;
}

/* A line figure's values of a cell (NAN: none). */
static void cell_values(const struct figdata *d, const struct cell *c, enum fig fig, bool gbps,
			double v[6])
{
	for (int i = 0; i < 6; i++)
		v[i] = 0;
	if (fig == FIG_LATENCY) {
		cell_ci(d, c, "latency_p50_us", &v[0], &v[1], &v[2]);
		cell_ci(d, c, "latency_p99_us", &v[3], &v[4], &v[5]);
		return;
	}
	double div = gbps ? 1 : 1e3;
	cell_ci(d, c, gbps ? "throughput_gbps" : "throughput_rps", &v[0], &v[1], &v[2]);
	if (fig == FIG_EFFICIENCY) {
		double io = cell_metric(d, c, "io_cores", 0);
		div = io > 0 ? div * io : NAN; /* no dedicated I/O cores: efficiency undefined */
	}
	for (int i = 0; i < 3; i++)
		v[i] /= div;
}

/* Is series @s of @fig the same at every x (a model that does not read the swept key: under
 * common random numbers its runs are identical), over two x or more? */
static bool flat_series(const struct figdata *d, enum fig fig, bool gbps, int s)
{
	double first[6], v[6];
	int k = 0;
	if (d->xcat)
		return false;
	for (int i = 0; i < d->n_cells; i++) {
		const struct cell *c = &d->cells[d->order[i]];
		if (c->series != s)
			continue;
		cell_values(d, c, fig, gbps, v);
		if (isnan(v[0]))
			return false;
		if (k++ == 0)
			memcpy(first, v, sizeof(v));
		for (int j = 0; j < 6 && k > 1; j++)
			if (fabs(v[j] - first[j]) > 1e-9 * fabs(first[j]))
				return false;
	}
	return k >= 2;
}

/* What a line figure's table holds: its series, then the flat ones (references), and how many
 * points are marked. */
struct figcount {
	int series, refs;      /* blocks: plain series, then reference series */
	int saturated, unstable; /* points marked */
	double ymin, ymax;     /* positive y range (log y decisions) */
};

/* Write one line figure's table: the series, the references, then a block of the saturated
 * points and one of the unstable points (x and the y to mark: the p99 for latency), each only
 * when there are some. 0, or -1 with errno. */
static int write_lines(const struct figdata *d, enum fig fig, bool gbps, const char *path,
		       struct figcount *n)
{
	FILE *f = fopen(path, "w");
	double (*marks)[3] = calloc((size_t)d->n_cells + 1, sizeof(*marks)); /* x, y, status */
	int n_marks = 0;
	if (!f || !marks) {
		if (f)
			fclose(f);
		free(marks);
		errno = ENOMEM;
		return -1;
	}
	memset(n, 0, sizeof(*n));
	n->ymin = INFINITY;
	n->ymax = 0;
	fprintf(f, "# vriosim sweep figure table (see sim/sweep/sweep_plot.h)\n");
	int blocks = 0;
	double xlo = INFINITY, xhi = -INFINITY;
	for (int i = 0; i < d->n_cells; i++) {
		xlo = fmin(xlo, d->cells[i].xv);
		xhi = fmax(xhi, d->cells[i].xv);
	}
	for (int pass = 0; pass < 2; pass++) {
		for (int s = 0; s < d->n_series; s++) {
			bool ref = flat_series(d, fig, gbps, s);
			if (ref != (pass == 1))
				continue;
			int cur = 0;
			for (int i = 0; i < d->n_cells; i++) {
				const struct cell *c = &d->cells[d->order[i]];
				double v[6];
				if (c->series != s)
					continue;
				cell_values(d, c, fig, gbps, v);
				/* A t-interval of few replications can reach below zero, which no
				 * throughput or latency does. */
				v[1] = fmax(v[1], 0);
				v[4] = fmax(v[4], 0);
				/* A reference line: its two ends are enough. */
				if (isnan(v[0]) || (ref && c->xv != xlo && c->xv != xhi))
					continue;
				if (!cur++) {
					fprintf(f, "%s\"%s%s\" y y_lo y_hi y2 y2_lo y2_hi xtic status\n",
						blocks++ ? "\n\n" : "", d->labels[s],
						ref ? " (the same at every x)" : "");
					n->series += !ref;
					n->refs += ref;
				}
				int st = cell_status(d, c);
				n->saturated += st == 1;
				n->unstable += st == 2;
				if (st) {
					marks[n_marks][0] = c->xv;
					marks[n_marks][1] = fig == FIG_LATENCY ? v[3] : v[0];
					marks[n_marks++][2] = st;
				}
				for (int j = 0; j < 6; j += 3)
					if (v[j] > 0) {
						n->ymin = fmin(n->ymin, v[j]);
						n->ymax = fmax(n->ymax, v[j]);
					}
				fprintf(f, "%.10g %.10g %.10g %.10g %.10g %.10g %.10g \"%s\" %d\n", c->xv,
					v[0], v[1], v[2], v[3], v[4], v[5], c->x, st);
			}
		}
	}
	for (int st = 1; st <= 2; st++) {
		if (!(st == 1 ? n->saturated : n->unstable))
			continue;
		fprintf(f, "%s\"%s\" y\n", blocks++ ? "\n\n" : "", st == 1 ? "saturated" : "unstable");
		for (int i = 0; i < n_marks; i++)
			if (marks[i][2] == st)
				fprintf(f, "%.10g %.10g\n", marks[i][0], marks[i][1]);
	}
	free(marks);
	return fclose(f);
}

/* Write a bar figure's table (cpu, block); returns its rows, -1 on error. Unstable points say so
 * in their label. */
static int write_bars(const struct figdata *d, enum fig fig, const char *path)
{
	FILE *f = fopen(path, "w");
	if (!f)
		return -1;
	int rows = 0;
	fprintf(f, "# vriosim sweep figure table (see sim/sweep/sweep_plot.h)\n");
	fprintf(f, fig == FIG_CPU ? "# label guest exit io poll\n"
				  : "# label p50 p50_lo p50_hi p99 p99_lo p99_hi\n");
	for (int i = 0; i < d->n_cells; i++) {
		const struct cell *c = &d->cells[d->order[i]];
		char label[400];
		int st = cell_status(d, c);
		snprintf(label, sizeof(label), "%s%s%s%s", d->labels[c->series], d->xaxis > 0 ? " @" : "",
			 d->xaxis > 0 ? c->x : "", st == 2 ? " (unstable)" : st == 1 ? " (saturated)" : "");
		clean_label(label);
		rows++;
		if (fig == FIG_CPU) {
			fprintf(f, "\"%s\" %.10g %.10g %.10g %.10g\n", label,
				cell_metric(d, c, "cpu_guest_cores", 0), cell_metric(d, c, "cpu_exit_cores", 0),
				cell_metric(d, c, "cpu_io_cores", 0), cell_metric(d, c, "cpu_poll_cores", 0));
		} else {
			double y, lo, hi, y2, lo2, hi2;
			cell_ci(d, c, "latency_p50_us", &y, &lo, &hi);
			cell_ci(d, c, "latency_p99_us", &y2, &lo2, &hi2);
			fprintf(f, "\"%s\" %.10g %.10g %.10g %.10g %.10g %.10g\n", label, y, lo, hi, y2, lo2,
				hi2);
		}
	}
	if (fclose(f))
		return -1;
	return rows;
}

static const char *const fig_names[] = { "throughput", "latency", "efficiency", "cpu", "block" };

/* Render figure @fig from @dat into every format. 0, or -1 with @err. */
static int render(const char *dir, enum fig fig, const char *dat, const char *vars,
		  const struct sweep_plot_opts *o, char *err, size_t errn)
{
	char script[64], out[PATH_MAX];
	snprintf(script, sizeof(script), "%s.gp", fig_names[fig]);
	for (const char *f = o->formats; *f;) {
		size_t k = strcspn(f, ",");
		snprintf(out, sizeof(out), "%s/%s.%.*s", dir, fig_names[fig], (int)k, f);
		if (plot_render(script, dat, out, vars, err, errn))
			return -1;
		if (!o->quiet)
			printf("wrote %s\n", out);
		f += k + (f[k] == ',');
	}
	return 0;
}

int sweep_plot_render(const char *dir, const struct sweep_plot_opts *o, char *err, size_t errn)
{
	char path[PATH_MAX];
	snprintf(path, sizeof(path), "%s/%s", dir, SWEEP_CSV);
	struct csvio_table t;
	if (csvio_read(path, &t, err, errn))
		return 2;
	struct figdata d;
	int rc = build(&d, &t, o->xkey, err, errn);
	bool block = false, stream = false;
	double line = 0;
	for (int a = 1; a <= d.n_axes; a++)
		block |= !strcmp(t.rows[0][a], "device.placement");
	if (!rc)
		stream_info(dir, &d, &stream, &line);
	/* A few numeric x values: tick exactly those. */
	char ticks[256] = "";
	double xs[13];
	int nx = 0;
	for (int i = 0; !rc && !d.xcat && d.xaxis > 0 && i < d.n_cells && nx <= 12; i++) {
		int k = 0;
		while (k < nx && xs[k] != d.cells[i].xv)
			k++;
		if (k == nx)
			xs[nx++] = d.cells[i].xv;
	}
	for (int k = 0, len = 0; nx <= 12 && k < nx && len < (int)sizeof(ticks); k++)
		len += snprintf(ticks + len, sizeof(ticks) - (size_t)len, "%s%.10g", k ? "," : "", xs[k]);
	char xl[256];
	if (d.xaxis > 0)
		plot_axis_label(t.rows[0][d.xaxis], xl, sizeof(xl));
	else
		snprintf(xl, sizeof(xl), "point");
	clean_label(xl);
	for (int fig = FIG_THROUGHPUT; !rc && fig <= FIG_BLOCK; fig++) {
		if (fig == FIG_BLOCK && !block)
			continue;
		char dat[PATH_MAX], vars[1024];
		snprintf(dat, sizeof(dat), "%s/%s.dat", dir, fig_names[fig]);
		if (fig == FIG_CPU || fig == FIG_BLOCK) {
			int n = write_bars(&d, (enum fig)fig, dat);
			if (n < 0)
				goto write_failed;
			snprintf(vars, sizeof(vars), "logy=%d", o->logy && fig == FIG_BLOCK);
		} else {
			struct figcount n;
			bool gbps = stream && fig != FIG_LATENCY;
			if (write_lines(&d, (enum fig)fig, gbps, dat, &n))
				goto write_failed;
			if (!n.series && !n.refs)
				continue; /* nothing to show (e.g. no model with dedicated I/O cores) */
			/* Latency spanning two decades or more goes on a log axis by itself. */
			bool logy = o->logy || (fig == FIG_LATENCY && n.ymax >= 100 * n.ymin);
			snprintf(vars, sizeof(vars),
				 "nseries=%d; nref=%d; nsat=%d; nuns=%d; xlabel='%s'; xcat=%d; logx=%d; "
				 "logy=%d; gbps=%d; linerate=%.10g; xticlist='%s'",
				 n.series, n.refs, n.saturated, n.unstable, xl, d.xcat, d.logx, logy, gbps,
				 gbps ? line : 0, d.logx ? "" : ticks);
		}
		if (render(dir, (enum fig)fig, dat, vars, o, err, errn))
			rc = -1;
		continue;
write_failed:
		snprintf(err, errn, "%s: cannot write (%s)", dat, strerror(errno));
		rc = -1;
	}
	figdata_free(&d);
	csvio_free(&t);
	return rc;
}
