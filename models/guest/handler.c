/*
 * handler — the held interrupt handler (handler.h).
 */
#include "handler.h"

#include "bug.h"
#include "completion.h"
#include "inbox.h"
#include "io_model.h"
#include "pkt.h"
#include "vclock.h"
#include "vcpu.h"
#include "workload.h"

/* Can the handler's end be held (no instant of its own)? There the softirq only lands what
 * its VF received by then and takes the first packet from the RX ring, which is there now
 * (FIFO: what lands meanwhile goes after it), and draws that packet's cycles from the VM's
 * stream: so only when nobody else can draw from it meanwhile. A device draws a peer's
 * service time from that stream for a request with a response, an ACK's for a TCP segment,
 * and a vhost thread its costs: so the packet is the response to the one request in flight,
 * or vRIO's completion of a send that has no response (nobody draws for those), sent once
 * (an earlier try's answer may still come), over no TCP-like flow, and no fault can move the
 * queue to a vhost thread meanwhile. */
bool handler_may_hold(const struct vcpu *v, const struct pkt *pk)
{
	if (v->cpu.shared || v->cpu.thread || v->model->shared_cpu || v->flow.tcp || !v->rxq.mem ||
	    v->env->p->napi_budget < 1 || !pk || !guest_pkt_current(pk))
		return false;
	if (pk->req->tries != 1)
		return false; /* an earlier try's answer may still be on its way */
	if (pk->kind == PKT_RESP)
		return v->inflight == 1;
	return pk->kind == PKT_DONE && !wl_has_response(v->env->wl, pk->req) &&
	       v->env->p->fault == FAULT_NONE;
}

bool handler_hold(struct vcpu *v, const double c[CPU_USE_COUNT], struct held_irq *h, double t)
{
	if (cpu_cycles(c) <= 0 || !v->rxq.mem || !handler_may_hold(v, vq_rx_peek(&v->rxq)))
		return false;
	h->t0 = t;
	h->left = cpu_cycles(c) / v->cpu.hz;
	for (int u = 0; u < CPU_USE_COUNT; u++)
		h->cpu_s[u] = c[u] / v->cpu.hz;
	cpu_defer(&v->cpu, h->t0, h->t0 + h->left, h->cpu_s);
	return true;
}

/* The held handler's run ended at @t: account it, and land what the softirq's first look there
 * would have landed. */
static void handler_ended(struct vcpu *v, const struct held_irq *h, double t)
{
	cpu_defer_end(&v->cpu, t);
	if (v->model->deliver)
		v->model->deliver(v, t);
}

double handler_held_end(const struct vcpu *v, const struct held_irq *h,
			const double cycles[CPU_USE_COUNT])
{
	return h->t0 + h->left + cpu_cycles(cycles) / v->cpu.hz; /* the wait's date, below */
}

/* The held handler's run (@h) and then the stack's run of @cycles (in_irq: nothing preempts
 * either) as one wait, each run's arithmetic as run() does it, so that every time comes out
 * the same. A ring wakes it early: it lands what came, as run() does. Running @ahead, each
 * wait ends at its date, now. */
void handler_run_held(struct vcpu *v, const struct held_irq *h, const double cycles[CPU_USE_COUNT],
		      bool ahead)
{
	double now = h->t0, left = h->left, rx_left = cpu_cycles(cycles) / v->cpu.hz, t0 = -1;
	for (;;) {
		double end = now + left, until = t0 < 0 ? end + rx_left : end, t = until;
		if (!ahead) {
			inbox_wait(&v->inbox, until);
			t = vs_now();
		}
		VS_BUG_ON(t < h->t0, "guest %d: woken at %.9f before the interrupt it took ahead (%.9f)",
			  v->id, t, h->t0);
		if (t0 < 0) { /* in the handler's run */
			if (t < end) {
				left -= t - now;
				now = t;
				if (left > TIME_EPS) {
					if (v->model->deliver)
						v->model->deliver(v, t);
					continue;
				}
				end = t; /* within the clock's precision of its end: it ends here */
			}
			handler_ended(v, h, end);
			now = t0 = end;
			left = rx_left;
			if (t == end)
				continue;
		}
		left -= t - now;
		now = t;
		if (left <= TIME_EPS)
			break;
		if (v->model->deliver)
			v->model->deliver(v, t);
	}
	for (int u = 0; u < CPU_USE_COUNT; u++)
		if (cycles[u] > 0)
			cpu_account(&v->cpu, t0, now, cycles[u] / v->cpu.hz, (enum cpu_use)u);
	if (ahead)
		v->ahead = now;
}
