/*
 * device — where a request is really served once the backend lets go of it: the network peer
 * at the other end of the wire (a client host running the other side of the workload), or a
 * block device, local to the host that serves the queue or consolidated at the IOhost.
 *
 * The peer is a delay station with no queueing of its own (client hosts are not the resource
 * studied): a request's payload is delivered to its application on arrival; a request-response
 * answers after its stack and application time (peer_us) plus the workload's service time; a
 * TCP-like send is acknowledged after its kernel's receive path (peer_ack_us), one ACK per
 * burst with GRO or per workload.delack_segments segments without (a lone segment after
 * workload.delack_ms). What comes back travels the wire to the port the request left from and
 * is handed to the caller's sink; what the wire drops is reported to the guest's transport.
 */
#ifndef VRIOSIM_DEVICE_H
#define VRIOSIM_DEVICE_H

#include <stdbool.h>
#include <stdint.h>

#include "vriosim.h"

struct request;
struct pkt;
struct pkt_pool;
struct wire_cfg;
struct wire_port;
struct blockdev;
struct meter;

#define PROTO_HDR_BYTES 40u /* IPv4 + TCP headers per frame */

/* Where the meter counts a message the wire dropped (enum wire_drop, enum drop_place). */
int device_drop_place(int wire_drop);

/* What serving takes: the devices of the rack and how to reach them. */
struct devices {
	const struct vs_params *p;
	const struct wire_cfg *wire;      /* to reach a peer or a remote device */
	bool block;                       /* requests go to block devices (else network peers) */
	struct pkt_pool *pkts;            /* answers are packets */
	struct meter *meter;              /* deliveries and drops */
};

/* Where what comes back goes: a packet (a response, an ACK, a block completion) reaches the
 * port the request left from at time @t. */
struct device_sink {
	void (*arrive)(void *ctx, struct pkt *p, double t);
	void *ctx;
};

/* @q leaves NIC port @from at @now (@at_iohost: the port is the IOhost's). Its answers go to
 * @sink. Returns when its last bit left @from (its TX completion). The request's guest queue
 * gives its peer's port, its local device, its IOhost's port and device, and its random
 * stream. */
double device_serve(const struct devices *d, struct wire_port *from, bool at_iohost,
		    struct request *q, double now, const struct device_sink *sink);

#endif
