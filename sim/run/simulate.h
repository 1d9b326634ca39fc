/*
 * simulate — one simulation in this process (the models' vs_simulate), with what watches it:
 * the per-request trace, the views (per VM, per host, per stage, the time series) and the
 * progress. SimGrid allows one simulation per process, so callers fork (runner.c) or exec
 * (sweeps) one process per run.
 */
#ifndef VRIOSIM_SIMULATE_H
#define VRIOSIM_SIMULATE_H

#include "record.h"
#include "vriosim.h"

/* What one run writes besides its record. */
struct sim_outputs {
	int trace_fd;  /* -1, or a file open for writing every completed request to (CSV rows, no
			* header; at its current offset) */
	int views_fd;  /* -1, or a file open for this run's part of the views (views.h) */
	void (*progress)(void *ctx, double t); /* told the simulated time reached, about every
						* hundredth of the run (or NULL) */
	void *progress_ctx;
};

/* Fill rec->res (not model and replication). @o may be NULL (nothing besides). 0, or -1 with
 * rec->res.error. */
int simulate_one(const struct vs_params *p, struct run_record *rec, const struct sim_outputs *o);

#endif
