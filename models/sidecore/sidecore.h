/*
 * sidecore — a core that does nothing but poll I/O queues (Elvis' local sidecores, vRIO's
 * IOhost cores).
 *
 * A sidecore belongs to a group of ports (one port per guest queue it may serve). Elvis: each
 * VMhost's sidecore owns a fixed share of that host's queues. vRIO: the IOhost's sidecores
 * share one pooled group (any idle sidecore serves any queue; a port is claimed while served),
 * or are partitioned like Elvis'. A vRIO receive ring is normally drained by one sidecore at a
 * time; with rack.iohost_rx_claim = descriptor it is a multi-consumer ring whose descriptors
 * idle sidecores claim one at a time (one FIFO queue, several servers).
 *
 * Completions (responses from the network peers, block completions) come back through the
 * physical NIC's receive rings — one on a VMhost, several at the IOhost, each draining by one
 * sidecore at a time — and are served first, before every queue visit: finishing what is in
 * flight before taking new work. Requests are per port. A pass visits the ports in the order
 * of rack.sidecore_policy (policies.def, one file each: round-robin from a rotating start, or
 * the longest queue first), paying the poll cost for every port visited, and serves at most
 * `batch` requests per visit; a pass may end with a fixed cost (costs.poll_pass_ns).
 *
 * A visit's processing is one sleep on the dedicated core; its effects (a frame on the wire, a
 * device submission) carry the exact time each request's processing ended. When a pass finds
 * nothing, the sidecore is not simulated spinning: it sleeps on the group's inbox until a
 * guest publishes a request or a timed arrival is due, then pays a detection delay drawn
 * uniformly within one poll iteration. Work on a queue another sidecore is serving is left to
 * it; that sidecore rings the group when it leaves work behind. Its core is 100% consumed
 * regardless (sidecore_cpu), unless a dynamic policy parks it (sidecore_park).
 */
#ifndef VRIOSIM_SIDECORE_H
#define VRIOSIM_SIDECORE_H

#include <gsl/gsl_rng.h>
#include <simgrid/host.h>
#include <stdbool.h>
#include <stdint.h>

#include "cpu.h"
#include "inbox.h"
#include "meter.h"
#include "vriosim.h"

struct request;
struct pkt;
struct vcpu;
struct sidecore;
struct sc_group;

/* What every sidecore of a run shares. */
struct sc_env {
	const struct vs_params *p;
	double hz;              /* cycles per second of a core */
	struct meter *meter;    /* busy and polling time, CPU time */
	double *busy_s;         /* per sidecore (by id): busy seconds in the window, or NULL */
	void *ctx;              /* the I/O model's own context, for its ops (opaque here) */
};

/* One guest queue as the sidecores see it. */
struct sc_port {
	struct vcpu *v;        /* Elvis: the guest queue it is (opaque here); vRIO: NULL (a NIC
				* ring of many) */
	struct sc_group *group;
	struct timedq reqq;    /* requests that arrived as frames (vRIO: the IOhost's NIC ring) */
	struct ring_limit limit; /* reqq's room (a NIC ring: wire.nic_ring descriptors) */
	bool busy;             /* claimed by a sidecore during a visit */
	bool multi;            /* a multi-consumer ring: never claimed whole; each sidecore
				* claims the descriptors it takes, one atomic each
				* (costs.rx_claim_ns), so several serve it at once, in FIFO order */
};

/* What serving means in one I/O model. */
struct sc_ops {
	unsigned (*req_pending)(struct sc_port *p, double now);
	/* The next request of @p ready at @now, or NULL. */
	struct request *(*req_pop)(struct sidecore *sc, struct sc_port *p, double now);
	double (*req_cycles)(struct sidecore *sc, const struct request *q);
	/* @q's processing ended at @t: hand it on (wire, device; what comes back arrives through
	 * sc_arrive). */
	void (*req_done)(struct sidecore *sc, struct sc_port *p, struct request *q, double t);
	double (*comp_cycles)(struct sidecore *sc, const struct pkt *k);
	/* Packet @k's processing ended at @t: pass it on toward its guest. */
	void (*comp_done)(struct sidecore *sc, struct pkt *k, double t);
	/* @k found its receive ring full when it arrived at @t: it is dropped. */
	void (*comp_dropped)(struct sidecore *sc, struct pkt *k, double t);
	/* After the visit's processing time has passed: publish its effects (sc->effects). */
	void (*visit_end)(struct sidecore *sc);
};

/* A receive ring of packets from the NIC (responses, ACKs, block completions), drained by one
 * sidecore at a time. */
struct sc_ring {
	struct timedq q;          /* arrivals in time order */
	struct ring_limit limit;  /* its room: wire.nic_ring descriptors */
	bool busy;                /* a sidecore is draining it */
};

/* What a visit did to a guest queue, published when the visit's time has passed. */
struct sc_effect {
	struct vcpu *v;           /* the guest queue */
	void *item;               /* a packet for its RX ring, or a request whose buffer returns */
	bool rx;                  /* item is a packet (else a request) */
	double t;                 /* when its processing ended */
};

