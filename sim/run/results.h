/*
 * results — what a `vriosim run` writes: summary.csv (tidy long, RFC 4180 through libcsv,
 * version-stamped), replications.csv when there are several, and the table on stdout.
 * Files are written next to their final name and renamed into place: a failed run leaves no
 * half-written results.
 */
#ifndef VRIOSIM_RESULTS_H
#define VRIOSIM_RESULTS_H

#include <stddef.h>
#include <stdio.h>

#include "record.h"
#include "scenario.h"

/* Write DIR/summary.csv, DIR/cdf.csv (model,quantile,latency_us and its CI: the latency
 * distribution, replications averaged per quantile) and DIR/replications.csv if replications > 1.
 * 0 or -1 (@err). */
int results_write(const char *dir, const struct scenario *s, const struct run_record *runs,
		  int n, char *err, size_t errn);
/* The comparison table (models side by side). */
void results_print_table(FILE *out, const struct scenario *s, const struct run_record *runs, int n);
/* The mean of @metric over model @m's runs into @mean (0 when none has it), its unit into
 * @unit (may be NULL; untouched when none has it). Returns how many runs had it. */
int results_mean(const struct run_record *runs, int n, int m, const char *metric,
		 double *mean, const char **unit);

#endif
