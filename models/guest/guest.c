/*
 * guest — the vCPU: an application issuing requests through its stack and driver, and the
 * driver's interrupt and NAPI path taking what comes back.
 *
 * Transmit: the application's work and the stack's (app_cycles, guest_stack_cycles + bytes)
 * run on the vCPU, the request goes into the TX ring (virtio-net TX, virtio-blk, or the VF's),
 * and the I/O model sends it on its way (a kick that exits, a doorbell, nothing for a polled
 * ring). virtio-net reclaims its TX buffers on the next transmit (free_old_xmit) and asks for an
 * interrupt only when its ring is full (enable_cb_delayed); VF drivers clean TX in NAPI.
 *
 * Receive: the device writes packets into the RX ring and, when the ring asks for one, raises
 * the queue's interrupt (moderated: notify/irq.h). The interrupt is taken whenever it fires —
 * preempting the vCPU's work on a dedicated core, between two steps on a shared one — paying
 * the model's exits (injection, EOI) and the handler, which masks the queue and schedules NAPI:
 * the softirq takes up to guest.napi_budget packets per poll (stack cycles each: a response
 * wakes its application, an ACK opens the TCP window), cleans TX, and unmasks the queue once a
 * poll finds less than its budget.
 *
 * Idle: the vCPU halts — a HLT exit when virtualized; on wake-up, a vCPU idle for less than
 * guest.halt_poll_us was being polled by KVM (its core spun: no wake-up latency), else its
 * thread is woken (costs.halt_wakeup_us); bare metal leaves C1 (costs.c1_exit_us). On a core
 * shared under the CFS-like scheduler, KVM polls only while nothing else is runnable there
 * (cpu_halt): another thread that becomes runnable takes the core and ends the poll.
 *
 * Latency runs from the application's issue to its completion's delivery to the application
 * (a response processed by the stack; a send's buffer returned by the device; a TCP send's
 * acknowledgement).
 */
#include "guest.h"

#include <math.h>
#include <simgrid/actor.h>
#include <simgrid/engine.h>
#include <stdio.h>

#include "ahead.h"
#include "bug.h"
#include "completion.h"
#include "handler.h"
#include "io_model.h"
#include "notify.h"
#include "pkt.h"
#include "rng.h"
#include "workload.h"
#include "vclock.h"

static void softirq(struct vcpu *v, struct held_irq *h);

/* ---- CPU: work that interrupts preempt ---- */

/* Device-side events that happen at their time whatever the vCPU does: packets landing in its
 * VF's RX ring, TX descriptors the NIC returns (VF paths). */
static void deliver(struct vcpu *v)
{
	if (v->model->deliver)
		v->model->deliver(v, ahead_now(v));
}

/* When the vCPU must look up from its work: an interrupt firing, a VF event landing. */
static double next_event(const struct vcpu *v)
{
	return fmin(irq_next(&v->irq), fmin(timedq_next(&v->arrivals), timedq_next(&v->txdone)));
}

/* The next thing due for the vCPU, looking at @t: an interrupt, a VF event, a loss noticed,
 * its workload's next arrival or load change. */
static double due(struct vcpu *v, double t)
{
	return fmin(next_event(v), fmin(wl_next_time(v, t), flow_next_detect(&v->flow)));
}

/* Take an interrupt that has fired, with its NAPI poll (not when already in one). */
static void maybe_interrupt(struct vcpu *v);
static void interrupt_at(struct vcpu *v, double t);

/* What the halted vCPU's first look (halt's loop) finds at @t, the end of its halt exit, if
 * that look can be taken now: the time its first wait ends (INFINITY: none), or @t when it
 * would not wait or needs something that may change before @t without waking it (a shared
 * core's scheduler; an on/off pattern, which draws from the stream the VM's devices draw from
 * too). Everything else it reads changes only by a ring of its inbox or by the vCPU itself. */
static double halt_first_wait(struct vcpu *v, double t)
{
	const struct vs_params *p = v->env->p;
	if (v->cpu.shared || v->cpu.thread || p->pattern == PATTERN_ONOFF)
		return t;
	if (v->napi || wl_app_ready(v, t))
		return t;
	double next = due(v, t);
	return time_reached(next, t) ? t : next;
}

