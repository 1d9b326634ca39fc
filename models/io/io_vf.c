/*
 * io_vf — the VF path: the guest's own NIC queue.
 */
#include "io_vf.h"

#include "notify.h"

#include <simgrid/engine.h>

#include "rack.h"

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

void io_vf_submit(struct vcpu *v, struct request *q)
{
	struct rack *r = v->env->rack;
	vq_kick_prepare(&v->vq); /* the doorbell write to the VF: no exit */
	notify_kick_exitless(&r->meter);
	struct request *popped = vq_pop(&v->vq); /* the NIC fetches the descriptor */
	double back = device_serve(&r->devices, v->port, false, popped ? popped : q,
				   simgrid_get_clock());
	timedq_post(&v->rxq, &q->node, back);
}
