/*
 * guest — a vCPU running the workload: it issues requests into its virtqueue (paying the
 * application and guest-stack cycles), hands them to the I/O model, and takes completions
 * (interrupt, NAPI-style reaping with callbacks disabled while it runs, guest-stack cycles on
 * the way up). Latency is measured from the application's issue to the completion's delivery
 * to the application.
 * The guest queue itself (struct vcpu) and what the guests share are in vcpu.h.
 */
#ifndef VRIOSIM_GUEST_H
#define VRIOSIM_GUEST_H

#include <simgrid/host.h>

#include "vcpu.h"

/* Start the vCPU's actor on @host (not a daemon: the run lasts while guests exist). */
void guest_start(struct vcpu *v, sg_host_t host);

/* The transport learns that @q — or its answer — was lost at @t (dropped by a full buffer):
 * a TCP-like sender retransmits it once it notices (RTO or three later ACKs); a UDP-like
 * request-response is given up after workload.timeout_ms; a UDP-like send is simply gone.
 * Called by whoever dropped it. */
void guest_request_lost(struct vcpu *v, struct request *q, double t);
/* Is @k still about the request it was made for (not a stale packet for a slot reused since)? */
bool guest_pkt_current(const struct pkt *k);
/* Packet @k toward its guest was dropped at @t: its request is lost, unless @k was an ACK (the
 * next one covers it) or stale. */
void guest_pkt_lost(struct pkt *k, double t);

#endif
