/*
 * fit — one least-squares line through measurements (GSL gsl_fit_linear), with standard errors
 * and R^2, or their mean when a line means nothing.
 */
#ifndef VRIOSIM_FIT_H
#define VRIOSIM_FIT_H

#include <stddef.h>

/* One least-squares line y = a + b x (b = 0 and se_b = 0 for a constant fit). */
struct cal_fit {
	double a, b;       /* intercept and slope */
	double se_a, se_b; /* their standard errors (from the residuals) */
	double cov_ab;     /* their covariance (for the line's standard error at an x) */
	double r2;         /* coefficient of determination (0 for a constant) */
	size_t n;          /* points fitted */
	int linear;        /* a line was fitted (else the mean: b, se_b and r2 are 0) */
};
/* Fit @n points; @linear false fits the mean only. 0, or -1 when the data cannot determine
 * the line (fewer than 3 points, or x constant). */
int cal_fit_line(const double *x, const double *y, size_t n, int linear, struct cal_fit *f);
/* The fitted value at @x, and its standard error. */
double cal_fit_at(const struct cal_fit *f, double x);
double cal_fit_se_at(const struct cal_fit *f, double x);

#endif
