/*
 * wire — Ethernet between NIC ports, through one cut-through ToR switch.
 *
 * A message of B payload bytes is cut into frames of at most (MTU - per-frame headers) payload
 * bytes; each frame costs max(payload + headers, 46) + 38 bytes on the wire (Ethernet header 14,
 * FCS 4, preamble+SFD 8, inter-frame gap 12; 46 is the minimum L2 payload). A message's path:
 * sender NIC (fixed latency) → the sender port's uplink (a FIFO serializer at line rate) →
 * propagation → switch (fixed latency, cut-through) → the receiver port's downlink (a FIFO at
 * line rate: it only adds delay when another message occupies it) → propagation → receiver NIC.
 * With no contention (and equal port rates) the arrival is exactly
 *     now + 2·nic + 2·propagation + switch + wire_bytes·8 / rate.
 * Ports may run at different rates (an IOhost with a faster NIC).
 *
 * Buffers are finite: a message that finds more than tx_limit_bytes queued on its sender's
 * uplink (the NIC's ring) or more than switch_limit_bytes queued on its receiver's downlink
 * (the switch's output buffer) is dropped whole, and reserves nothing.
 * A serializer is a schedule of busy intervals. Messages are often computed ahead of time (a
 * peer's response is known when its request is sent), so a message may reserve a slot in the
 * future; one computed later but due earlier takes the first gap long enough for it, and only
 * waits when the link is really busy then. Intervals that ended before the current simulated
 * time are forgotten (from the front of a circular buffer); a gap is found by binary search
 * over the intervals' ends. It costs no simulation event per frame or per flow.
 */
#ifndef VRIOSIM_WIRE_H
#define VRIOSIM_WIRE_H

#include <stdbool.h>
#include <stdint.h>

struct wire_cfg {
	double bps;          /* line rate, bits per second */
	int mtu;             /* L3 bytes per frame */
	double nic_s, switch_s, prop_s;
	double tx_limit_bytes;     /* a port's uplink queue at most (NIC ring; 0: unbounded) */
	double switch_limit_bytes; /* a port's switch output queue at most (0: unbounded) */
	double window_start, window_end; /* the measured window (link utilisation) */
};

#define WIRE_FRAME_OVERHEAD 38u /* Ethernet header + FCS + preamble/SFD + IFG */
#define WIRE_MIN_PAYLOAD 46u

/* One busy interval of a serializer. */
struct wire_span {
	double start, end;
};

/* A serializer's busy intervals, sorted and disjoint: a circular buffer (those that ended are
 * dropped from its front without moving the others; a slot is found by binary search). */
struct wire_sched {
	struct wire_span *v;     /* cap slots (a power of two), interval k at (head + k) & (cap-1) */
	int head, n, cap;
	double busy_s;           /* seconds transmitting inside the measured window */
};

/* One host's NIC port: its uplink to the switch and the switch's downlink to it. */
struct wire_port {
	double bps;              /* this port's line rate (0: the wire's) */
	struct wire_sched up;    /* uplink serializer */
	struct wire_sched down;  /* downlink serializer */
	uint64_t frames_tx, bytes_tx; /* on-wire frames and bytes sent */
	bool failed;             /* a fault: whatever it sends or is sent is lost */
};

/* Reserve @d seconds on @s at the first free time >= @t; @clock is the current simulated time
 * (nothing will ever ask for a slot before it). Returns the start. */
double wire_sched_reserve(struct wire_sched *s, double clock, double t, double d);
void wire_port_free(struct wire_port *p);

/* Where a message was lost. */
enum wire_drop { WIRE_OK, WIRE_DROP_NIC_TX, WIRE_DROP_SWITCH, WIRE_DROP_FAULT };

struct wire_times {
	double depart;       /* last bit left the sender's uplink (TX completion) */
	double arrive;       /* message fully received by the destination NIC, RX latency included */
	enum wire_drop drop; /* WIRE_OK, or where it was dropped (then arrive is meaningless) */
	uint32_t frames;     /* frames it took */
};

/* Frames and on-wire bytes for @payload bytes with @hdr header bytes per frame (in the L3
 * payload: e.g. 40 for TCP/IP, more for an encapsulation). */
void wire_framing(const struct wire_cfg *w, uint32_t payload, uint32_t hdr, uint32_t *frames,
		  uint64_t *wire_bytes);
/* Send @payload bytes, handed to the NIC at @t (>= @clock, the current simulated time), from
 * @src to @dst. */
struct wire_times wire_send(const struct wire_cfg *w, struct wire_port *src, struct wire_port *dst,
			    double clock, double t, uint32_t payload, uint32_t hdr);

#endif
