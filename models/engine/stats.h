/*
 * stats — latency samples and their summary (mean and percentiles, through GSL).
 *
 * Samples are kept exactly (8 bytes each) and sorted once at the end: percentiles are the exact
 * order statistics with GSL's linear interpolation, not sketch estimates.
 */
#ifndef VRIOSIM_STATS_H
#define VRIOSIM_STATS_H

#include <stddef.h>

struct samples {
	double *v;
	size_t n, cap;
};

struct summary {
	size_t n;
	double mean, min, max, p50, p99, p999;
};

/* Returns 0 or -ENOMEM. */
int samples_add(struct samples *s, double x);
/* Sorts @s in place and summarises it (all zero when empty). */
void samples_summarise(struct samples *s, struct summary *out);
void samples_free(struct samples *s);
/* Quantile @q in [0,1] of @n sorted values (GSL's interpolation rule). */
double stats_quantile_sorted(const double *sorted, size_t n, double q);

#endif
