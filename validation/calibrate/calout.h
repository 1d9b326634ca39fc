/*
 * calout — the fits of one measurement file and what `vriosim calibrate` derives from them:
 * the quiet rows, each operation's fit, the [costs] keys as they will be written, and the
 * refusals (quality.h checks, profile.h writes).
 */
#ifndef VRIOSIM_CAL_CALOUT_H
#define VRIOSIM_CAL_CALOUT_H

#include <stdbool.h>
#include <stddef.h>

#include "fit.h"
#include "input.h"

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
	int n_costs;                  /* keys in costs[] */
	char refused[CAL_MAX_REFUSED][320]; /* "op: why", one per refusal */
	int n_refused;                /* refusals (may exceed CAL_MAX_REFUSED: the rest counted) */
};

#endif
