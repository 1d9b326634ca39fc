/*
 * validate — `vriosim validate`: the validation layers of DESIGN §7 in one go.
 *
 * Layers: (1) analytic — scenarios in validation/analytic/ that reduce to M/M/1, M/D/1, M/M/c
 * (Erlang C) and partitioned servers, against the closed forms (queueing.h); (2) the published
 * claims of validation/claims.csv on the shipped scenarios; (3) simulator vs emulator
 * (validation/emulator/: measured emulator CSVs vs the simulator with a fitted profile; skipped
 * with the reason when there are none); (4) conservation and determinism. Each check is one
 * PASS/FAIL line in DIR/report.md and a row in DIR/checks.csv; failures are listed, never hidden.
 *
 * Every simulation is its own process (`vriosim run`, one platform per process): validate
 * re-executes its own binary.
 */
#ifndef VRIOSIM_VALIDATE_H
#define VRIOSIM_VALIDATE_H

#include <stdbool.h>

/* What to validate, and where. */
struct validate_opts {
	const char *self;      /* the vriosim binary, absolute */
	const char *src;       /* the source tree holding scenarios/ and validation/, absolute */
	const char *out;       /* the report's directory (exists), absolute */
	const char *emu;       /* emulator measurements (NULL: layer 3 is skipped) */
	const char *profile;   /* the calibration profile the emulator mirrors use, absolute */
	bool fast;             /* the analytic M/M/1, M/D/1, M/M/c subset, and determinism */
	const char *only;      /* one layer (analytic, claims, emulator, determinism, capacity), or
				* NULL */
	const char *paper;     /* the paper library's outputs (validation/paper/run): read its
				* claims (by = paper) there; only the claims layer runs. NULL: none */
};

/* Is @name a layer --only accepts? */
bool validate_layer_known(const char *name);
/* Run the layers, write the report, list the checks on stdout (progress on stderr). Returns
 * the exit code: 0 every check passed, 1 a check failed or a run could not be made. */
int validate_run(const struct validate_opts *o);

#endif
