/*
 * report — what a validation writes: DIR/checks.csv (one row per check), DIR/report.md (the
 * checks by layer, with the plots and notes), and the listing on stdout.
 */
#ifndef VRIOSIM_REPORT_H
#define VRIOSIM_REPORT_H

#include <stdbool.h>
#include <stdio.h>

#include "checks.h"

/* What the report says besides the checks. */
struct report_info {
	const char *profile;   /* the calibration profile used (NULL: none) */
	const char *emudir;    /* the emulator measurements (NULL: none) */
	bool fast;             /* --fast */
	bool plot_analytic;    /* analytic.png was rendered */
	bool plot_emulator;    /* emulator.png was rendered */
	int pass, fail, skip;  /* the checks' outcomes */
	int expected_fail;     /* failures on record (with their reasons) */
	int unexpected;        /* outcomes other than the record: these fail the validation */
};

/* Count the outcomes into @r. */
void report_count(const struct vchecks *v, struct report_info *r);
/* Write DIR/checks.csv and DIR/report.md (atomically). 0, or -1 with @err. */
int report_write(const char *dir, const struct vchecks *v, const struct report_info *r,
		 char *err, size_t errn);
/* One line per check, then the totals, on @out. */
void report_list(FILE *out, const struct vchecks *v, const struct report_info *r,
		 const char *report_path);

#endif
