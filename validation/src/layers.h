/*
 * layers — the validation layers of DESIGN §7 and what they share (internal to
 * validation/src; validate.h is the face): the context every layer runs in, and one simulator
 * run read back as a table.
 *
 *   (1) analytic.c     scenarios that reduce to M/M/1, M/D/1, M/M/c and partitioned servers
 *   (2) claims.c       the published claims, as validation/claims.csv states them
 *   (3) emulator.c     simulator vs emulator measurements (with a fitted profile)
 *   (4) determinism.c  the same scenario and seed twice: byte-identical results
 *   (5) capacity.c     `vriosim capacity` on M/M/1 against the closed form's rate at the SLO
 *   conservation is checked on every run the layers make (checks.h).
 */
#ifndef VRIOSIM_LAYERS_H
#define VRIOSIM_LAYERS_H

#include <limits.h>
#include <stdbool.h>
#include <stdio.h>

#include "checks.h"
#include "csvio.h"

/* What every layer runs in. */
struct vctx {
	char self[PATH_MAX];   /* this binary: every simulation is `SELF run ...` */
	char src[PATH_MAX];    /* the source tree (scenarios/, validation/) */
	char out[PATH_MAX];    /* report directory */
	char work[PATH_MAX];   /* run directories (OUT/runs) */
	bool fast;             /* the --fast subset */
	char paper[PATH_MAX];  /* non-empty: the paper library's outputs, whose claims (by = paper)
				* the claims layer reads instead of running its own */
	int runs;              /* simulations started */
	int failed_runs;       /* simulations that failed or left no summary */
	struct vchecks checks; /* every check so far */
};

/* Run `SELF run SRC/@rel --set ... -o WORK/@tag -q --no-plot` (@sets NULL-terminated, may be
 * NULL) and read its summary.csv into @t. 0, or -1 (said on stderr, counted in failed_runs). */
int vctx_sim_run(struct vctx *x, const char *rel, const char *tag, const char *const *sets,
		 struct csvio_table *t);

/* Run `SELF capacity SRC/@rel --slo @slo @args... -j <cores> -o WORK/@tag -q --no-plot` (@args
 * NULL-terminated, may be NULL) and read its capacity.csv into @t. 0, or -1 (said on stderr,
 * counted in failed_runs). */
int vctx_capacity_run(struct vctx *x, const char *rel, const char *tag, const char *slo,
		      const char *const *args, struct csvio_table *t);

/* The layers. @dat: the plot's data file (analytic, emulator). */
void layer_analytic(struct vctx *x, FILE *dat);
void layer_claims(struct vctx *x);
void layer_emulator(struct vctx *x, const char *emudir, const char *profile, FILE *dat);
void layer_determinism(struct vctx *x);
void layer_capacity(struct vctx *x);

#endif
