/*
 * ci95 — t-based confidence intervals.
 */
#include "ci95.h"

#include <gsl/gsl_cdf.h>
#include <gsl/gsl_statistics_double.h>
#include <math.h>

void ci95_mean(const double *x, size_t n, double *mean, double *lo, double *hi)
{
	*mean = n ? gsl_stats_mean(x, 1, n) : 0.0;
	if (n < 2) {
		*lo = *hi = *mean;
		return;
	}
	double half = gsl_cdf_tdist_Pinv(0.975, (double)(n - 1)) * gsl_stats_sd(x, 1, n) / sqrt((double)n);
	*lo = *mean - half;
	*hi = *mean + half;
}
