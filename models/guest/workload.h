/*
 * workload — what each guest queue asks for, and when.
 *
 *   rr      closed loop: `outstanding` requests in flight, each answered by the peer
 *   stream  bulk sends, as many as the ring takes (ring-full is the backpressure)
 *   open    request-response at rate_rps (Poisson or constant arrivals); a full ring drops
 *   pktgen  fixed-size frames at rate_rps, or as fast as the path allows when rate_rps = 0
 *   block   random reads/writes of msg_bytes at queue depth `outstanding` (read_fraction)
 *   trace   replay of recorded requests (issue time, VM, sizes)
 * The VMhost's weight in workload.vm_load scales the load of its guests (closed loops: the
 * requests in flight; open loops: the rate) — 0 leaves a host idle.
 */
#ifndef VRIOSIM_WORKLOAD_H
#define VRIOSIM_WORKLOAD_H

#include <stdbool.h>

struct vcpu;
struct request;

void wl_init(struct vcpu *v);
/* May the guest issue a request at @now? If so, *t_issue is its issue time (an open loop's
 * scheduled arrival may lie in the past when the vCPU was busy). */
bool wl_ready(struct vcpu *v, double now, double *t_issue);
/* Fill sizes and direction of a new request, and advance the schedule. */
void wl_take(struct vcpu *v, struct request *q);
/* The next time the workload wants to issue by itself (INFINITY: only completions matter). */
double wl_next_time(const struct vcpu *v);
/* A full ring drops the request (open loops) instead of making the guest wait (closed). */
bool wl_drops_when_full(const struct vcpu *v);

#endif
