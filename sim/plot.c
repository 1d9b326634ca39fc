/*
 * plot — write a small whitespace table for gnuplot and run the script.
 */
#define _GNU_SOURCE
#include "plot.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#ifndef VRIOSIM_PLOTS_DIR
#define VRIOSIM_PLOTS_DIR "plots"
#endif

const char *plot_scripts_dir(void)
{
	const char *env = getenv("VRIOSIM_PLOTS");
	return env && *env ? env : VRIOSIM_PLOTS_DIR;
}

int plot_render(const char *script, const char *data, const char *out, const char *vars,
		char *err, size_t errn)
{
	char path[PATH_MAX], expr[4 * PATH_MAX];
	snprintf(path, sizeof(path), "%s/%s", plot_scripts_dir(), script);
	if (access(path, R_OK)) {
		snprintf(err, errn, "%s: cannot read the plot script (%s)", path, strerror(errno));
		return -1;
	}
	snprintf(expr, sizeof(expr), "datafile='%s'; outfile='%s'; %s", data, out, vars ? vars : "");
	fflush(NULL);
	pid_t pid = fork();
	if (pid < 0) {
		snprintf(err, errn, "fork: %s", strerror(errno));
		return -1;
	}
	if (pid == 0) {
		execlp("gnuplot", "gnuplot", "-e", expr, path, (char *)NULL);
		fprintf(stderr, "vriosim: cannot run gnuplot: %s\n", strerror(errno));
		_exit(127);
	}
	int status;
	while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
		;
	if (!WIFEXITED(status) || WEXITSTATUS(status)) {
		snprintf(err, errn, "gnuplot failed on %s (status %d)%s", path,
			 WIFEXITED(status) ? WEXITSTATUS(status) : -1,
			 WIFEXITED(status) && WEXITSTATUS(status) == 127 ? ": is gnuplot installed?" : "");
		return -1;
	}
	return 0;
}

static double metric(const struct run_record *runs, int n, int m, const char *name)
{
	double sum = 0;
	int k = 0;
	for (int i = 0; i < n; i++)
		if (runs[i].model == m)
			for (int j = 0; j < runs[i].res.n; j++)
				if (!strcmp(runs[i].res.m[j].name, name)) {
					sum += runs[i].res.m[j].value;
					k++;
				}
	return k ? sum / k : 0;
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
