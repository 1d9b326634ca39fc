/*
 * cap_plot — capacity.csv as a figure: capacity against the swept axis, a line per model (and
 * per value of any other axis that varies), the replications' 95% band as error bars. A series
 * whose capacity is the same at every x (a model that does not read the swept key: under common
 * random numbers its runs are identical) is drawn once, as a dashed reference line. Streams
 * (pktgen) are drawn in Gb/s with the line rate; request-response in thousand requests/s.
 * Capacities not reached by --max are hollow (a lower bound); searches that failed at the
 * lowest load are an 'x' at zero.
 */
#define _GNU_SOURCE
#include "capacity.h"

#include <errno.h>
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "csvio.h"
#include "plot.h"

/* One row of capacity.csv as a point of a series. */
struct cpt {
	int series;      /* its series */
	double x;        /* numeric x (or the category's rank) */
	const char *xtic; /* x as written */
	double y, lo, hi; /* capacity and its band, in the figure's unit */
	int status;      /* 0 ok, 1 not reached by --max (a lower bound), 2 failed at the lowest */
};

static bool is_num(const char *s, double *v)
{
	char *end;
	errno = 0;
	*v = strtod(s, &end);
	return end != s && !*end && !errno && isfinite(*v);
}

static int cmp_cpt(const void *a, const void *b)
{
	const struct cpt *x = a, *y = b;
	if (x->series != y->series)
		return x->series - y->series;
	return (x->x > y->x) - (x->x < y->x);
}

/* Is series @s flat: the same capacity at every x (and at least two of them)? */
static bool flat(const struct cpt *p, int n, int s)
{
	int k = 0;
	double y0 = 0;
	for (int i = 0; i < n; i++) {
		if (p[i].series != s)
			continue;
		if (k++ == 0)
			y0 = p[i].y;
		else if (fabs(p[i].y - y0) > 1e-9 * fabs(y0))
			return false;
	}
	return k >= 2;
}