/* How the last stretch of a halt exit was waited for (exit_wait). */
enum exit_wait {
	EXIT_NOT_WAITED, /* not yet: wait until its end as any work does */
	EXIT_WOKEN,      /* woken before its end by what would have woken that wait too */
	EXIT_HALTED,     /* it ended, and the vCPU waited on, halted */
};

/* The last stretch of a halt exit, ending at @end, and the halted vCPU's first wait as one
 * wait, when halt_first_wait can say now where that wait ends: the exit's end is then not an
 * instant of its own (its accounting, from @t0, is deferred to it: cpu_defer). A ring that
 * the wait for @end would have slept through (everything due is at @end or later: a guest's
 * inbox is only rung for something due) wakes it early; it then waits on as before. */
static enum exit_wait exit_wait(struct vcpu *v, double t0, double end,
				const double cpu_s[CPU_USE_COUNT])
{
	double until = halt_first_wait(v, end);
	if (!(until > end))
		return EXIT_NOT_WAITED;
	cpu_defer(&v->cpu, t0, end, cpu_s);
	enum exit_wait w = EXIT_NOT_WAITED;
	for (;;) {
		inbox_wait(&v->inbox, until);
		if (vs_now() >= end) {
			cpu_settle(&v->cpu, INFINITY);
			return EXIT_HALTED;
		}
		if (fmin(next_event(v), flow_next_detect(&v->flow)) < end) {
			w = EXIT_WOKEN;
			break;
		}
		until = halt_first_wait(v, end); /* > end + TIME_EPS, so the next wait blocks */
		if (!(until > end))
			break;
	}
	cpu_undefer(&v->cpu);
	return w;
}

/* Run @cycles of work. On a dedicated core it is one sleep that a firing interrupt preempts:
 * the handler and its NAPI poll run, then the rest of the work. On a shared core it is one
 * SimGrid execution (contention decides its length); interrupts wait for its end.
 * With @halting (the halt exit) the vCPU halts once the work is done, and on a dedicated core
 * its last stretch and the first wait halted are one wait (exit_wait). Returns when the work
 * ended. */
static double run(struct vcpu *v, const double cycles[CPU_USE_COUNT], bool halting)
{
	double c = cpu_cycles(cycles);
	if (c <= 0)
		return ahead_now(v);
	if (v->cpu.shared) {
		cpu_run_mix(&v->cpu, cycles);
		return vs_now();
	}
	double t0 = ahead_now(v), left = c / v->cpu.hz;
	double cpu_s[CPU_USE_COUNT];
	for (int u = 0; u < CPU_USE_COUNT; u++)
		cpu_s[u] = cycles[u] / v->cpu.hz;
	while (left > 0) {
		double now = ahead_now(v), end = now + left;
		double stop = v->in_irq ? end : fmin(end, next_event(v));
		enum exit_wait w = halting && !v->in_irq && stop == end ? exit_wait(v, t0, end, cpu_s)
									: EXIT_NOT_WAITED;
		if (w == EXIT_HALTED)
			return end;
		if (w == EXIT_NOT_WAITED && stop > ahead_now(v))
			inbox_wait(&v->inbox, stop);
		double t = ahead_now(v); /* woken before the time it runs ahead to: no time passed */
		left -= t - now;
		if (left <= TIME_EPS)
			break;
		deliver(v);
		if (!v->in_irq)
			maybe_interrupt(v);
	}
	double t1 = ahead_now(v);
	for (int u = 0; u < CPU_USE_COUNT; u++)
		if (cycles[u] > 0)
			cpu_account(&v->cpu, t0, t1, cpu_s[u], (enum cpu_use)u);
	return t1;
}

/* ---- Receive: the interrupt and NAPI ---- */

/* Does the TX ring interrupt (VF drivers, virtio-blk), or only when stopped (virtio-net, and
 * the vRIO front end, whose descriptors come back at once)? */
static bool tx_interrupts(const struct vcpu *v)
{
	return v->model->vf_tx || v->txq.kind == VQ_BLK;
}

