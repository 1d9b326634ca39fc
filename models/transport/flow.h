/*
 * flow — a guest queue's transport, as its stack and the peer's see it.
 *
 * UDP-like (today's rr, stream, pktgen, open, trace; netperf's UDP_RR): no acknowledgements; a
 * lost request or response is noticed by the application after workload.timeout_ms and given
 * up (counted as lost); a lost send is simply gone.
 *
 * TCP-like (tcp_stream, tcp_rr): every send (a TSO burst of MSS segments) is acknowledged by
 * the receiver — one ACK per workload.delack_segments full segments, one per burst with GRO;
 * a request-response's response carries the ACK — and the sender keeps at most
 * workload.window_kb in flight. Acknowledgements are cumulative: one for a send covers every
 * earlier send that arrived. A lost send is retransmitted when the sender notices: after the
 * retransmission timeout (workload.rto_ms), or sooner once three later sends are acknowledged
 * (fast retransmit). Segments are never reordered on the way.
 */
#ifndef VRIOSIM_FLOW_H
#define VRIOSIM_FLOW_H

#include <stdbool.h>
#include <stdint.h>

struct request;

struct flow {
	bool tcp;                  /* TCP-like (else UDP-like) */
	double window;             /* TCP: bytes in flight at most */
	double in_flight;          /* TCP: bytes sent and not acknowledged */
	uint64_t next_seq;         /* TCP: sequence number of the next new send */
	struct request *head, *tail; /* TCP: sends not acknowledged, in sequence order */
	struct request *lost;      /* requests lost on the way, not yet noticed */
	unsigned rcv_segments;     /* peer: full segments received since its last ACK */
};

void flow_init(struct flow *f, bool tcp, double window_bytes);
/* May @bytes more go out now (TCP window; always for UDP)? */
bool flow_can_send(const struct flow *f, uint32_t bytes);
/* TCP: @q goes out for the first time at @t. */
void flow_sent(struct flow *f, struct request *q, double t);
/* TCP: an acknowledgement covering @q arrived. Every send up to @q that was not lost is
 * acknowledged (@acked is called for each, in order); lost ones before it count a duplicate
 * acknowledgement. */
void flow_ack(struct flow *f, struct request *q, void (*acked)(void *ctx, struct request *r),
	      void *ctx);
/* @q (or what answers it) was lost; the sender notices at @t_detect (RTO or timeout). */
void flow_lost(struct flow *f, struct request *q, double t_detect);
/* When the next loss will be noticed (INFINITY: none pending). */
double flow_next_detect(const struct flow *f);
/* A lost request noticed by @now (its time came, or three later sends were acknowledged),
 * taken off the lost list; NULL if none. */
struct request *flow_take_noticed(struct flow *f, double now);
/* TCP, at the receiving peer: a send of @segments full segments arrived; how many ACKs it
 * triggers (delayed ACK every @every segments; with @gro one per burst). */
unsigned flow_peer_acks(struct flow *f, unsigned segments, unsigned every, bool gro);

#endif
