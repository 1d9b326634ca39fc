/*
 * ci95 — the mean of independent replications and its 95% confidence interval (Student t,
 * through GSL). Plain C, no SimGrid: the simulator's summaries and the validation reports use
 * the same rule.
 */
#ifndef VRIOSIM_CI95_H
#define VRIOSIM_CI95_H

#include <stddef.h>

/* Mean and 95% t-based confidence interval of @n independent values (n = 1: lo = hi = mean). */
void ci95_mean(const double *x, size_t n, double *mean, double *lo, double *hi);

#endif
