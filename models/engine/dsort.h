/*
 * dsort — sorting doubles in place, ascending: the latency samples a run keeps, sorted once at
 * its end for their quantiles (engine/stats.h) and in scratch copies for an interval's.
 *
 * C++'s std::sort (introsort: partitions that walk the array in order). GSL's gsl_sort is a
 * heapsort, which jumps across the array: on 2*10^5 samples it ran 3.5 times the instructions,
 * and a long run's millions of samples spill every cache. The samples are finite, so every
 * ascending order of them is the same array.
 */
#ifndef VRIOSIM_DSORT_H
#define VRIOSIM_DSORT_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

void dsort(double *v, size_t n);

#ifdef __cplusplus
}
#endif

#endif
