/*
 * completion — a guest's application learns that a request is done (counted, shown to the
 * observer, its record freed once the device no longer holds its buffer) or lost (the
 * transport retransmits or gives up). The guest_* calls of losses are public (guest.h
 * includes this header); the rest is the guest's own (guest.c).
 */
#ifndef VRIOSIM_COMPLETION_H
#define VRIOSIM_COMPLETION_H

#include "vcpu.h"

/* The request is done for its application at @t. */
void guest_app_done(struct vcpu *v, struct request *q, double t);
/* Does something come back that completes @q (a response, an ACK, a vRIO completion
 * message), or does the return of its TX buffer? */
bool guest_needs_answer(const struct vcpu *v, const struct request *q);
/* The device returned @q's buffer (TX reclaim, or a vRIO completion message). */
void guest_buffer_back(struct vcpu *v, struct request *q);
/* The transport's acknowledgement of @q (a flow_ack callback; @ctx is the vcpu). */
void guest_acked(void *ctx, struct request *q);

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
