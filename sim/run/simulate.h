/*
 * simulate — one simulation in this process (the models' vs_simulate), with the per-request
 * trace written to a file when asked. SimGrid allows one simulation per process, so callers
 * fork (runner.c) or exec (sweeps) one process per run.
 */
#ifndef VRIOSIM_SIMULATE_H
#define VRIOSIM_SIMULATE_H

#include "record.h"
#include "vriosim.h"

/* Fill rec->res (not model and replication). @trace_fd: -1, or a file open for writing to
 * write every completed request to (CSV rows, no header; written at its current offset).
 * @progress (may be NULL) is told the simulated time reached, about every hundredth of the
 * run. 0, or -1 with rec->res.error. */
int simulate_one(const struct vs_params *p, struct run_record *rec, int trace_fd,
		 void (*progress)(void *ctx, double t), void *progress_ctx);

#endif
