/*
 * wl_stream — bulk sends to the network peer, as many as the ring takes: a full ring is the
 * backpressure; a send completes when the NIC has transmitted it (no response).
 */
#include "vcpu.h"
#include "workload.h"

static bool closed(const struct vs_params *p) { return false; }

static void init(struct vcpu *v) { wl_unbounded(v); }
static void take(struct vcpu *v, struct request *q) { wl_draw_size(v, q); }

const struct workload wl_stream = {
	.target = WL_TARGET_PEER,
	.descriptors = 1,
	.open_loop = closed,
	.init = init,
	.take = take,
};