int cap_plot(const char *dir, const char *xkey, const char *formats, bool quiet, char *err,
	     size_t errn)
{
	char path[PATH_MAX];
	snprintf(path, sizeof(path), "%s/%s", dir, CAP_CSV);
	struct csvio_table t;
	if (csvio_read(path, &t, err, errn))
		return -1;
	int rc = -1, c_model = csvio_column(&t, "model"), c_cap = csvio_column(&t, "capacity_rps");
	int c_lo = csvio_column(&t, "capacity_rps_ci_lo"), c_hi = csvio_column(&t, "capacity_rps_ci_hi");
	int c_gbps = csvio_column(&t, "capacity_gbps"), c_line = csvio_column(&t, "line_gbps");
	int c_st = csvio_column(&t, "status"), c_wl = csvio_column(&t, "workload");
	int c_slo = csvio_column(&t, "slo");
	struct cpt *pts = calloc((size_t)t.n_rows + 1, sizeof(*pts));
	char (*labels)[256] = calloc((size_t)t.n_rows + 1, sizeof(*labels));
	if (c_model < 1 || c_cap < 0 || c_lo < 0 || c_hi < 0 || c_gbps < 0 || c_line < 0 || c_st < 0 ||
	    c_wl < 0 || c_slo < 0 || t.n_rows < 2) {
		snprintf(err, errn, "%s: not a capacity table, or no job done", path);
		goto out;
	}
	if (!pts || !labels) {
		snprintf(err, errn, "no memory to tabulate %s", path);
		goto out;
	}
	int n_axes = c_model - 1, xaxis = -1;
	bool varies[SCN_MAX_AXES + 2] = { false };
	for (int a = 1; a <= n_axes && a <= SCN_MAX_AXES; a++)
		for (int r = 2; r < t.n_rows; r++)
			varies[a] |= strcmp(t.rows[r][a], t.rows[1][a]) != 0;
	for (int a = 1; a <= n_axes; a++)
		if (xkey && !strcmp(t.rows[0][a], xkey))
			xaxis = a;
	if (xkey && xaxis < 0) {
		snprintf(err, errn, "--x %s: not an axis of this run", xkey);
		goto out;
	}
	for (int a = 1; a <= n_axes && xaxis < 0; a++) {
		bool numeric = varies[a];
		double v;
		for (int r = 1; r < t.n_rows && numeric; r++)
			numeric = is_num(t.rows[r][a], &v);
		if (numeric)
			xaxis = a;
	}
	/* No axis varies: the models side by side, as categories. */
	if (xaxis < 0)
		for (int a = 1; a <= n_axes && a <= SCN_MAX_AXES && xaxis < 0; a++)
			if (varies[a])
				xaxis = a;
	bool xcat = xaxis < 0;
	for (int r = 1; r < t.n_rows && !xcat; r++) {
		double v;
		xcat = !is_num(t.rows[r][xaxis], &v);
	}
	/* Streams in Gb/s, with their line rate. */
	bool gbps = true;
	double line = 0, lo_x = INFINITY, hi_x = -INFINITY;
	for (int r = 1; r < t.n_rows; r++) {
		gbps &= !strcmp(t.rows[r][c_wl], "pktgen");
		line = fmax(line, strtod(t.rows[r][c_line], NULL));
	}
	int n_series = 0;
	const char *cats[256];
	int n_cats = 0;
	for (int r = 1; r < t.n_rows; r++) {
		char **row = t.rows[r], label[256];
		int len = snprintf(label, sizeof(label), "%s", row[c_model]);
		for (int a = 1; a <= n_axes && a <= SCN_MAX_AXES; a++)
			if (a != xaxis && varies[a] && len < (int)sizeof(label))
				len += snprintf(label + len, sizeof(label) - (size_t)len, " %s=%s",
						strrchr(t.rows[0][a], '.') ? strrchr(t.rows[0][a], '.') + 1
									    : t.rows[0][a], row[a]);
		int s = 0;
		while (s < n_series && strcmp(labels[s], label))
			s++;
		if (s == n_series)
			snprintf(labels[n_series++], sizeof(labels[0]), "%s", label);
		struct cpt *p = &pts[r - 1];
		p->series = s;
		p->xtic = xaxis > 0 ? row[xaxis] : row[c_model];
		if (xcat || xaxis < 0) {
			int k = 0;
			while (k < n_cats && strcmp(cats[k], p->xtic))
				k++;
			if (k == n_cats && n_cats < 256)
				cats[n_cats++] = p->xtic;
			p->x = k;
		} else {
			p->x = strtod(p->xtic, NULL);
		}
		lo_x = fmin(lo_x, p->x);
		hi_x = fmax(hi_x, p->x);
		double cap = strtod(row[c_cap], NULL), scale = 1e-3;
		if (gbps)
			scale = cap > 0 ? strtod(row[c_gbps], NULL) / cap : 0;
		p->y = cap * scale;
		p->lo = strtod(row[c_lo], NULL) * scale;
		p->hi = strtod(row[c_hi], NULL) * scale;
		p->status = !strcmp(row[c_st], "above_max") ? 1 : !strcmp(row[c_st], "below_min") ? 2 : 0;
	}
	int n = t.n_rows - 1;
	qsort(pts, (size_t)n, sizeof(*pts), cmp_cpt);
	char dat[PATH_MAX];
	snprintf(dat, sizeof(dat), "%s/capacity.dat", dir);
	FILE *f = fopen(dat, "w");
	if (!f) {
		snprintf(err, errn, "%s: %s", dat, strerror(errno));
		goto out;
	}
	fprintf(f, "# vriosim capacity figure table (sim/capacity/cap_plot.c)\n");
	int blocks = 0, refs = 0;
	for (int pass = 0; pass < 2; pass++) /* the series, then the flat ones as references */
		for (int s = 0; s < n_series; s++) {
			bool ref = xaxis > 0 && !xcat && flat(pts, n, s);
			if (ref != (pass == 1))
				continue;
			fprintf(f, "%s\"%s%s\" y y_lo y_hi status xtic\n", blocks++ ? "\n\n" : "",
				labels[s], ref ? " (the same at every x)" : "");
			refs += ref;
			for (int i = 0; i < n; i++) {
				const struct cpt *p = &pts[i];
				if (p->series != s || (ref && p->x != lo_x && p->x != hi_x))
					continue;
				fprintf(f, "%.10g %.10g %.10g %.10g %d \"%s\"\n", p->x, p->y, p->lo, p->hi,
					p->status, p->xtic);
			}
		}
	/* The marked points after the series: not reached by --max (hollow), failed at the lowest
	 * rate tried (an x at zero); a block only when there are some. */
	int marks[3] = { 0, 0, 0 };
	for (int st = 1; st <= 2; st++) {
		for (int i = 0; i < n; i++)
			if (pts[i].status == st) {
				if (!marks[st]++)
					fprintf(f, "%s\"%s\" y\n", blocks++ ? "\n\n" : "",
						st == 1 ? "above_max" : "below_min");
				fprintf(f, "%.10g %.10g\n", pts[i].x, st == 1 ? pts[i].y : 0.0);
			}
	}
	if (fclose(f)) {
		snprintf(err, errn, "%s: %s", dat, strerror(errno));
		goto out;
	}
	/* "p99=100us" as "p99 <= 100 us". */
	char slo[64];
	const char *eq = strchr(t.rows[1][c_slo], '=');
	snprintf(slo, sizeof(slo), "%.*s <= %.*s us", eq ? (int)(eq - t.rows[1][c_slo]) : 0,
		 t.rows[1][c_slo], eq ? (int)strcspn(eq + 1, "u") : 0, eq ? eq + 1 : "");
	/* A few numeric x values: tick exactly those. */
	char ticks[256] = "";
	double xs[16];
	int nx = 0;
	for (int i = 0; i < n && nx <= 12 && !xcat && xaxis > 0; i++) {
		int k = 0;
		while (k < nx && xs[k] != pts[i].x)
			k++;
		if (k == nx)
			xs[nx++] = pts[i].x;
	}
	for (int k = 0, len = 0; nx <= 12 && k < nx && len < (int)sizeof(ticks); k++)
		len += snprintf(ticks + len, sizeof(ticks) - (size_t)len, "%s%.10g", k ? "," : "", xs[k]);
	char xl[256], vars[1024], out[PATH_MAX];
	if (xaxis > 0)
		plot_axis_label(t.rows[0][xaxis], xl, sizeof(xl));
	else
		snprintf(xl, sizeof(xl), "model");
	snprintf(vars, sizeof(vars),
		 "nseries=%d; nref=%d; nabove=%d; nbelow=%d; xlabel='%s'; xcat=%d; logx=%d; gbps=%d; linerate=%.10g; "
		 "xticlist='%s'; plottitle='Capacity: the highest load with %s, no drops, no growing "
		 "queue'",
		 blocks - refs - (marks[1] > 0) - (marks[2] > 0), refs, marks[1], marks[2], xl, xcat, !xcat && xaxis > 0 && lo_x > 0 && hi_x / lo_x >= 50,
		 gbps, line, ticks, slo);
	rc = 0;
	for (const char *fm = formats; *fm && !rc;) {
		size_t k = strcspn(fm, ",");
		snprintf(out, sizeof(out), "%s/capacity.%.*s", dir, (int)k, fm);
		if (plot_render("capacity.gp", dat, out, vars, err, errn))
			rc = -1;
		else if (!quiet)
			printf("wrote %s\n", out);
		fm += k + (fm[k] == ',');
	}
out:
	free(pts);
	free(labels);
	csvio_free(&t);
	return rc;
}
