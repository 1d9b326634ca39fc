/*
 * workload — what each guest queue asks for, and when. One ops table per workload, each in its
 * own file (wl_<name>.c), listed once in workloads.def:
 *
 *   rr      closed loop: `outstanding` requests in flight, each answered by the peer
 *   stream  bulk sends, as many as the ring takes (ring-full is the backpressure)
 *   open    request-response at rate_rps (Poisson or constant arrivals); a full ring drops
 *   pktgen  fixed-size frames at rate_rps, or as fast as the path allows when rate_rps = 0
 *   block   random reads/writes of msg_bytes at queue depth `outstanding` (read_fraction)
 *   trace   replay of recorded requests (issue time, VM, sizes)
 *   udp_rr, tcp_rr, tcp_stream   netperf's UDP_RR, TCP_RR and TCP_STREAM: rr over a UDP-like
 *           or TCP-like transport, bulk sends over a TCP-like one (rr and stream are UDP-like)
 *
 * The VMhost's weight in workload.vm_load scales the load of its guests (closed loops: the
 * requests in flight; open loops: the rate) — 0 leaves a host idle.
 */
#ifndef VRIOSIM_WORKLOAD_H
#define VRIOSIM_WORKLOAD_H

#include <stdbool.h>

#include "vriosim.h"

struct vcpu;
struct request;

/* Where a workload's requests are really served. */
enum wl_target {
	WL_TARGET_PEER,   /* a network peer across the wire (a client host) */
	WL_TARGET_BLOCK,  /* a block device (virtio-blk chains: header, data, status) */
};

struct workload {
	enum wl_target target;
	bool tcp;              /* TCP-like transport (transport/flow.h), else UDP-like */
	unsigned descriptors;  /* ring descriptors per request */
	/* Do arrivals come by time whatever completes (open loops, traces), so that a full ring
	 * drops the request instead of making the guest wait? */
	bool (*open_loop)(const struct vs_params *p);
	/* Keys this workload needs (NULL: none): 0, or -1 with the problem in @out. */
	int (*check)(const struct vs_params *p, struct vs_check *out);
	/* Set up the guest queue's state (v->wl). */
	void (*init)(struct vcpu *v);
	/* Fill sizes and direction of a new request, and advance the schedule. */
	void (*take)(struct vcpu *v, struct request *q);
};

/* The registry (workloads.def), by index = the value of [workload] kind. */
const struct workload *workload_get(int index);
int workload_count(void);
const char *const *workload_names(void);

/* Set up the guest queue's workload state (nothing scheduled, then the workload's init). */
void wl_start(struct vcpu *v);
/* May the guest issue a request at @now? If so, *t_issue is its issue time (an open loop's
 * scheduled arrival may lie in the past when the vCPU was busy). */
bool wl_ready(struct vcpu *v, double now, double *t_issue);
/* Can the application go on at @t: a request due (wl_ready), the TX ring not stopped, and (a
 * closed loop) a request record free and room in a TCP-like window? One out of records or
 * window sleeps in its send until a completion or an ACK frees one: its vCPU halts meanwhile.
 * (An open loop issues, or drops, whatever comes.) */
bool wl_app_ready(struct vcpu *v, double t);
/* The next time the workload wants to issue by itself, after @now (INFINITY: only
 * completions matter). */
double wl_next_time(struct vcpu *v, double now);
/* Does the device answer @q (a request with a response, any block request), or is a sent
 * buffer just returned? */
bool wl_has_response(const struct workload *w, const struct request *q);

/* ---- Helpers the workloads share ---- */

/* The guest's VMhost weight (workload.vm_load; 1 without it). */
double wl_weight(const struct vcpu *v);
/* A closed loop of @outstanding requests in flight, scaled by the host's weight. */
void wl_closed(struct vcpu *v, double outstanding);
/* As many requests in flight as the ring takes (none on a host of weight 0). */
void wl_unbounded(struct vcpu *v);
/* An open loop at rate_rps times the host's weight: the first arrival at a random phase (or
 * one interarrival after the start with workload.phase = aligned). */
void wl_open_start(struct vcpu *v);
/* Draw the request's size (workload.msg_bytes, workload.size_dist) into q->bytes and clear
 * its response and direction. */
void wl_draw_size(struct vcpu *v, struct request *q);
/* An open loop's next arrival, after one was taken. */
void wl_open_advance(struct vcpu *v);

#endif
