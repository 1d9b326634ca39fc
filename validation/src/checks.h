/*
 * checks — the validation's findings: one check per line of the report, each with its measured
 * value, what it is held to, and PASS, FAIL or SKIP. Failures are listed, never hidden.
 */
#ifndef VRIOSIM_CHECKS_H
#define VRIOSIM_CHECKS_H

#include <stdbool.h>

#include "csvio.h"

/* Outcome of a check. */
enum vcheck_status { VCHECK_SKIP = -1, VCHECK_FAIL = 0, VCHECK_PASS = 1 };

/* One check. */
struct vcheck {
	char layer[16];             /* analytic, claims, emulator, emu-fit, conserve, determinism */
	char name[96];              /* what is checked */
	double measured;            /* the simulator's value (NAN: none) */
	double expected;            /* the reference (NAN: a range check) */
	double lo, hi;              /* the bound on measured (or on the relative error) */
	char bound[64];             /* the bound, as the report shows it */
	char unit[16];              /* of measured and expected */
	char note[400];             /* why, where from, what was seen */
	enum vcheck_status status;  /* the outcome */
	enum vcheck_status expect;  /* the outcome on record (claims: validation/claims.csv's
				     * expect column; PASS elsewhere) */
	char why[640];              /* an expected FAIL: the reason on record */
};

/* Every check of a validation, in the order made. */
struct vchecks {
	struct vcheck *c;           /* the checks (owned) */
	int n;                      /* checks made */
	int cap;                    /* checks allocated */
	int lost;                   /* checks that could not be stored (no memory): a failure */
};

void vchecks_free(struct vchecks *v);
/* measured vs expected within a relative tolerance @tol. */
void check_rel(struct vchecks *v, const char *layer, const char *name, double m, double e,
	       double tol, const char *unit, const char *note);
/* lo <= measured <= hi. */
void check_range(struct vchecks *v, const char *layer, const char *name, double m, double lo,
		 double hi, const char *unit, const char *note);
/* A check that could not be made, and why. */
void check_skip(struct vchecks *v, const char *layer, const char *name, const char *why);
/* Conservation, read off a summary (@t): issued = completed + dropped + in flight at the end
 * (replication means, so equal to rounding). One check per model of the run @tag. */
void check_conservation(struct vchecks *v, const char *tag, const struct csvio_table *t);
/* Record the newest check's expected outcome, and the reason of an expected failure. */
void check_expect(struct vchecks *v, enum vcheck_status expect, const char *why);
/* Is @c's outcome other than the one on record (a SKIP is never unexpected)? */
static inline bool vcheck_unexpected(const struct vcheck *c)
{
	return c->status != VCHECK_SKIP && c->status != c->expect;
}
/* "PASS", "FAIL" or "SKIP". */
const char *vcheck_word(enum vcheck_status s);

#endif
