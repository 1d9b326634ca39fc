/*
 * profile — what `vriosim calibrate` writes: [profile] (provenance: the machine, its clock, the
 * rows, the quality rules applied), [costs] (the fitted keys, cycles at the measured clock) and
 * [fit] (estimates, standard errors, R^2, n per fit). Scenarios include it with
 * `[costs] profile = FILE`.
 *
 * Every line is short and plain: provenance strings (paths, CPU model, host, kernel) are cut
 * to CAL_PROV_MAX characters (a path keeps its end) and control characters become '?', so no
 * value can break a line, open a section or overrun the INI reader's line limit.
 */
#ifndef VRIOSIM_CAL_PROFILE_H
#define VRIOSIM_CAL_PROFILE_H

#include <stdio.h>

#include "calout.h"

#define CAL_PROV_MAX 96     /* characters of a provenance value, at most */

/* Write the profile of @ctx (a struct cal_out) to @f: an fs_atomic_write filler. */
int cal_write_profile(FILE *f, void *ctx);

#endif
