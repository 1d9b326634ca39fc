/*
 * wl_rr — request-response, closed loop: `outstanding` requests in flight per queue, each
 * answered by the network peer with resp_bytes (0: as many as it was sent).
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

const struct workload wl_rr = {
	.target = WL_TARGET_PEER,
	.descriptors = 1,
	.open_loop = closed,
	.init = init,
	.take = take,
};
