/*
 * runner — every model × replication of a scenario, each in its own process (fork: SimGrid
 * allows one simulation per process), results collected through a pipe, in a fixed order so
 * the output is deterministic.
 */
#ifndef VRIOSIM_RUNNER_H
#define VRIOSIM_RUNNER_H

#include <stddef.h>

#include "record.h"
#include "scenario.h"

/* @runs must hold n_models × replications records (model-major). @trace_path: NULL or the
 * per-request trace file (written atomically, all models). @views_dir: NULL, or the directory
 * to write the per-VM, per-host and per-stage views into (views.h). 0, or -1 with @err naming
 * the failed run. */
int runner_run(const struct scenario *s, struct run_record *runs, const char *trace_path,
	       const char *views_dir, char *err, size_t errn);

/* As runner_run without trace or views, @jobs simulations at a time (each its own process). */
int runner_run_jobs(const struct scenario *s, struct run_record *runs, int jobs, char *err,
		    size_t errn);

#endif
