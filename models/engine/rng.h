/*
 * rng — reproducible random streams and the distributions the workloads draw from (GSL).
 *
 * Every entity that draws (a VM's workload, a sidecore's poll phase, a peer's service time) owns
 * its own stream, so results do not depend on the order in which entities happen to draw.
 * Replications use other streams of the same seed: never a reused or shifted seed.
 */
#ifndef VRIOSIM_RNG_H
#define VRIOSIM_RNG_H

#include <gsl/gsl_rng.h>
#include <stdint.h>

#include "vriosim.h"

/* Stream @stream of replication @replication of @seed (MT19937 seeded by a 64-bit mix of the
 * three). Free with gsl_rng_free. Aborts only on out-of-memory. */
gsl_rng *rng_stream(uint64_t seed, uint64_t replication, uint64_t stream);
/* A draw with the given @mean from @d (constant, exponential, or mean-preserving lognormal). */
double rng_draw(gsl_rng *r, const struct vs_dist_spec *d, double mean);
/* A software cost of mean @mean drawn from costs.dist (its spread around the mean). */
static inline double rng_cost(gsl_rng *r, const struct vs_params *p, double mean)
{
	return rng_draw(r, &p->cost_dist, mean);
}
/* Uniform on [0, 1). */
double rng_uniform(gsl_rng *r);

#endif