/* Take the interrupt at @t (now, or a later time the vCPU acts as of: then its handler is held
 * for sure, halt_landing): true if its handler's run is held (@h; in_irq stays set for the
 * stack's run that follows it). */
static bool take_interrupt(struct vcpu *v, struct held_irq *h, double t)
{
	struct guest_env *e = v->env;
	double c[CPU_USE_COUNT] = { 0 };
	notify_take_interrupt(e->p, e->meter, v->model->irq_kind(e->p), v->rng, c, t);
	/* The handler masks the queue and schedules NAPI. */
	if (v->rxq.mem)
		vring_driver_disable_cb(&v->rxq.drv);
	if (tx_interrupts(v))
		vring_driver_disable_cb(&v->txq.drv);
	v->napi = true;
	v->in_irq = true;
	if (handler_hold(v, c, h, t))
		return true;
	VS_BUG_ON(t != ahead_now(v), "guest %d: an interrupt taken ahead of time was not held", v->id);
	run(v, c, false);
	v->in_irq = false;
	return false;
}

/* Take an interrupt that has fired by @t (now, or a later time the vCPU acts as of). */
static void interrupt_at(struct vcpu *v, double t)
{
	if (v->in_irq || !irq_take(&v->irq, t))
		return;
	struct held_irq h;
	softirq(v, take_interrupt(v, &h, t) ? &h : NULL);
}

static void maybe_interrupt(struct vcpu *v) { interrupt_at(v, ahead_now(v)); }

/* One received packet through the stack (after a held handler's run: @h). */
static void rx_packet(struct vcpu *v, struct pkt *pk, const struct held_irq *h)
{
	struct guest_env *e = v->env;
	const struct vs_params *p = e->p;
	struct request *q = pk->req;
	double c[CPU_USE_COUNT] = { 0 };
	c[CPU_GUEST] = rng_cost(v->rng, p, (p->guest_stack_cycles + p->guest_byte_cycles * pk->bytes) *
						     e->virt +
					       (v->model->rx_cycles ? v->model->rx_cycles(v, pk) : 0));
	enum pkt_kind kind = pk->kind;
	bool stale = !guest_pkt_current(pk);
	pkt_put(e->pkts, pk);
	v->in_irq = true; /* softirq context: nothing preempts it but time */
	if (h)
		handler_run_held(v, h, c, ahead_may(v, handler_held_end(v, h, c), due(v, vs_now())));
	else
		run(v, c, false);
	v->in_irq = false;
	double now = ahead_now(v);
	if (stale) { /* for a request done (and its slot reused) since: a late duplicate */
		if (kind != PKT_ACK && meter_in_window(e->meter, now))
			e->meter->w_late++;
		return;
	}
	switch (kind) {
	case PKT_RESP:
		if (q->answered || q->lost) {
			if (meter_in_window(e->meter, now))
				e->meter->w_late++;
			break;
		}
		meter_deliver(e->meter, now, q->resp_bytes);
		if (v->flow.tcp)
			flow_ack(&v->flow, q, guest_acked, v); /* the response carries the ACK */
		if (!q->answered)
			guest_app_done(v, q, now);
		break;
	case PKT_ACK:
		flow_ack(&v->flow, q, guest_acked, v);
		break;
	case PKT_DONE: /* vRIO: the IOhost is done with the send */
		if (q->answered || q->lost) {
			if (meter_in_window(e->meter, now))
				e->meter->w_late++;
			break;
		}
		if (v->flow.tcp)
			break; /* a TCP send is done when acknowledged */
		guest_app_done(v, q, now);
		break;
	}
}

/* Reclaim TX buffers the device returned. */
static unsigned clean_tx(struct vcpu *v)
{
	unsigned n = 0;
	struct request *q;
	while ((q = vq_get_used(&v->txq))) {
		if (v->txq.kind == VQ_BLK && !v->model->buffer_by_message) {
			/* virtio-blk: the status is in: the I/O is done */
			q->sent = true;
			guest_app_done(v, q, ahead_now(v));
		} else {
			guest_buffer_back(v, q);
		}
		n++;
	}
	if (n && v->tx_stopped) {
		v->tx_stopped = false;
		vring_driver_disable_cb(&v->txq.drv);
	}
	return n;
}

