/*
 * run — one simulation of the rack: build it, start its guests (and its sampler and fault),
 * run the engine to the end of the window, check the run can be trusted, measure it.
 */
#ifndef VRIOSIM_RUN_H
#define VRIOSIM_RUN_H

#include "vriosim.h"

/* Build the rack on the loaded platform, simulate p->duration_s, and fill @res. Returns 0, or -1
 * with res->error set when the run cannot be trusted (a stall, a conservation failure) or could
 * not be set up. @obs may be NULL. */
int rack_run(const struct vs_params *p, struct vs_results *res, const struct vs_observer *obs);

#endif
