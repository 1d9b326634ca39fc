/*
 * merge — assemble DIR/sweep.csv from the per-point results of a sweep (sweep.h), whoever ran
 * them: the built-in runner, GNU parallel, a Slurm array. The built-in runner calls this too, so
 * both routes give the same bytes.
 *
 * sweep.csv: a "# vriosim <version> (<rev>)" line, then
 *   point,<one column per axis>,run_id,scenario,model,seed,replication,metric,value,unit
 * with the rows of every point's summary.csv in plan order (RFC 4180, libcsv).
 */
#ifndef VRIOSIM_MERGE_H
#define VRIOSIM_MERGE_H

#include <stdbool.h>
#include <stddef.h>

/* A CSV file in memory: rows of fields ('#' lines before the first row are skipped). */
struct merge_table {
	char ***rows;       /* rows[r][f] */
	int *n_fields;      /* per row */
	int n_rows, cap;
};

/* Read @path with libcsv. 0, or -1 with @err ("path:line: ..."). */
int merge_read_csv(const char *path, struct merge_table *t, char *err, size_t errn);
void merge_table_free(struct merge_table *t);
/* Index of column @name in row 0, or -1. */
int merge_column(const struct merge_table *t, const char *name);

/* Write DIR/sweep.csv from DIR/sweep.plan.csv and DIR/runs/<point>/. Points without results
 * made under their planned stamp are left out, counted in @missing and (with @report) named on
 * stderr. 0 if the file was written (even with points missing), -1 with @err otherwise. */
int merge_sweep(const char *dir, bool report, int *missing, char *err, size_t errn);

#endif
