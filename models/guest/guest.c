/*
 * guest — the vCPU loop: issue, hand off, sleep, take interrupts, reap.
 */
#include "guest.h"

#include <math.h>
#include <simgrid/actor.h>
#include <simgrid/engine.h>
#include <stdio.h>

#include "bug.h"
#include "io_model.h"
#include "notify.h"
#include "workload.h"

/* Cycles the vCPU has done but not slept yet. On a dedicated core the guest's consecutive
 * work (an interrupt, reaping a completion, issuing the next request) is one sleep, with each
 * step's time known exactly; on a shared core every step is its own execution, because
 * contention decides how long it takes. */
static void owe(struct vcpu *v, const double cycles[CPU_USE_COUNT])
{
	if (v->cpu.shared) {
		cpu_run_mix(&v->cpu, cycles);
		return;
	}
	for (int u = 0; u < CPU_USE_COUNT; u++)
		v->owed[u] += cycles[u];
}

/* The simulated time once what is owed has run. */
static double owed_clock(const struct vcpu *v)
{
	double c = 0;
	for (int u = 0; u < CPU_USE_COUNT; u++)
		c += v->owed[u];
	return simgrid_get_clock() + c / v->cpu.hz;
}

static void settle(struct vcpu *v)
{
	cpu_run_mix(&v->cpu, v->owed);
	for (int u = 0; u < CPU_USE_COUNT; u++)
		v->owed[u] = 0;
}

/* Hand the requests of a burst to the I/O path once the guest's work for them is done. */
static void submit_all(struct vcpu *v, struct request **burst, unsigned *nb)
{
	if (!*nb)
		return;
	settle(v);
	for (unsigned i = 0; i < *nb; i++)
		v->env->model->submit(v, burst[i]);
	*nb = 0;
}

/* Issue what the workload allows now, up to workload.burst requests per hand-off (a
 * sendmmsg / xmit_more batch: one publish and at most one kick for all of them). Returns how
 * many were issued or dropped. */
static unsigned issue(struct vcpu *v)
{
	struct guest_env *e = v->env;
	const struct vs_params *p = e->p;
	const struct io_model *m = e->model;
	bool drops = e->wl->open_loop(p);
	unsigned n = 0, nb = 0;
	unsigned burst = drops ? 1u : (unsigned)p->burst;
	struct request *pending[VS_MAX_BURST];
	double t_issue;
	while (wl_ready(v, owed_clock(v), &t_issue)) {
		struct request *q = vq_req_get(&v->vq);
		if (!q && !drops)
			break; /* every slot in flight: wait for completions */
		if (q) {
			e->wl->take(v, q);
			q->id = e->next_req_id++;
			q->t_issue = t_issue;
			if (vq_add(&v->vq, q) == 0) {
				/* Counted before the guest's cycles run: the run may end meanwhile. */
				e->meter->issued++;
				v->inflight++;
				double cyc[CPU_USE_COUNT] = { 0 };
				cyc[CPU_GUEST] = (p->app_cycles + p->guest_stack_cycles +
						  p->guest_byte_cycles * q->bytes) * e->virt +
						 (m->submit_cycles ? m->submit_cycles(v, q) : 0);
				owe(v, cyc);
				pending[nb++] = q;
				if (nb == burst)
					submit_all(v, pending, &nb);
				n++;
				continue;
			}
			vq_req_put(&v->vq, q); /* ring full */
			if (!drops)
				break;
		} else {
			struct request scratch = { 0 };
			e->wl->take(v, &scratch);
		}
		e->meter->issued++; /* issued by the application, dropped at the full ring */
		e->meter->dropped++;
		n++;
	}
	submit_all(v, pending, &nb);
	return n;
}

/* Take completions from the used ring; the pending interrupt's cost rides on the first. */
static unsigned reap(struct vcpu *v)
{
	struct guest_env *e = v->env;
	const struct vs_params *p = e->p;
	unsigned n = 0;
	struct request *q;
	if (v->irq_pending) {
		double cyc[CPU_USE_COUNT] = { 0 };
		v->irq_pending = false;
		notify_take_interrupt(p, e->meter, e->model->irq_kind(p), cyc);
		owe(v, cyc);
	}
	while ((q = vq_get_used(&v->vq))) {
		if (p->debug_leak_request && q->id + 1 == p->debug_leak_request) {
			vq_req_put(&v->vq, q); /* the injected bug: gone without a trace */
			continue;
		}
		double up = wl_has_response(e->wl, q)
				    ? p->guest_stack_cycles + p->guest_byte_cycles * q->resp_bytes
				    : 0; /* a sent buffer is just freed */
		double cyc[CPU_USE_COUNT] = { 0 };
		cyc[CPU_GUEST] = up * e->virt;
		owe(v, cyc);
		double now = owed_clock(v); /* delivered to the application then */
		meter_complete(e->meter, q->t_issue, now, (double)q->bytes + q->resp_bytes);
		v->inflight--;
		VS_BUG_ON(v->inflight < 0, "guest %d: %d requests in flight", v->id, v->inflight);
		if (e->observer) {
			struct vs_completion c = { v->id, v->vm, q->id, q->t_issue, now,
						   q->bytes, q->resp_bytes, e->path };
			e->observer->done(e->observer->ctx, &c);
		}
		vq_req_put(&v->vq, q);
		n++;
	}
	return n;
}

static unsigned deliver(struct vcpu *v)
{
	return v->env->model->deliver ? v->env->model->deliver(v) : 0;
}

static void guest_main(int argc, char **argv)
{
	struct vcpu *v = sg_actor_self_get_data();
	struct vring_driver *drv = &v->vq.drv;
	bool vf = v->env->model->deliver != NULL;
	vring_driver_disable_cb(drv);
	for (;;) {
		unsigned did = reap(v);
		did += issue(v);
		did += deliver(v);
		if (v->env->p->debug_stall)
			inbox_wait(&v->inbox, INFINITY); /* the injected deadlock: nobody rings */
		if (did || v->irq_pending)
			continue;
		/* Idle: ask for an interrupt, then halt until one comes or the workload wakes us.
		 * A guest stopped by a full ring asks for it only once 3/4 of its requests are
		 * done (enable_cb_delayed), so it wakes for a batch, not for every completion. */
		settle(v);
		bool full = v->vq.n_free == 0;
		if (!(full ? vring_driver_enable_cb_delayed(drv) : vring_driver_enable_cb(drv))) {
			vring_driver_disable_cb(drv);
			continue;
		}
		/* Halt. VF paths sleep until the arrival that will raise the interrupt; a wake-up
		 * that only moved that time (an earlier arrival was posted) halts again. */
		v->rxq.wake_len = vf ? vring_driver_used_until_interrupt(drv) : 1;
		for (;;) {
			double next = fmin(wl_next_time(v), timedq_nth_time(&v->rxq, v->rxq.wake_len));
			if (v->irq_pending || time_reached(next, simgrid_get_clock()))
				break;
			inbox_wait(&v->inbox, next);
		}
		v->rxq.wake_len = 1;
		deliver(v); /* interrupts are enabled here: a VF arrival raises one */
		vring_driver_disable_cb(drv);
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
