/*
 * sidecores — what the polling models (elvis, vrio) share: their set of sidecores, groups and
 * ports (allocated and freed together), and the ops that behave the same in both — a packet
 * dropped by a full receive ring, and a visit's effects published into the guests' rings.
 */
#ifndef VRIOSIM_SIDECORES_H
#define VRIOSIM_SIDECORES_H

#include "sidecore.h"

struct rack;

struct sidecores {
	struct sc_env env;         /* what its sidecores share */
	struct sc_group *groups;   /* the queues they serve: per sidecore, or one pool */
	struct sidecore *cores;
	struct sc_port *ports;     /* guest queues (elvis) or NIC receive rings (vrio) */
	int n_groups, n_cores, n_ports;
	void *policy;              /* a dynamic policy's state (io_dynamic.c, io_vrio.c), or NULL */
};

/* A set of @n_cores sidecores in @n_groups groups over @n_ports ports, for @r, accounting their
 * busy seconds in @busy_s[0 .. n_cores) (the rack reads them); NULL when memory runs out. */
struct sidecores *sidecores_new(struct rack *r, int n_groups, int n_cores, int n_ports,
				double *busy_s);
void sidecores_free(struct sidecores *s);
/* sc_ops.comp_dropped: counted at the NIC's ring; the request's transport learns of it. */
void sidecores_dropped(struct sidecore *sc, struct pkt *k, double t);
/* A fault: packet @k, waiting in a failed IOhost's ring, is lost at @t. */
void sidecores_lost(struct rack *r, struct pkt *k, double t);
/* sc_ops.visit_end: the visit's effects into the guests' rings, one interrupt decision per
 * guest. */
void sidecores_publish(struct sidecore *sc);

#endif
