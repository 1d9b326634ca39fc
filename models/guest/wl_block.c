/*
 * wl_block — random block reads and writes of msg_bytes at queue depth `outstanding` per queue
 * (a closed loop), a share workload.read_fraction of them reads. Each request is a virtio-blk
 * chain of three descriptors (16-byte header, data, 1-byte status) served by a block device.
 */
#include "vcpu.h"
#include "rng.h"
#include "workload.h"

static bool closed(const struct vs_params *p) { return false; }

static void init(struct vcpu *v) { wl_closed(v, v->env->p->outstanding); }

static void take(struct vcpu *v, struct request *q)
{
	wl_draw_size(v, q);
	q->write = rng_uniform(v->rng) >= v->env->p->read_fraction;
}

const struct workload wl_block = {
	.target = WL_TARGET_BLOCK,
	.descriptors = 3,
	.open_loop = closed,
	.init = init,
	.take = take,
};
