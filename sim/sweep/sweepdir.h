/*
 * sweepdir — a sweep's directory, and the one rule for "this point is done".
 *
 *   DIR/sweep.plan.csv        the points: index, run directory, stamp hash, one column per axis
 *   DIR/runs/<name>/          one point: summary.csv (+ replications.csv) from `vriosim run`,
 *                             log.txt (its stdout/stderr), params.txt (the stamp, written last)
 *   DIR/sweep.csv             every point's summary rows, one column per axis (merge.h)
 *   DIR/.lock                 held (flock) by the sweep writing DIR: a second one refuses
 *
 * A point's stamp is what makes its results what they are: the version line, the scenario's
 * name, every resolved key and the hash of a trace file's content. A point is done when its
 * params.txt hashes to the stamp hash the plan holds (params.txt is written only after a
 * successful run) and its summary.csv starts with the version line of that stamp. The sweep
 * runner (resume) and merge both ask sweepdir_point_done, so they never disagree.
 */
#ifndef VRIOSIM_SWEEPDIR_H
#define VRIOSIM_SWEEPDIR_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "scenario.h"

#define SWEEP_PLAN "sweep.plan.csv"
#define SWEEP_CSV "sweep.csv"

/* Lock the sweep directory @dir (DIR/.lock, flock(2)) for the life of the process: exclusive
 * for a whole sweep, --emit-jobs and merge (they write sweep.plan.csv or sweep.csv), shared
 * for one point of emitted jobs (--job N: many run at once, each writing its own point). The
 * lock is released when the process ends, however it ends. Returns the lock's descriptor, or
 * -EWOULDBLOCK when another sweep holds it, or -errno. */
int sweepdir_lock(const char *dir, bool shared);

/* DIR/runs/@point, or DIR/runs/@point/@file when @file is not NULL. */
void sweepdir_point_path(char *out, size_t n, const char *dir, const char *point, const char *file);

/* Start this very binary (/proc/self/exe) with @argv as point @point's process, its stdout
 * and stderr into the point's log.txt (the point's directory made first); @who names the
 * command in the child's message when exec fails. Its pid into @pid. 0, or -1 with errno. */
int sweepdir_point_spawn(const char *dir, const char *point, const char *const *argv,
			 const char *who, pid_t *pid);

/* The last non-empty line of point @point's log.txt (what went wrong, in the run's own words)
 * into @out; when there is none (a full disk: the run could not write its message either),
 * why not. */
void sweepdir_point_log_tail(const char *dir, const char *point, char *out, size_t n);

/* The stamp of a resolved scenario (free it); NULL with errno when it cannot be made. */
char *sweepdir_stamp(const struct scenario *s);
/* FNV-1a 64 of a stamp: what the plan keeps. */
uint64_t sweepdir_hash(const char *stamp);
/* Has point @point of the sweep in @dir results made under the stamp hashing to @hash? */
bool sweepdir_point_done(const char *dir, const char *point, uint64_t hash);
/* The point's run succeeded: write @stamp to its params.txt (atomically). 0 or -1 with errno. */
int sweepdir_mark_done(const char *dir, const char *point, const char *stamp);

#endif
