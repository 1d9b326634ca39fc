/*
 * stats — exact percentiles over stored samples.
 */
#include "stats.h"

#include <errno.h>
#include <math.h>
#include <gsl/gsl_statistics_double.h>
#include <stdlib.h>
#include <string.h>

#include "dsort.h"

int samples_add(struct samples *s, double x)
{
	if (s->n == s->cap) {
		size_t cap = s->cap ? s->cap * 2 : 4096;
		double *v = realloc(s->v, cap * sizeof(*v));
		if (!v)
			return -ENOMEM;
		s->v = v;
		s->cap = cap;
	}
	s->v[s->n++] = x;
	return 0;
}

double stats_quantile_sorted(const double *sorted, size_t n, double q)
{
	return n ? gsl_stats_quantile_from_sorted_data(sorted, 1, n, q) : 0.0;
}

void samples_summarise(struct samples *s, struct summary *out)
{
	memset(out, 0, sizeof(*out));
	if (!s->n)
		return;
	dsort(s->v, s->n);
	out->n = s->n;
	out->mean = gsl_stats_mean(s->v, 1, s->n);
	out->min = s->v[0];
	out->max = s->v[s->n - 1];
	out->p50 = stats_quantile_sorted(s->v, s->n, 0.50);
	out->p99 = stats_quantile_sorted(s->v, s->n, 0.99);
	out->p999 = stats_quantile_sorted(s->v, s->n, 0.999);
}

void samples_free(struct samples *s)
{
	free(s->v);
	memset(s, 0, sizeof(*s));
}
