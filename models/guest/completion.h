/*
 * completion — a guest's application learns that a request is done: counted, shown to the
 * observer, its record freed once the device no longer holds its buffer. Private to the guest
 * (guest.c); others see guest.h.
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

#endif