/* One NAPI poll: up to the budget of received packets, and the TX ring's returns (the first
 * packet after a held handler's run: @h). */
static unsigned napi_poll(struct vcpu *v, const struct held_irq *h)
{
	unsigned budget = (unsigned)v->env->p->napi_budget, n = 0;
	struct pkt *pk;
	while (n < budget && v->rxq.mem && (pk = vq_rx_get(&v->rxq))) {
		rx_packet(v, pk, n ? NULL : h);
		n++;
	}
	if (v->rxq.mem)
		vq_rx_refill(&v->rxq);
	clean_tx(v);
	return n;
}

/* The softirq: poll until a poll takes less than the budget, then unmask (and poll again if
 * something slipped in meanwhile: no lost wake-up). */
static void softirq(struct vcpu *v, struct held_irq *h)
{
	unsigned budget = (unsigned)v->env->p->napi_budget;
	while (v->napi) {
		if (!h)
			deliver(v); /* after a held handler: landed as of its end (handler_ended) */
		unsigned n = napi_poll(v, h);
		h = NULL;
		if (n >= budget)
			continue;
		bool rx_quiet = !v->rxq.mem || vring_driver_enable_cb(&v->rxq.drv);
		bool tx_quiet = true;
		if (tx_interrupts(v) || v->tx_stopped)
			tx_quiet = v->tx_stopped ? vring_driver_enable_cb_delayed(&v->txq.drv)
						 : vring_driver_enable_cb(&v->txq.drv);
		if (rx_quiet && tx_quiet)
			v->napi = false;
	}
}

/* ---- Transmit ---- */

/* Hand the requests of a burst to the I/O path once the guest's work for them is done. */
static void submit_all(struct vcpu *v, struct request **burst, unsigned *nb)
{
	if (!*nb)
		return;
	run(v, v->owed, false);
	for (int u = 0; u < CPU_USE_COUNT; u++)
		v->owed[u] = 0;
	ahead_sync(v); /* the device sees the ring now */
	double now = vs_now();
	for (unsigned i = 0; i < *nb; i++) {
		burst[i]->t_sent = now;
		burst[i]->t_submit = burst[i]->t_arrive = burst[i]->t_pop = now;
		burst[i]->sent = false;
		if (v->flow.tcp && !burst[i]->tries)
			flow_sent(&v->flow, burst[i], now);
		burst[i]->tries++;
		v->model->submit(v, burst[i]);
	}
	*nb = 0;
}

/* Queue @q for transmission: its stack work is owed, the ring slot taken. -ENOSPC when the TX
 * ring is full. */
static int enqueue(struct vcpu *v, struct request *q, bool new_request)
{
	struct guest_env *e = v->env;
	const struct vs_params *p = e->p;
	if (vq_add(&v->txq, q))
		return -ENOSPC;
	double app = new_request ? p->app_cycles : 0;
	v->owed[CPU_GUEST] += rng_cost(v->rng, p,
				       (app + p->guest_stack_cycles + p->guest_byte_cycles * q->bytes) *
						       e->virt +
					       (v->model->submit_cycles ? v->model->submit_cycles(v, q) : 0));
	return 0;
}

/* Requests the transport noticed lost: retransmit (TCP) or give up (UDP-like). */
static unsigned handle_losses(struct vcpu *v, struct request **burst, unsigned *nb, unsigned max)
{
	struct guest_env *e = v->env;
	unsigned n = 0;
	struct request *q;
	double now = ahead_now(v);
	while (*nb < max && (q = flow_take_noticed(&v->flow, now))) {
		n++;
		if (v->flow.tcp || v->model->buffer_by_message) {
			if (!v->flow.tcp)
				q->lost = false;
			if (meter_in_window(e->meter, now))
				e->meter->w_retransmits++;
			if (enqueue(v, q, false)) {
				/* No room now: try again once the ring drains. */
				flow_lost(&v->flow, q, now + e->p->timeout_ms * 1e-3);
				break;
			}
			burst[(*nb)++] = q;
			continue;
		}
		/* A UDP-like request-response: the application gives up on it. */
		q->answered = true;
		e->meter->lost++;
		v->inflight--;
		if (q->sent)
			req_put(&v->pool, q);
	}
	return n;
}

