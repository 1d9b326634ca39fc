/*
 * io_registry — the models by name, and what the VF-based ones share.
 */
#include "io_model.h"

#include <simgrid/engine.h>

#include "rack.h"

extern const struct io_model io_trap, io_elvis, io_vrio, io_sriov, io_baremetal;

const struct io_model *io_model_get(enum vs_model m)
{
	switch (m) {
	case VS_TRAP: return &io_trap;
	case VS_ELVIS: return &io_elvis;
	case VS_VRIO: return &io_vrio;
	case VS_SRIOV: return &io_sriov;
	case VS_BAREMETAL: return &io_baremetal;
	default: return NULL;
	}
}

int io_all_cores(const struct vs_params *p) { return p->cores_per_vmhost; }

bool io_has_response(const struct vs_params *p, const struct request *q)
{
	return q->resp_bytes || p->workload == WL_BLOCK;
}

unsigned io_vf_deliver(struct vcpu *v)
{
	unsigned n = 0;
	struct tq_node *node;
	double now = simgrid_get_clock();
	while ((node = timedq_pop_ready(&v->rxq, now))) {
		vq_push(&v->vq, (struct request *)node);
		n++;
	}
	if (n && vq_notify_prepare(&v->vq))
		v->irq_pending = true;
	return n;
}
