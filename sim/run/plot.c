/*
 * plot — write a small whitespace table for gnuplot and run the script.
 */
#define _GNU_SOURCE
#include "plot.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "results.h"
#include "spawn.h"

#ifndef VRIOSIM_PLOTS_DIR
#define VRIOSIM_PLOTS_DIR "plots"
#endif

const char *plot_scripts_dir(void)
{
	const char *env = getenv("VRIOSIM_PLOTS");
	return env && *env ? env : VRIOSIM_PLOTS_DIR;
}

int plot_gnuplot(const char *script, const char *expr, bool quiet, char *err, size_t errn)
{
	if (access(script, R_OK)) {
		snprintf(err, errn, "%s: cannot read the plot script (%s)", script, strerror(errno));
		return -1;
	}
	const char *argv[] = { "gnuplot", "-e", expr, script, NULL };
	struct spawn_opts o = { .argv = argv, .exec_fail = "vriosim: cannot run gnuplot" };
	if (quiet)
		o.out = o.err = "/dev/null";
	struct spawn_status st;
	int rc = spawn_run(&o, &st);
	if (rc) {
		snprintf(err, errn, "fork: %s", strerror(-rc));
		return -1;
	}
	if (!spawn_succeeded(&st)) {
		snprintf(err, errn, "gnuplot failed on %s (status %d)%s", script,
			 st.exited ? st.code : -1,
			 st.exited && st.code == 127 ? ": is gnuplot installed?" : "");
		return -1;
	}
	return 0;
}

int plot_render(const char *script, const char *data, const char *out, const char *vars,
		char *err, size_t errn)
{
	char path[PATH_MAX], expr[4 * PATH_MAX];
	snprintf(path, sizeof(path), "%s/%s", plot_scripts_dir(), script);
	snprintf(expr, sizeof(expr), "datafile='%s'; outfile='%s'; %s", data, out, vars ? vars : "");
	return plot_gnuplot(path, expr, false, err, errn);
}

/* The mean of @name over model @m's runs (0 when absent). */
static double metric(const struct run_record *runs, int n, int m, const char *name)
{
	double v;
	results_mean(runs, n, m, name, &v, NULL);
	return v;
}

/* DIR/cdf.dat and DIR/cdf.png: each model's latency distribution (replications averaged per
 * quantile), on a log latency axis. */
static int plot_cdf(const char *dir, const struct scenario *s, const struct run_record *runs, int n,
		    char *err, size_t errn)
{
	char data[PATH_MAX], out[PATH_MAX], vars[320];
	snprintf(data, sizeof(data), "%s/cdf.dat", dir);
	snprintf(out, sizeof(out), "%s/cdf.png", dir);
	FILE *f = fopen(data, "w");
	if (!f) {
		snprintf(err, errn, "%s: %s", data, strerror(errno));
		return -1;
	}
	int blocks = 0;
	for (int mi = 0; mi < s->n_models; mi++) {
		int m = s->models[mi], k = 0;
		double sum[VS_CDF_POINTS] = { 0 };
		for (int i = 0; i < n; i++) {
			if (runs[i].model != m)
				continue;
			for (int q = 0; q < VS_CDF_POINTS; q++)
				sum[q] += runs[i].res.cdf_us[q];
			k++;
		}
		if (!k || !(sum[0] > 0))
			continue; /* no completion: nothing to draw (and no log of 0) */
		fprintf(f, "%s\"%s\" quantile\n", blocks++ ? "\n\n" : "", vs_model_name(m));
		for (int q = 0; q < VS_CDF_POINTS; q++)
			fprintf(f, "%.6g %.4f\n", sum[q] / k, vs_cdf_q[q]);
	}
	if (fclose(f)) {
		snprintf(err, errn, "%s: %s", data, strerror(errno));
		return -1;
	}
	if (!blocks)
		return 0;
	snprintf(vars, sizeof(vars), "nseries=%d; plottitle='Latency distribution, scenario %s'",
		 blocks, s->name);
	return plot_render("cdf.gp", data, out, vars, err, errn);
}

/* DIR/series.dat and DIR/series.png from DIR/series.csv (run.series_ms): each model's first
 * replication against time. Nothing when the run has no series. */
static int plot_series(const char *dir, const struct scenario *s, char *err, size_t errn)
{
	char csv[PATH_MAX], data[PATH_MAX], out[PATH_MAX], vars[320], line[1024];
	snprintf(csv, sizeof(csv), "%s/series.csv", dir);
	snprintf(data, sizeof(data), "%s/series.dat", dir);
	snprintf(out, sizeof(out), "%s/series.png", dir);
	FILE *in = fopen(csv, "r");
	if (!in)
		return 0;
	FILE *f = fopen(data, "w");
	if (!f) {
		snprintf(err, errn, "%s: %s", data, strerror(errno));
		fclose(in);
		return -1;
	}
	char model[64] = "";
	int blocks = 0;
	while (fgets(line, sizeof(line), in)) {
		char m[64];
		int rep, active;
		double t, rps, gbps, p50, p99;
		if (sscanf(line, "%63[^,],%d,%lf,%lf,%lf,%lf,%lf,%*f,%*f,%*f,%*f,%d", m, &rep, &t, &rps,
			   &gbps, &p50, &p99, &active) != 8 || rep != 0)
			continue; /* the version stamp, the header, other replications */
		if (strcmp(m, model)) {
			snprintf(model, sizeof(model), "%s", m);
			fprintf(f, "%s\"%s\" krps p99_us sidecores\n", blocks++ ? "\n\n" : "", m);
		}
		fprintf(f, "%.6g %.6g %.6g %d\n", t * 1e3, rps / 1e3, p99, active);
	}
	fclose(in);
	if (fclose(f)) {
		snprintf(err, errn, "%s: %s", data, strerror(errno));
		return -1;
	}
	if (!blocks)
		return 0;
	snprintf(vars, sizeof(vars), "nseries=%d; plottitle='Time series, scenario %s'", blocks,
		 s->name);
	return plot_render("series.gp", data, out, vars, err, errn);
}