/* Issue what the workload allows now, up to workload.burst requests per hand-off (a
 * sendmmsg / xmit_more batch: one publish and at most one kick for all of them). Returns how
 * many were issued, dropped or retransmitted. */
static unsigned issue(struct vcpu *v)
{
	struct guest_env *e = v->env;
	const struct vs_params *p = e->p;
	bool drops = e->wl->open_loop(p);
	unsigned n = 0, nb = 0;
	unsigned burst = drops ? 1u : (unsigned)p->burst;
	struct request *pending[VS_MAX_BURST];
	double t_issue;
	clean_tx(v); /* free_old_xmit: what came back is reclaimed before sending */
	n += handle_losses(v, pending, &nb, burst);
	if (nb == burst)
		submit_all(v, pending, &nb);
	while (!v->tx_stopped && wl_ready(v, ahead_now(v) + cpu_cycles(v->owed) / v->cpu.hz, &t_issue)) {
		struct request *q = req_get(&v->pool);
		if (q && v->flow.tcp && !flow_can_send(&v->flow, p->msg_bytes)) {
			req_put(&v->pool, q);
			break; /* the window is full: wait for ACKs */
		}
		if (q) {
			e->wl->take(v, q);
			q->id = e->next_req_id++;
			q->t_issue = t_issue;
			q->sent = q->answered = q->lost = false;
			q->tries = 0;
			q->t_submit = q->t_arrive = q->t_pop = q->t_served = q->t_back = q->t_rx = t_issue;
			if (enqueue(v, q, true) == 0) {
				/* Counted before the guest's cycles run: the run may end meanwhile. */
				e->meter->issued++;
				v->inflight++;
				pending[nb++] = q;
				if (nb == burst)
					submit_all(v, pending, &nb);
				n++;
				continue;
			}
			req_put(&v->pool, q); /* ring full */
			if (!drops) {
				v->tx_stopped = true; /* netif_stop_queue: wait for the ring to drain */
				break;
			}
		} else {
			if (!drops)
				break; /* every record in flight: wait for completions */
			struct request scratch = { 0 };
			e->wl->take(v, &scratch);
		}
		e->meter->issued++; /* issued by the application, dropped at the full ring */
		e->meter->dropped++;
		meter_drop(e->meter, DROP_GUEST_TX, t_issue);
		n++;
	}
	submit_all(v, pending, &nb);
	return n;
}

/* ---- Idle ---- */

/* Can the halted vCPU, woken now (the frame it waits for was just sent its way), act now as of
 * that frame's landing in its VF at r, and so not wake at r? There it would only land the
 * frame, see the interrupt fire, leave its halt (KVM's poll caught it) and take the interrupt
 * with its handler held (handler.h): so only when all of that is certain — the response to
 * the one request in flight, sent once, over no TCP-like flow, nothing else due until just
 * after r (@limit: the other reasons to look up), an empty RX ring with room that asks for the
 * interrupt, an interrupt line that fires at once, a handler with cycles, and nothing that can
 * move the VM meanwhile (faults, or a load pattern its looks follow). Returns r, or NAN. */
static double landing_ahead(const struct vcpu *v, double t_halt, double poll_s, double limit)
{
	const struct vs_params *p = v->env->p;
	const struct tq_node *n = v->arrivals.head;
	if (!n || v->inflight != 1 || !v->model->virtualized || !v->model->deliver ||
	    p->fault != FAULT_NONE ||
	    !(p->guest_irq_cycles > 0) || !(p->pattern == PATTERN_CONSTANT || v->wl.timed) ||
	    !handler_may_hold(v, (const struct pkt *)n))
		return NAN;
	double r = n->ready;
	limit = fmin(limit, fmin(irq_next(&v->irq), timedq_next(&v->txdone)));
	if (n->next)
		limit = fmin(limit, n->next->ready);
	if (time_reached(limit, r) || r - t_halt > poll_s)
		return NAN;
	if (vq_used_pending(&v->rxq) || !vq_pending(&v->rxq) || !vq_notify_would(&v->rxq, 1) ||
	    vq_notify_would(&v->txq, 0))
		return NAN;
	if (v->irq.coalesce_s != 0 || r < v->irq.last_fire + v->irq.min_gap_s)
		return NAN;
	return r;
}

