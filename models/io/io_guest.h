/*
 * io_guest — what every I/O model does to a guest queue from the device side: write a packet
 * into its receive ring, return a request's buffer, and interrupt it when its ring asks for an
 * interrupt (through its moderated interrupt line).
 */
#ifndef VRIOSIM_IO_GUEST_H
#define VRIOSIM_IO_GUEST_H

#include <stdbool.h>

struct vcpu;
struct pkt;
struct request;

/* Packet @p reaches guest @v's receive ring at @now: written into a posted buffer, or dropped
 * (counted; its request's transport notified) when the guest posted none. True if written. */
bool io_rx_fill(struct vcpu *v, struct pkt *p, double now);
/* The device returns @q's buffer (its TX descriptor, or its virtio-blk chain with the status
 * written) at @now. */
void io_tx_return(struct vcpu *v, struct request *q, double now);
/* Publish what was written and returned, and raise the interrupt if a ring asks for it. */
void io_notify(struct vcpu *v, double now);

#endif
