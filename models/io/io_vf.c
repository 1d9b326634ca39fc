/*
 * io_vf — the VF path: the guest's own NIC queue.
 */
#include "io_vf.h"

#include <simgrid/engine.h>

#include "io_guest.h"
#include "notify.h"
#include "pkt.h"
#include "rack.h"
#include "vclock.h"

void io_vf_deliver(struct vcpu *v, double now)
{
	struct tq_node *n;
	while ((n = timedq_pop_ready(&v->arrivals, now))) {
		struct pkt *k = (struct pkt *)n;
		if (v->rxq.mem) {
			io_rx_fill(v, k, n->ready);
			continue;
		}
		/* A pass-through block device: the completion is written into its chain. */
		io_tx_return(v, k->req, n->ready);
		pkt_put(v->env->pkts, k);
	}
	while ((n = timedq_pop_ready(&v->txdone, now)))
		io_tx_return(v, (struct request *)n, n->ready);
	io_notify(v, now);
}

void io_vf_arrive(void *ctx, struct pkt *k, double t)
{
	struct vcpu *v = k->dst;
	timedq_post(&v->arrivals, &k->node, t);
}

void io_vf_submit(struct vcpu *v, struct request *q)
{
	struct rack *r = v->env->rack;
	vq_kick_prepare(&v->txq); /* the doorbell write to the VF: no exit */
	notify_kick_exitless(&r->meter);
	struct request *popped = vq_pop(&v->txq); /* the NIC fetches the descriptor */
	if (popped)
		q = popped;
	static const struct device_sink sink = { io_vf_arrive, NULL };
	double depart = device_serve(&r->devices, v->port, false, q, vs_now(), &sink);
	if (v->txq.kind != VQ_BLK) /* a block chain comes back with its completion */
		timedq_post(&v->txdone, &q->node, depart);
}