struct sc_group {
	const struct sc_env *env;
	const struct sc_ops *ops;
	struct sc_port **ports; /* the queues its sidecores serve */
	int n, cap;             /* ports added, room for */
	struct inbox inbox;     /* idle sidecores of the group wait here */
	int cursor;             /* round-robin: where the next pass starts */
	struct sc_ring *comp;   /* what comes back from the devices: the NIC's receive rings */
	int ncomp;              /* how many (a packet's ring: its guest queue's id mod ncomp) */
	int comp_cursor;        /* which ring the next completion sweep starts with */
	uint64_t *comp_live;    /* a bit per receive ring, set for every ring that may hold
				 * packets (set on arrival, cleared when a sweep finds the ring
				 * empty): sweeps visit only those (sc_comp_live_next) */
	struct sc_group *moved_to; /* a fault moved its queues there (sc_group_move) */
};

#define SC_MAX_BATCH 256

/* The first receive ring of @g in [@i, @end) whose live bit is set, or -1. */
static inline int sc_comp_live_next(const struct sc_group *g, int i, int end)
{
	while (i < end) {
		uint64_t w = g->comp_live[i >> 6] >> (i & 63);
		if (w) {
			int j = i + __builtin_ctzll(w);
			return j < end ? j : -1;
		}
		i = (i | 63) + 1;
	}
	return -1;
}

/* Ring @i of @g found empty: no sweep visits it until something arrives there. */
static inline void sc_comp_idle(struct sc_group *g, int i)
{
	g->comp_live[i >> 6] &= ~((uint64_t)1 << (i & 63));
}

/* The per-request backend work of a sidecore: sidecore_req_cycles, drawn from
 * costs.sidecore_dist (constant by default; exponential for queueing-theory checks), times
 * costs.sidecore_warm_ratio unless it is the first since the sidecore was idle. */
double sidecore_req_work(struct sidecore *sc);

struct sidecore {
	int id;                  /* its number in its model (actor name) */
	struct sc_group *g;      /* the queues it serves, with its peers */
	struct cpu cpu;          /* a dedicated core */
	gsl_rng *rng;            /* detection delay draws */
	struct inbox_waiter waiter; /* its place among the group's idle sidecores */
	double detect_s;         /* detection delay owed by the next visit */
	bool warm;               /* served a request since it last went idle */
	bool failed;             /* a fault: it serves nothing until it is back */
	bool parked;             /* a dynamic policy freed its core: it serves nothing until
				  * taken back */
	double back_at;          /* taken back: it polls from then (the core's switch) */
	double work_s;           /* its request work so far, whole run (a dynamic policy's load) */
	struct inbox standby;    /* where a failed sidecore waits to come back */
	struct sc_effect effects[2 * SC_MAX_BATCH]; /* this visit's, for visit_end */
	int neffects;
};

/* @cap ports at most; @ncomp receive rings of @ring_size descriptors (1 for a VMhost's NIC, as
 * many as the IOhost polls for vRIO). 0 or -ENOMEM (free with sc_group_free either way). */
int sc_group_init(struct sc_group *g, const struct sc_env *env, const struct sc_ops *ops, int cap,
		  int ncomp, unsigned ring_size);
void sc_group_free(struct sc_group *g);
/* 0 or -ENOMEM. */
int sc_group_add(struct sc_group *g, struct sc_port *p);
/* Make @p a multi-consumer ring (struct sc_port.multi). */
static inline void sc_port_set_multi(struct sc_port *p, bool multi) { p->multi = multi; }
/* A guest published work on a port of this group (the poll loop will see it). */
static inline void sc_group_ring(struct sc_group *g) { inbox_ring(&g->inbox); }
/* Packet @k reaches the group's receive ring number @key (mod the ring count: its guest
 * queue's id, RSS-like) at @t. */
void sc_arrive(struct sc_group *g, struct pkt *k, int key, double t);
/* Record an effect of the current visit (published by the model's visit_end). */
void sc_effect(struct sidecore *sc, struct vcpu *v, void *item, bool rx, double t);
/* Start sidecore number @id of group @g on a dedicated core of @host (a daemon actor named
 * "<kind>-<id>"), with random stream @stream for its detection delays. */
void sidecore_start(struct sidecore *sc, struct sc_group *g, int id, sg_host_t host,
		    uint64_t stream, const char *kind);
void sidecore_free(struct sidecore *sc);
/* A fault takes @sc down (it finishes the visit under way, then serves nothing) or brings it
 * back. */
void sidecore_fail(struct sidecore *sc, bool failed);
/* A dynamic policy parks @sc (it finishes the visit under way, then serves nothing and spins
 * no more) or takes it back into service, polling from time @at (its core taken meanwhile). */
void sidecore_park(struct sidecore *sc, bool parked, double at);
/* Move every port of @from to @to (a failed partition's queues to a live one). 0 or -ENOSPC. */
int sc_group_move(struct sc_group *from, struct sc_group *to);
/* The words rack.sidecore_policy takes, indexed by value, NULL-terminated. */
const char *const *sidecore_policy_names(void);

#endif
