/*
 * dyncmp — the dynamic configuration against the best static one (dyncmp.h).
 */
#define _GNU_SOURCE
#include "dyncmp.h"

#include <limits.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "csvio.h"
#include "fsutil.h"
#include "sweepdir.h"

#define MAX_MODELS 16
#define MAX_STEPS 256

struct cell {
	double rps, cpu; /* throughput, I/O CPU (cores) */
};

struct step {
	char load[64];                /* the axis value */
	struct cell m[MAX_MODELS];    /* per model, in first-seen order */
	bool seen[MAX_MODELS];
};

static int model_index(char models[][64], int *n, const char *name)
{
	for (int i = 0; i < *n; i++)
		if (!strcmp(models[i], name))
			return i;
	if (*n == MAX_MODELS)
		return -1;
	snprintf(models[*n], sizeof(models[0]), "%s", name);
	return (*n)++;
}

int dyncmp_report(const char *dir, FILE *out, bool *pass, char *err, size_t errn)
{
	char path[PATH_MAX];
	snprintf(path, sizeof(path), "%s/%s", dir, SWEEP_CSV);
	struct csvio_table t;
	if (csvio_read(path, &t, err, errn))
		return -1;
	int c_point = csvio_column(&t, "point"), c_model = csvio_column(&t, "model"),
	    c_metric = csvio_column(&t, "metric"), c_value = csvio_column(&t, "value"),
	    c_rep = csvio_column(&t, "replication");
	if (c_point != 0 || c_model < 3 || c_metric < 0 || c_value < 0 || c_rep < 0 || c_model != 4) {
		snprintf(err, errn, "%s: expected a sweep of one axis (point,AXIS,run_id,scenario,model,...)",
			 path);
		csvio_free(&t);
		return -1;
	}
	static struct step steps[MAX_STEPS];
	memset(steps, 0, sizeof(steps));
	char models[MAX_MODELS][64];
	int n_models = 0, n_steps = 0;
	for (int r = 1; r < t.n_rows; r++) {
		char **f = t.rows[r];
		if (t.n_fields[r] <= c_value)
			continue;
		int pt = atoi(f[c_point]);
		if (pt < 0 || pt >= MAX_STEPS)
			continue;
		if (strcmp(f[c_rep], "0") && strncmp(f[c_rep], "mean", 4))
			continue; /* replications: their mean rows */
		int m = model_index(models, &n_models, f[c_model]);
		if (m < 0)
			continue;
		struct step *s = &steps[pt];
		snprintf(s->load, sizeof(s->load), "%s", f[1]);
		if (pt + 1 > n_steps)
			n_steps = pt + 1;
		double v = atof(f[c_value]);
		const char *k = f[c_metric];
		s->seen[m] = true;
		if (!strcmp(k, "throughput_rps"))
			s->m[m].rps = v;
		else if (!strcmp(k, "cpu_io_cores") || !strcmp(k, "cpu_poll_cores") ||
			 !strcmp(k, "cpu_exit_cores"))
			s->m[m].cpu += v;
	}
	const char *axis = t.rows[0][1];
	char axis_name[128];
	snprintf(axis_name, sizeof(axis_name), "%s", axis);
	csvio_free(&t);
	if (n_models < 2 || n_steps < 1) {
		snprintf(err, errn, "%s: expected a dynamic model and at least one static one", path);
		return -1;
	}
	snprintf(path, sizeof(path), "%s/dynamic.csv", dir);
	FILE *csv = fopen(path, "w");
	if (!csv) {
		snprintf(err, errn, "%s: cannot write", path);
		return -1;
	}
	fprintf(csv, "%s,dynamic,dynamic_rps,dynamic_io_cpu_cores,best_static,static_rps,"
		     "static_io_cpu_cores,ratio\n", axis_name);
	fprintf(out, "%-14s %12s %9s  %-12s %12s %9s  %6s\n", axis_name, models[0], "io_cpu",
		"best static", "static_rps", "io_cpu", "ratio");
	bool within = true;
	double cpu_first = NAN, cpu_last = NAN, worst = INFINITY;
	for (int i = 0; i < n_steps; i++) {
		struct step *s = &steps[i];
		int best = -1;
		for (int m = 1; m < n_models; m++)
			if (s->seen[m] && (best < 0 || s->m[m].rps > s->m[best].rps))
				best = m;
		if (best < 0 || !s->seen[0])
			continue;
		double top = s->m[best].rps;
		for (int m = 1; m < n_models; m++)
			if (s->seen[m] && s->m[m].rps >= 0.99 * top && s->m[m].cpu < s->m[best].cpu)
				best = m;
		double ratio = s->m[best].rps > 0 ? s->m[0].rps / s->m[best].rps : NAN;
		if (!(ratio >= 0.9))
			within = false;
		if (ratio < worst)
			worst = ratio;
		if (isnan(cpu_first))
			cpu_first = s->m[0].cpu;
		cpu_last = s->m[0].cpu;
		fprintf(out, "%-14s %12.0f %9.3f  %-12s %12.0f %9.3f  %6.3f%s\n", s->load, s->m[0].rps,
			s->m[0].cpu, models[best], s->m[best].rps, s->m[best].cpu, ratio,
			ratio >= 0.9 ? "" : "  < 0.9");
		fprintf(csv, "%s,%s,%.10g,%.10g,%s,%.10g,%.10g,%.6f\n", s->load, models[0],
			s->m[0].rps, s->m[0].cpu, models[best], s->m[best].rps, s->m[best].cpu, ratio);
	}
	bool falls = cpu_first < cpu_last;
	*pass = within && falls;
	fprintf(out, "%s: throughput within 10%% of the best static at every step: %s (worst %.3f); "
		     "its I/O CPU falls at low load: %s (%.3f at the first step, %.3f at the last)\n",
		models[0], within ? "yes" : "NO", worst, falls ? "yes" : "NO", cpu_first, cpu_last);
	int bad = ferror(csv);
	if (fclose(csv) || bad) {
		snprintf(err, errn, "%s: write failed", path);
		return -1;
	}
	return 0;
}
