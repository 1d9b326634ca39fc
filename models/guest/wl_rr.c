/*
 * wl_rr — request-response, closed loop: `outstanding` requests in flight per queue, each
 * answered by the network peer with resp_bytes (0: as many as it was sent). Three names:
 *   rr, udp_rr  over a UDP-like transport (netperf's UDP_RR): a lost request or response is
 *               given up after workload.timeout_ms;
 *   tcp_rr      over a TCP-like one (netperf's TCP_RR): the response carries the ACK; a lost
 *               request or response is resent after the retransmission timeout.
 */
#include "vcpu.h"
#include "workload.h"

static bool closed(const struct vs_params *p) { return false; }

static void init(struct vcpu *v) { wl_closed(v, v->env->p->outstanding); }

static void take(struct vcpu *v, struct request *q)
{
	const struct vs_params *p = v->env->p;
	wl_draw_size(v, q);
	q->resp_bytes = p->resp_bytes ? p->resp_bytes : q->bytes;
}

#define RR_OPS .target = WL_TARGET_PEER, .descriptors = 1, .open_loop = closed, .init = init, \
	       .take = take

const struct workload wl_rr = { RR_OPS };
const struct workload wl_udp_rr = { RR_OPS };
const struct workload wl_tcp_rr = { RR_OPS, .tcp = true };
