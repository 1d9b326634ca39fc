/*
 * results — what a `vriosim run` writes: summary.csv (tidy long, RFC 4180 through libcsv,
 * version-stamped), replications.csv when there are several, and the table on stdout.
 * Files are written next to their final name and renamed into place: a failed run leaves no
 * half-written results.
 */
#ifndef VRIOSIM_RESULTS_H
#define VRIOSIM_RESULTS_H

#include <stdio.h>

#include "vriosim.h"
#include "scenario.h"

/* One simulation: a model and a replication of the scenario. */
struct run_record {
	int model;           /* the I/O model (VS_VOCAB_MODEL) */
	int replication;
	struct vs_results res;
};

/* The stamp line every CSV starts with: "# vriosim <version> (<git rev>)". */
const char *results_version(void);
/* Write DIR/summary.csv (and DIR/replications.csv if replications > 1). 0 or -1 (@err). */
int results_write(const char *dir, const struct scenario *s, const struct run_record *runs,
		  int n, char *err, size_t errn);
/* The comparison table (models side by side). */
void results_print_table(FILE *out, const struct scenario *s, const struct run_record *runs, int n);
/* mkdir -p: 0 or -1 with errno. */
int results_mkdir_p(const char *dir);
/* Write @path atomically from a callback; 0 or -1 with errno. */
int results_atomic_write(const char *path, int (*fill)(FILE *f, void *ctx), void *ctx);

#endif
