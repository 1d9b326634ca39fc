/*
 * simulate — one simulation in this process (the models' vs_simulate), with the per-request
 * trace written to a file when asked. SimGrid allows one simulation per process, so callers
 * fork (runner.c) or exec (sweeps) one process per run.
 */
#ifndef VRIOSIM_SIMULATE_H
#define VRIOSIM_SIMULATE_H

#include "record.h"
#include "vriosim.h"

/* Fill rec->res (not model and replication). @trace_path: NULL, or a file to write every
 * completed request to (CSV rows, no header). @views_path: NULL, or the file for this run's
 * part of the views (views.h). 0, or -1 with rec->res.error. */
int simulate_one(const struct vs_params *p, struct run_record *rec, const char *trace_path,
		 const char *views_path);

#endif
