/*
 * test_sweep_ci DIR — the mean and 95% confidence interval rows of a replicated sweep
 * (DIR/sweep.csv) against an independent computation from each point's replications.csv:
 * mean and sample standard deviation computed here by hand (two passes), only the Student t
 * quantile taken from GSL. Exit 0 if every (point, model, metric) matches, 1 otherwise.
 */
#include <gsl/gsl_cdf.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "csvio.h"

/* The row of sweep.csv for (point, model, metric): its value, or NAN. */
static double sweep_value(const struct csvio_table *s, int c_point, int c_model, int c_metric,
			  int c_value, const char *point, const char *model, const char *metric)
{
	for (int r = 1; r < s->n_rows; r++)
		if (!strcmp(s->rows[r][c_point], point) && !strcmp(s->rows[r][c_model], model) &&
		    !strcmp(s->rows[r][c_metric], metric))
			return strtod(s->rows[r][c_value], NULL);
	return NAN;
}

/* Values are written with 10 significant digits: compare to that precision. */
static int close_enough(double a, double b, double scale)
{
	return fabs(a - b) <= 2e-9 * fmax(fabs(scale), 1e-300) + 1e-12;
}

int main(int argc, char **argv)
{
	if (argc != 2) {
		fprintf(stderr, "usage: test_sweep_ci SWEEPDIR\n");
		return 2;
	}
	char path[4096], err[1024];
	struct csvio_table plan, sweep;
	snprintf(path, sizeof(path), "%s/sweep.plan.csv", argv[1]);
	if (csvio_read(path, &plan, err, sizeof(err)))
		CHECK_FAIL("%s", err);
	snprintf(path, sizeof(path), "%s/sweep.csv", argv[1]);
	if (csvio_read(path, &sweep, err, sizeof(err)))
		CHECK_FAIL("%s", err);
	int sp = csvio_column(&sweep, "point"), sm = csvio_column(&sweep, "model"),
	    sk = csvio_column(&sweep, "metric"), sv = csvio_column(&sweep, "value");
	CHECK(sp >= 0 && sm >= 0 && sk >= 0 && sv >= 0);
	int checked = 0;
	for (int p = 1; p < plan.n_rows; p++) {
		struct csvio_table reps;
		snprintf(path, sizeof(path), "%s/runs/%s/replications.csv", argv[1], plan.rows[p][1]);
		if (csvio_read(path, &reps, err, sizeof(err)))
			CHECK_FAIL("%s", err);
		int rm = csvio_column(&reps, "model"), rk = csvio_column(&reps, "metric"),
		    rv = csvio_column(&reps, "value"), rr = csvio_column(&reps, "replication");
		CHECK(rm >= 0 && rk >= 0 && rv >= 0 && rr >= 0);
		/* Each (model, metric) once: its first row gathers the replications. */
		for (int r = 1; r < reps.n_rows; r++) {
			const char *model = reps.rows[r][rm], *metric = reps.rows[r][rk];
			if (strcmp(reps.rows[r][rr], "0"))
				continue;
			double x[1000];
			int n = 0;
			for (int q = 1; q < reps.n_rows && n < 1000; q++)
				if (!strcmp(reps.rows[q][rm], model) && !strcmp(reps.rows[q][rk], metric))
					x[n++] = strtod(reps.rows[q][rv], NULL);
			CHECK_GE(n, 2);
			double mean = 0, ss = 0;
			for (int i = 0; i < n; i++)
				mean += x[i];
			mean /= n;
			for (int i = 0; i < n; i++)
				ss += (x[i] - mean) * (x[i] - mean);
			double half = gsl_cdf_tdist_Pinv(0.975, n - 1) * sqrt(ss / (n - 1)) / sqrt(n);
			char lo_name[128], hi_name[128];
			snprintf(lo_name, sizeof(lo_name), "%s_ci_lo", metric);
			snprintf(hi_name, sizeof(hi_name), "%s_ci_hi", metric);
			const char *pt = plan.rows[p][0];
			double m = sweep_value(&sweep, sp, sm, sk, sv, pt, model, metric);
			double lo = sweep_value(&sweep, sp, sm, sk, sv, pt, model, lo_name);
			double hi = sweep_value(&sweep, sp, sm, sk, sv, pt, model, hi_name);
			double scale = fmax(fabs(mean), half);
			if (!close_enough(m, mean, scale) || !close_enough(lo, mean - half, scale) ||
			    !close_enough(hi, mean + half, scale))
				CHECK_FAIL("point %s %s %s (n=%d): sweep.csv mean %.10g [%.10g, %.10g], "
					   "independent %.10g [%.10g, %.10g]",
					   pt, model, metric, n, m, lo, hi, mean, mean - half, mean + half);
			checked++;
		}
		csvio_free(&reps);
	}
	CHECK_GT(checked, 10);
	printf("%d (point, model, metric) intervals match\n", checked);
	csvio_free(&plan);
	csvio_free(&sweep);
	return 0;
}
