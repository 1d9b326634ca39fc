/*
 * cost — what a rack's configuration costs in dollars and draws in watts, from the parts table
 * of [cost] (struct vs_cost; docs/cost.md has the table and its sources).
 *
 * The rack under test is priced: its VMhosts, its IOhosts when the configuration has them (vRIO,
 * or block devices consolidated there), one NIC port per server and one ToR switch port per
 * NIC port, and the block devices when the workload uses them. The client hosts (the network
 * peers: the load, the same for every model) and their ports are not. A server is a chassis by
 * whole sockets (cpu_cores a socket) plus the processor's share of the cores it has; its power
 * is linear in its CPU use between idle (idle_ratio of full load) and full load (Fan, Weber,
 * Barroso, ISCA'07), a polling core counting as busy.
 */
#ifndef VRIOSIM_COST_H
#define VRIOSIM_COST_H

#include "vriosim.h"

/* A configuration, as the cost formulas see it. */
struct cost_shape {
	int iohosts;              /* IOhosts the rack has (0: none) */
	int devices;              /* block devices bought (0: a network workload) */
	double vmhost_busy_cores; /* cores' worth of busy time on all VMhosts (polling included) */
	const double *host_busy_cores; /* the same VMhost by VMhost (NULL: shared evenly) */
	double iohost_busy_cores; /* likewise on the IOhost */
};

/* Dollars: servers, ports, devices. */
double cost_usd(const struct vs_params *p, const struct cost_shape *s);
/* Watts in the measured window: servers by their CPU use, ports and devices. */
double cost_power_w(const struct vs_params *p, const struct cost_shape *s);

#endif
