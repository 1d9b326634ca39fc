/*
 * profile — what `vriosim calibrate` writes: [profile] (provenance: the machine, the rows),
 * [costs] (the fitted keys, cycles at the measured clock) and [fit] (estimates, standard
 * errors, R^2, n per fit). Scenarios include it with `[costs] profile = FILE`.
 */
#ifndef VRIOSIM_CAL_PROFILE_H
#define VRIOSIM_CAL_PROFILE_H

#include <stdbool.h>
#include <stdio.h>

#include "fit.h"
#include "input.h"

/* The fits of one measurement file. */
struct cal_out {
	const struct cal_in *in;      /* the measurements (and the machine) */
	struct cal_fit fit[OP_COUNT]; /* per op, when have[op] */
	bool have[OP_COUNT];          /* the op was measured and fitted */
};

/* Write the profile of @ctx (a struct cal_out) to @f: an fs_atomic_write filler. */
int cal_write_profile(FILE *f, void *ctx);

#endif
