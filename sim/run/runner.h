/*
 * runner — every model × replication of a scenario, each in its own process (fork: SimGrid
 * allows one simulation per process), results collected through a pipe, in a fixed order so
 * the output is deterministic.
 */
#ifndef VRIOSIM_RUNNER_H
#define VRIOSIM_RUNNER_H

#include <stdbool.h>
#include <stddef.h>

#include "record.h"
#include "scenario.h"

/* @runs must hold n_models × replications records (model-major). @trace_path: NULL or the
 * per-request trace file (written atomically, all models). @views_dir: NULL, or the directory
 * to write the per-VM, per-host and per-stage views and the time series into (views.h).
 * @progress: a line on stderr (a terminal) for runs longer than a few seconds: simulated time,
 * its rate, the time left. 0, or -1 with @err naming the failed run (or saying a stop signal
 * interrupted it: runner_signal_caught). */
int runner_run(const struct scenario *s, struct run_record *runs, const char *trace_path,
	       const char *views_dir, bool progress, char *err, size_t errn);

/* As runner_run without trace, views or progress, @jobs simulations at a time (each its own
 * process). */
int runner_run_jobs(const struct scenario *s, struct run_record *runs, int jobs, char *err,
		    size_t errn);

/* While a run is on: SIGINT, SIGTERM and SIGHUP stop it (its child is killed, nothing is
 * written), instead of killing this process outright and leaving its child behind. */
void runner_signals_catch(void);
/* The stop signal caught since runner_signals_catch, or 0. */
int runner_signal_caught(void);
/* Put the handlers back; if a stop signal came, end this process by it (no return then). */
void runner_signals_release(void);

/* An unnamed part file for the trace @trace_path, in its directory (created and unlinked at
 * once): the descriptor, or -1 with errno. Also the check, before simulating, that the trace
 * can be written there. */
int runner_trace_part(const char *trace_path);

#endif
