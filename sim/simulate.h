/*
 * simulate — one simulation in this process, with the per-request trace written to a file when
 * asked. SimGrid allows one simulation per process, so callers fork (runner.c) or exec (sweeps)
 * one process per run.
 */
#ifndef VRIOSIM_SIMULATE_H
#define VRIOSIM_SIMULATE_H

#include "vriosim.h"

/* @trace_path: NULL, or a file to write every completed request to (CSV rows, no header). */
int simulate_one(const struct vs_params *p, struct vs_results *res, const char *trace_path);

#endif
