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

int plot_compare(const char *dir, const struct scenario *s, const struct run_record *runs, int n,
		 char *err, size_t errn)
{
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
