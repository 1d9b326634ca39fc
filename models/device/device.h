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

struct rack;
struct vcpu;
struct request;
struct wire_port;

#define PROTO_HDR_BYTES 40u /* IPv4 + TCP headers per frame */

/* @q leaves NIC port @from at @now; @at_iohost says the port is the IOhost's. Returns when its
 * completion is back at @from (the response received, the block I/O done, or — for a send
 * without response — the message transmitted). */
double device_serve(struct rack *r, struct wire_port *from, bool at_iohost, struct request *q,
		    double now);

#endif
