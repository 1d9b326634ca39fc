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

#include <stdbool.h>
#include <stdio.h>

#include "fit.h"
#include "input.h"

#define CAL_PROV_MAX 96     /* characters of a provenance value, at most */
#define CAL_MAX_COSTS 16    /* [costs] keys a profile can carry */
#define CAL_MAX_REFUSED 48  /* refusals kept (more are counted) */

/* One [costs] key of the profile, as it will be written. */
struct cal_cost {
	const char *key;    /* the key's name in [costs] */
	char text[48];      /* its value, exactly as written (and as checked) */
	int op;             /* the operation it comes from */
	bool cycles;        /* in cycles at the measured clock (else a time or a ratio) */
};

/* The fits of one measurement file. */
struct cal_out {
	const struct cal_in *in;      /* the measurements (and the machine) */
	double *qx[OP_COUNT], *qy[OP_COUNT]; /* per op: the quiet rows (owned) */
	size_t qn[OP_COUNT];          /* per op: quiet rows */
	struct cal_fit fit[OP_COUNT]; /* per op, when have[op] */
	bool have[OP_COUNT];          /* the op was measured and fitted */
	struct cal_cost costs[CAL_MAX_COSTS]; /* the [costs] keys */
	int n_costs;
	char refused[CAL_MAX_REFUSED][320]; /* "op: why", one per refusal */
	int n_refused;                /* refusals (may exceed CAL_MAX_REFUSED: the rest counted) */
};

/* Write the profile of @ctx (a struct cal_out) to @f: an fs_atomic_write filler. */
int cal_write_profile(FILE *f, void *ctx);

#endif
