/*
 * wl_open — request-response at an offered rate (workload.rate_rps per queue, Poisson or
 * constant arrivals), whatever completes: a full ring drops the request.
 */
#include "vcpu.h"
#include "workload.h"

static bool open_loop(const struct vs_params *p) { return true; }

static int check(const struct vs_params *p, struct vs_check *out)
{
	if (p->rate_rps > 0)
		return 0;
	*out = (struct vs_check){ "workload.rate_rps", "must be positive for workload.kind = open" };
	return -1;
}

static void init(struct vcpu *v) { wl_open_start(v); }

static void take(struct vcpu *v, struct request *q)
{
	const struct vs_params *p = v->env->p;
	wl_draw_size(v, q);
	q->resp_bytes = p->resp_bytes ? p->resp_bytes : q->bytes;
	wl_open_advance(v);
}

const struct workload wl_open = {
	.target = WL_TARGET_PEER,
	.descriptors = 1,
	.open_loop = open_loop,
	.check = check,
	.init = init,
	.take = take,
};