/* Halt until an interrupt, a VF event or the workload's next arrival; then wake up. Returns
 * the time the vCPU goes on as of: now, or a later time when it acts ahead of it
 * (landing_ahead: the interrupt that fires there is the caller's to take). */
static double halt(struct vcpu *v)
{
	struct guest_env *e = v->env;
	const struct vs_params *p = e->p;
	bool virtualized = v->model->virtualized;
	ahead_sync(v); /* nothing to do: the time it ran ahead to comes as an instant of its own */
	double t_halt = vs_now(), poll_s = virtualized ? p->halt_poll_us * 1e-6 : 0;
	if (virtualized) {
		double c[CPU_USE_COUNT] = { 0 };
		notify_halt_exit(p, e->meter, v->rng, c);
		t_halt = run(v, c, true);
	}
	cpu_halt(&v->cpu, poll_s);
	double ahead = NAN;
	for (;;) {
		double now = vs_now();
		deliver(v);
		/* The halt exit itself may have been interrupted, and what the interrupt brought
		 * may let the application go on. */
		if (v->napi || wl_app_ready(v, now))
			break;
		double other = fmin(wl_next_time(v, now), flow_next_detect(&v->flow));
		double next = fmin(next_event(v), other);
		if (time_reached(next, now))
			break;
		ahead = landing_ahead(v, t_halt, poll_s, fmin(other, cpu_halt_poll_until(&v->cpu)));
		if (!isnan(ahead)) {
			v->model->deliver(v, ahead); /* lands the frame; the interrupt fires then */
			break;
		}
		inbox_wait(&v->inbox, fmin(next, cpu_halt_poll_until(&v->cpu)));
	}
	if (!isnan(ahead)) {
		cpu_unhalt_at(&v->cpu, t_halt, poll_s, ahead);
		return ahead;
	}
	/* Caught by KVM's poll, the vCPU resumes at once (its core spun); else its thread is
	 * woken. */
	bool polled = cpu_unhalt(&v->cpu, t_halt, poll_s);
	double wake = 0;
	if (!virtualized)
		wake = rng_cost(v->rng, p, p->c1_exit_us * 1e-6);
	else if (!polled)
		wake = rng_cost(v->rng, p, p->halt_wakeup_us * 1e-6);
	if (wake > 0)
		vs_sleep_for(wake);
	return vs_now();
}

/* ---- The loop ---- */

static void guest_main(int argc, char **argv)
{
	struct vcpu *v = sg_actor_self_get_data();
	/* virtio-net keeps TX interrupts off (it reclaims on transmit); RX interrupts are on. */
	if (!tx_interrupts(v))
		vring_driver_disable_cb(&v->txq.drv);
	if (v->rxq.mem)
		vq_rx_refill(&v->rxq);
	double as_of = 0;
	for (;;) {
		if (as_of > vs_now()) {
			interrupt_at(v, as_of); /* halted until then: nothing else to land first */
		} else {
			deliver(v);
			maybe_interrupt(v);
		}
		as_of = 0;
		if (v->napi) {
			softirq(v, NULL);
			continue;
		}
		unsigned did = issue(v);
		while (v->env->p->debug_stall) { /* the injected deadlock: wake-ups change nothing */
			cpu_block(&v->cpu);
			inbox_wait(&v->inbox, INFINITY);
		}
		if (did)
			continue;
		if (v->tx_stopped && !vring_driver_enable_cb_delayed(&v->txq.drv)) {
			clean_tx(v); /* enough came back already */
			continue;
		}
		as_of = halt(v);
	}
}

void guest_start(struct vcpu *v, sg_host_t host)
{
	char name[32];
	snprintf(name, sizeof(name), "guest-%d", v->id);
	sg_actor_t a = sg_actor_init(name, host);
	sg_actor_set_data(a, v);
	sg_actor_start_(a, guest_main, 0, NULL);
}
