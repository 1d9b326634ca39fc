/*
 * device — where a request is really served once the backend lets go of it: the network peer
 * at the other end of the wire (a client host running the other side of the workload), or a
 * block device, local to the host that serves the queue or consolidated at the IOhost.
 *
 * The peer is a delay station: its stack + application time (peer_us) plus the workload's
 * service time, with no queueing of its own (client hosts are not the resource studied).
 */
#ifndef VRIOSIM_DEVICE_H
#define VRIOSIM_DEVICE_H

#include <stdbool.h>
#include <stdint.h>

#include "vriosim.h"

struct request;
struct wire_cfg;
struct wire_port;
struct blockdev;

#define PROTO_HDR_BYTES 40u /* IPv4 + TCP headers per frame */

/* What serving takes: the devices of the rack and how to reach them. */
struct devices {
	const struct vs_params *p;
	const struct wire_cfg *wire;      /* to reach a peer or a remote device */
	bool block;                       /* requests go to block devices (else network peers) */
	struct wire_port *iohost_port;    /* where consolidated block devices are reached */
	struct blockdev *iohost_dev;      /* the consolidated block device */
};

/* @q leaves NIC port @from at @now; @at_iohost says the port is the IOhost's. Returns when its
 * completion is back at @from (the response received, the block I/O done, or — for a send
 * without response — the message transmitted). The request's guest queue gives its peer's
 * port, its local device and its random stream. */
double device_serve(const struct devices *d, struct wire_port *from, bool at_iohost,
		    struct request *q, double now);

#endif
