/*
 * simulate — one simulation in this process: start SimGrid, load the rack's platform, run the
 * model, return its results as a record. SimGrid allows one simulation per process, so callers
 * fork (runner.c) or exec (sweeps) one process per run.
 *
 * The only file of sim/ that knows the models' run interface (rack.h: rack_run, the results
 * and the per-request observer); everything else sees struct run_record.
 */
#ifndef VRIOSIM_SIMULATE_H
#define VRIOSIM_SIMULATE_H

#include "params.h"
#include "record.h"

/* Fill @rec's metrics (n, m[], error; not model and replication). @trace_path: NULL, or a file
 * to write every completed request to (CSV rows, no header). 0, or -1 with rec->error. */
int simulate_one(const struct vs_params *p, struct run_record *rec, const char *trace_path);

#endif
