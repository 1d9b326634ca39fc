/*
 * metrics — how the simulator computes each metric of the schema (common/metrics.def) at the
 * end of a run. The schema gives every metric its name, unit and window; this module gives
 * each simulator metric its formula, one function per metric, in one table.
 */
#ifndef VRIOSIM_METRICS_H
#define VRIOSIM_METRICS_H

#include <stdint.h>

#include "meter.h"
#include "vriosim.h"

/* What the formulas read: the meter and the shape of the rack. */
struct metric_ctx {
	const struct vs_params *p;
	const struct meter *m;
	const struct summary *latency;  /* the window's latency summary (seconds) */
	double window;                  /* seconds measured */
	int vm_cores;                   /* cores left to the VMs, whole rack */
	int sidecores;                  /* polling cores */
	int io_cores;                   /* cores dedicated to I/O */
	uint64_t inflight_end;          /* requests in flight when the run ended */
};

/* Fill @res with every simulator metric of the schema, in the schema's order. */
void metrics_compute(const struct metric_ctx *c, struct vs_results *res);

#endif
