/*
 * fit — ordinary least squares through GSL (see fit.h).
 */
#include "fit.h"

#include <gsl/gsl_fit.h>
#include <gsl/gsl_statistics_double.h>
#include <math.h>
#include <string.h>

int cal_fit_line(const double *x, const double *y, size_t n, int linear, struct cal_fit *f)
{
	memset(f, 0, sizeof(*f));
	f->n = n;
	f->linear = linear;
	if (n < 3)
		return -1;
	double mean = gsl_stats_mean(y, 1, n);
	double sst = 0;
	for (size_t i = 0; i < n; i++)
		sst += (y[i] - mean) * (y[i] - mean);
	if (!linear) {
		f->a = mean;
		f->se_a = gsl_stats_sd_m(y, 1, n, mean) / sqrt((double)n);
		f->r2 = 0; /* a constant explains none of the variance, by definition */
		return 0;
	}
	if (gsl_stats_variance(x, 1, n) <= 0)
		return -1;
	double cov00, cov01, cov11, sumsq;
	if (gsl_fit_linear(x, 1, y, 1, n, &f->a, &f->b, &cov00, &cov01, &cov11, &sumsq))
		return -1;
	/* gsl_fit_linear's covariance already carries the residual variance sumsq/(n-2). */
	f->se_a = sqrt(cov00);
	f->se_b = sqrt(cov11);
	f->cov_ab = cov01;
	f->r2 = sst > 0 ? 1 - sumsq / sst : 1;
	return 0;
}

double cal_fit_at(const struct cal_fit *f, double x) { return f->a + f->b * x; }

double cal_fit_se_at(const struct cal_fit *f, double x)
{
	double v = f->se_a * f->se_a + x * x * f->se_b * f->se_b + 2 * x * f->cov_ab;
	return v > 0 ? sqrt(v) : 0;
}