int plot_compare(const char *dir, const struct scenario *s, const struct run_record *runs, int n,
		 char *err, size_t errn)
{
	if (plot_cdf(dir, s, runs, n, err, errn) || plot_series(dir, s, err, errn))
		return -1;
	char data[PATH_MAX], out[PATH_MAX], title[256];
	snprintf(data, sizeof(data), "%s/compare.dat", dir);
	snprintf(out, sizeof(out), "%s/compare.png", dir);
	FILE *f = fopen(data, "w");
	if (!f) {
		snprintf(err, errn, "%s: %s", data, strerror(errno));
		return -1;
	}
	fprintf(f, "# model throughput_krps latency_p50_us latency_p99_us io_cores\n");
	for (int mi = 0; mi < s->n_models; mi++) {
		int m = s->models[mi];
		fprintf(f, "%s %.6g %.6g %.6g %.6g\n", vs_model_name(m),
			metric(runs, n, m, "throughput_rps") / 1e3, metric(runs, n, m, "latency_p50_us"),
			metric(runs, n, m, "latency_p99_us"), metric(runs, n, m, "io_cores"));
	}
	if (fclose(f)) {
		snprintf(err, errn, "%s: %s", data, strerror(errno));
		return -1;
	}
	snprintf(title, sizeof(title), "plottitle='scenario %s'", s->name);
	return plot_render("compare.gp", data, out, title, err, errn);
}

/* Data blocks in a figure table (blank-line separated blocks of a .dat). */
static int count_blocks(const char *path)
{
	FILE *f = fopen(path, "r");
	if (!f)
		return 0;
	char line[512];
	int blocks = 0;
	bool in_block = false;
	while (fgets(line, sizeof(line), f)) {
		bool blank = line[0] == '\n';
		if (!blank && line[0] != '#' && !in_block)
			blocks++;
		in_block = !blank;
	}
	fclose(f);
	return blocks;
}

int plot_run_dir(const char *dir, const char *formats, char *err, size_t errn)
{
	static const char *const figs[] = { "compare", "cdf", "series" };
	int done = 0;
	for (int i = 0; i < 3; i++) {
		char data[PATH_MAX], out[PATH_MAX], script[32], vars[64];
		snprintf(data, sizeof(data), "%s/%s.dat", dir, figs[i]);
		if (access(data, R_OK))
			continue;
		snprintf(script, sizeof(script), "%s.gp", figs[i]);
		snprintf(vars, sizeof(vars), "nseries=%d", count_blocks(data));
		for (const char *f = formats; *f;) {
			size_t k = strcspn(f, ",");
			snprintf(out, sizeof(out), "%s/%s.%.*s", dir, figs[i], (int)k, f);
			if (plot_render(script, data, out, i ? vars : NULL, err, errn))
				return -1;
			printf("wrote %s\n", out);
			f += k + (f[k] == ',');
		}
		done++;
	}
	if (!done) {
		snprintf(err, errn, "%s: no figure tables (compare.dat, cdf.dat, series.dat)", dir);
		return -1;
	}
	return 0;
}

void plot_axis_label(const char *key, char *buf, size_t n)
{
	char sec[64];
	const char *dot = strchr(key, '.');
	const struct vs_key *k = NULL;
	if (dot && (size_t)(dot - key) < sizeof(sec)) {
		snprintf(sec, sizeof(sec), "%.*s", (int)(dot - key), key);
		k = vs_key_find(sec, dot + 1);
	}
	if (!k) {
		snprintf(buf, n, "%s", key);
		return;
	}
	/* The key's meaning: past a short qualifier ("open loops: offered rate per queue"), up to
	 * what explains defaults or cases (a ';', '(' or ':'). */
	const char *doc = k->doc, *colon = strchr(doc, ':');
	size_t pre = colon ? (size_t)(colon - doc) : 0;
	int spaces = 0;
	for (size_t i = 0; i < pre; i++)
		spaces += doc[i] == ' ';
	if (colon && pre < strcspn(doc, "(") && spaces <= 2 && colon[1] == ' ')
		doc = colon + 2;
	size_t len = strcspn(doc, ":;(");
	while (len && doc[len - 1] == ' ')
		len--;
	int w = snprintf(buf, n, "%.*s", (int)len, doc);
	if (k->unit[0] && w >= 0 && (size_t)w < n)
		snprintf(buf + w, n - (size_t)w, " (%s)", k->unit);
	/* gnuplot strings are single-quoted here: no quotes inside. */
	for (char *c = buf; *c; c++)
		if (*c == '\'' || *c == '"')
			*c = ' ';
}
