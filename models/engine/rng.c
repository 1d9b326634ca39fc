/*
 * rng — seeded GSL streams and distributions.
 */
#include "rng.h"

#include <gsl/gsl_randist.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

/* splitmix64's finaliser: a bijective 64-bit mix, so distinct (seed, replication, stream)
 * triples give unrelated generator seeds. */
static uint64_t mix64(uint64_t z)
{
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

gsl_rng *rng_stream(uint64_t seed, uint64_t replication, uint64_t stream)
{
	gsl_rng *r = gsl_rng_alloc(gsl_rng_mt19937);
	if (!r) {
		fprintf(stderr, "vriosim: out of memory allocating a random stream\n");
		exit(1);
	}
	uint64_t s = mix64(mix64(mix64(seed) ^ replication) ^ (stream * 0x9e3779b97f4a7c15ULL));
	gsl_rng_set(r, (unsigned long)(s ^ (s >> 32)));
	return r;
}

double rng_draw(gsl_rng *r, const struct vs_dist_spec *d, double mean)
{
	if (mean <= 0)
		return 0;
	switch (d->kind) {
	case DIST_EXP:
		return gsl_ran_exponential(r, mean);
	case DIST_LOGNORMAL: {
		/* E[lognormal(zeta, sigma)] = exp(zeta + sigma^2/2): choose zeta to keep the mean. */
		double zeta = log(mean) - d->sigma * d->sigma / 2;
		return gsl_ran_lognormal(r, zeta, d->sigma);
	}
	case DIST_CONST:
	default:
		return mean;
	}
}

double rng_uniform(gsl_rng *r) { return gsl_rng_uniform(r); }
