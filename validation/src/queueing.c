/*
 * queueing — closed forms of M/M/1, M/D/1 and M/M/c (see queueing.h).
 */
#include "queueing.h"

#include <math.h>

/* The smallest t with cdf(t) >= q, by bisection on [lo, hi] (cdf non-decreasing). */
static double bisect(double (*cdf)(const double *a, double t), const double *a, double q,
		     double lo, double hi)
{
	while (cdf(a, hi) < q)
		hi *= 2;
	for (int i = 0; i < 200 && hi - lo > 1e-12 * hi; i++) {
		double m = 0.5 * (lo + hi);
		if (cdf(a, m) < q)
			lo = m;
		else
			hi = m;
	}
	return 0.5 * (lo + hi);
}

/* ======================= M/M/1 ======================= */

double queueing_mm1_mean(double lambda, double mu) { return 1.0 / (mu - lambda); }

double queueing_mm1_quantile(double lambda, double mu, double q) { return -log1p(-q) / (mu - lambda); }

double queueing_mm1_rate_at_quantile(double mu, double q, double t) { return mu + log1p(-q) / t; }

/* ======================= M/D/1 ======================= */

double queueing_md1_mean(double lambda, double d)
{
	double rho = lambda * d;
	return d + rho * d / (2 * (1 - rho));
}

/* P(W <= t) for M/D/1 FCFS. The series alternates with terms up to e^{lambda t}; long double
 * keeps it exact enough for the quantiles we need (lambda t below ~30). */
static double md1_wait_cdf(double lambda, double d, double t)
{
	if (t < 0)
		return 0;
	long double rho = lambda * d, sum = 0;
	for (int k = 0; k <= (int)floor(t / d); k++) {
		long double x = lambda * (k * d - t); /* <= 0 */
		long double term = expl(-x);
		if (k)
			term *= powl(x, k) / expl(lgammal(k + 1));
		sum += term;
	}
	double p = (double)((1 - rho) * sum);
	return p < 0 ? 0 : p > 1 ? 1 : p;
}

static double md1_sojourn_cdf(const double *a, double t) { return md1_wait_cdf(a[0], a[1], t - a[1]); }

double queueing_md1_quantile(double lambda, double d, double q)
{
	double a[2] = { lambda, d };
	return bisect(md1_sojourn_cdf, a, q, d, 4 * d);
}

/* ======================= M/M/c ======================= */

double queueing_erlang_c(int c, double a)
{
	/* Through Erlang B's stable recursion: B(0) = 1, B(k) = a B / (k + a B); then
	 * C = c B / (c - a (1 - B)). */
	double b = 1;
	for (int k = 1; k <= c; k++)
		b = a * b / (k + a * b);
	return c * b / (c - a * (1 - b));
}

double queueing_mmc_mean(double lambda, double mu, int c)
{
	return queueing_erlang_c(c, lambda / mu) / (c * mu - lambda) + 1 / mu;
}

/* P(T <= t), T = W + S: with probability 1-C, T = S; else T is hypoexponential(theta, mu). */
static double mmc_sojourn_cdf(const double *a, double t)
{
	double mu = a[0], theta = a[1], C = a[2];
	double s_tail = exp(-mu * t), h_tail;
	if (fabs(theta - mu) < 1e-9 * mu)
		h_tail = exp(-mu * t) * (1 + mu * t); /* Erlang-2 */
	else
		h_tail = (theta * exp(-mu * t) - mu * exp(-theta * t)) / (theta - mu);
	return 1 - ((1 - C) * s_tail + C * h_tail);
}

double queueing_mmc_quantile(double lambda, double mu, int c, double q)
{
	double a[3] = { mu, c * mu - lambda, queueing_erlang_c(c, lambda / mu) };
	return bisect(mmc_sojourn_cdf, a, q, 0, 10 / mu);
}
