/*
 * merge — assemble DIR/sweep.csv from the per-point results of a sweep (sweepdir.h), whoever
 * ran them: the built-in pool, GNU parallel, a Slurm array. The pool calls this too, so both
 * routes give the same bytes.
 *
 * sweep.csv: a "# vriosim <version> (<rev>)" line, then
 *   point,<one column per axis>,run_id,scenario,model,seed,replication,metric,value,unit
 * with the rows of every done point's summary.csv in plan order (RFC 4180, libcsv).
 */
#ifndef VRIOSIM_MERGE_H
#define VRIOSIM_MERGE_H

#include <stdbool.h>
#include <stddef.h>

/* Write DIR/sweep.csv from DIR/sweep.plan.csv and DIR/runs/<point>/. Points not done are left
 * out, counted in @missing and (with @report) named on stderr. 0 if the file was written (even
 * with points missing), -1 with @err otherwise. */
int merge_sweep(const char *dir, bool report, int *missing, char *err, size_t errn);

#endif
