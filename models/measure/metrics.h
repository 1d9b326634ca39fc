/*
 * metrics — how the simulator computes each metric of the schema (common/metrics.def) at the
 * end of a run. The schema gives every metric its name, unit and window; this module gives
 * each simulator metric its formula, one function per metric, in one table.
 */
#ifndef VRIOSIM_METRICS_H
#define VRIOSIM_METRICS_H

#include <stdint.h>

#include "cost.h"
#include "meter.h"
#include "vriosim.h"

/* The kinds of resources whose utilisation a run reports: the busiest of each kind. */
enum util_kind {
	UTIL_VCPU,            /* a vCPU's core (dedicated cores; shared: its share of time) */
	UTIL_VMHOST_CORES,    /* a VMhost's cores left to VMs (guests, exits, vhost threads) */
	UTIL_SIDECORE,        /* a polling core, busy apart from polling */
	UTIL_VMHOST_PORT_TX,  /* a VMhost's NIC port, transmitting */
	UTIL_VMHOST_PORT_RX,  /* a VMhost's NIC port, receiving (the switch's output to it) */
	UTIL_IOHOST_PORT_TX,  /* the IOhost's NIC port, transmitting */
	UTIL_IOHOST_PORT_RX,  /* the IOhost's NIC port, receiving */
	UTIL_CLIENT_PORT_TX,  /* a client host's port, transmitting */
	UTIL_CLIENT_PORT_RX,  /* a client host's port, receiving */
	UTIL_BLOCKDEV,        /* a block device's slots */
	UTIL_COUNT
};
/* The resource kinds' names (bottleneck reporting). */
const char *util_name(enum util_kind k);

/* What the formulas read: the meter and the shape of the rack. */
struct metric_ctx {
	const struct vs_params *p;
	const struct meter *m;
	const struct summary *latency;  /* the window's latency summary (seconds) */
	double window;                  /* seconds measured */
	int vm_cores;                   /* cores left to the VMs, whole rack */
	int sidecores;                  /* polling cores */
	int io_cores;                   /* cores dedicated to I/O */
	double parked_core_s;           /* of the polling cores' seconds in the window, parked */
	long io_switches;               /* queues moved between trap and polling, sidecores parked
					 * or taken back, in the run */
	uint64_t inflight_end;          /* requests in flight when the run ended */
	/* Utilisation in the window of each kind of resource (the busiest of its kind), the
	 * fairness of the VMs' throughput, and the resource nearest saturation. */
	double util[UTIL_COUNT];
	double fairness;                /* Jain's index over the VMs' completions */
	double fault_recovery_ms;       /* a fault: until the rate is back (rack/fault.h) */
	double fault_unavailable_ms;    /* a fault: milliseconds under half the rate */
	struct cost_shape shape;        /* what the configuration buys, and its busy cores */
};

/* Fill @res with every simulator metric of the schema, in the schema's order. */
void metrics_compute(const struct metric_ctx *c, struct vs_results *res);

#endif
