/*
 * io_guest — the device side of a guest queue.
 */
#include "io_guest.h"

#include "guest.h"
#include "pkt.h"

bool io_rx_fill(struct vcpu *v, struct pkt *p, double now)
{
	if (vq_rx_fill(&v->rxq, p) == 0) {
		if (guest_pkt_current(p) && (p->kind != PKT_ACK || p->req->t_rx < p->req->t_back))
			p->req->t_rx = now;
		return true;
	}
	meter_drop(v->env->meter, DROP_GUEST_RX, now);
	guest_pkt_lost(p, now);
	pkt_put(v->env->pkts, p);
	return false;
}

void io_tx_return(struct vcpu *v, struct request *q, double now)
{
	q->t_device = now;
	if (q->t_rx < q->t_back)
		q->t_rx = now; /* a send's buffer back, or a block I/O's status */
	vq_push(&v->txq, q);
}

void io_notify(struct vcpu *v, double now)
{
	unsigned n = 0;
	if (vq_notify_prepare(&v->txq))
		n++;
	if (v->rxq.mem && vq_notify_prepare(&v->rxq))
		n++;
	if (n)
		irq_raise(&v->irq, now, n);
}
