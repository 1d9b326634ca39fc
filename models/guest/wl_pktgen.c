/*
 * wl_pktgen — fixed-size frames sent to the network peer at workload.rate_rps per queue (an
 * open loop: a full ring drops), or as fast as the path allows when the rate is 0 (a closed
 * loop bounded by the ring).
 */
#include "vcpu.h"
#include "workload.h"

static bool open_loop(const struct vs_params *p) { return p->rate_rps > 0; }

static void init(struct vcpu *v)
{
	if (open_loop(v->env->p))
		wl_open_start(v);
	else
		wl_unbounded(v);
}

static void take(struct vcpu *v, struct request *q)
{
	wl_draw_size(v, q);
	wl_open_advance(v);
}

const struct workload wl_pktgen = {
	.target = WL_TARGET_PEER,
	.descriptors = 1,
	.open_loop = open_loop,
	.init = init,
	.take = take,
};
