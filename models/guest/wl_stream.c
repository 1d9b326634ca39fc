/*
 * wl_stream — bulk sends to the network peer, as many as the ring (and, TCP-like, the window)
 * takes. Two names:
 *   stream      UDP-like: a send is done when the device returns its buffer (a full ring is
 *               the backpressure); a lost one is simply gone;
 *   tcp_stream  netperf's TCP_STREAM: each send (a TSO burst of MSS segments) is acknowledged
 *               by the receiver, at most workload.window_kb are in flight, a lost burst is
 *               retransmitted; a send is done when acknowledged.
 */
#include "vcpu.h"
#include "workload.h"

static bool closed(const struct vs_params *p) { return false; }
static void init(struct vcpu *v) { wl_unbounded(v); }
static void take(struct vcpu *v, struct request *q) { wl_draw_size(v, q); }

#define STREAM_OPS .target = WL_TARGET_PEER, .descriptors = 1, .open_loop = closed, \
		   .init = init, .take = take

const struct workload wl_stream = { STREAM_OPS };
const struct workload wl_tcp_stream = { STREAM_OPS, .tcp = true };
