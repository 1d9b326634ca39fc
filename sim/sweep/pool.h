/*
 * pool — run a sweep's points: every point not yet done (sweepdir.h), @jobs at a time, each a
 * `vriosim run` process (SimGrid: one simulation per process) exec'd from /proc/self/exe — the
 * very binary the user called, whatever its path — with its output in the point's log.txt.
 * Points run in any order; sweep.csv is assembled afterwards in plan order (merge.h), so its
 * bytes do not depend on -j or timing. SIGINT, SIGTERM or SIGHUP stop the children; what was
 * done is kept, and a re-run resumes.
 */
#ifndef VRIOSIM_POOL_H
#define VRIOSIM_POOL_H

#include "plan.h"
#include "progress.h"

/* Run every point not yet done (all of them with spec->force), spec->jobs at a time, then write
 * DIR/sweep.csv. Only point @only when >= 0 (one job of --emit-jobs; no sweep.csv). Returns the
 * exit code: 0 when every point succeeded, 1 when some failed or the sweep was interrupted
 * (results so far are kept). Messages go to stderr. */
int sweep_execute(const struct sweep_plan *plan, const struct sweep_spec *spec, int only,
		  struct sweep_stats *st);

#endif
