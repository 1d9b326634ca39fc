/*
 * vhost — trap-and-emulate's backend, switchable per queue (vhost.h).
 */
#include "vhost.h"

#include <errno.h>
#include <math.h>
#include <simgrid/actor.h>
#include <simgrid/engine.h>
#include <stdio.h>
#include <stdlib.h>

#include "guest.h"
#include "io_guest.h"
#include "io_model.h"
#include "io_vf.h"
#include "pkt.h"
#include "rack.h"
#include "rng.h"
#include "sidecore.h"
#include "vclock.h"
#include "workload.h"

struct vhost {
	struct vcpu *v;          /* the guest queue it serves */
	struct cpu cpu;          /* a thread on the VMhost's cores */
	struct inbox inbox;      /* kicks and arrivals wake it */
	struct timedq rxq;       /* what comes back for the requests it served */
	struct ring_limit limit; /* that ring's room */
	double kick_at;          /* a kick's wake-up is due then (INFINITY: none) */
	double rx_wakeup_s;      /* the wake-up an arrival would cost it (drawn ahead) */
	double serve_from;       /* trap mode: it takes from the TX ring from then (a switch) */
	bool sleeping;           /* blocked: only a kick or an arrival wakes it */
	bool trap;               /* the queue is in trap mode */
	bool drain;              /* out of it: what the guest left in the ring is still its */
};

struct vhosts {
	struct vhost *q; /* per guest queue */
	int n;
};

static struct vhost *of(const struct vcpu *v)
{
	const struct rack *r = v->env->rack;
	return r->vhosts ? &r->vhosts->q[v->id] : NULL;
}

static void arrive(void *ctx, struct pkt *k, double t)
{
	struct vhost *vh = ctx;
	timedq_post(&vh->rxq, &k->node, t);
}

static void dropped(struct vhost *vh, struct pkt *k, double t)
{
	struct vcpu *v = vh->v;
	meter_drop(v->env->meter, DROP_NIC_RX, t);
	guest_pkt_lost(k, t);
	pkt_put(v->env->pkts, k);
}

/* io_trap.c's sleep: until a kick's wake-up or an arrival's. */
static bool sleep_until_due(struct vhost *vh, const struct vs_params *p, bool *rx_wake)
{
	double now = vs_now();
	double rx_due = timedq_next(&vh->rxq) + vh->rx_wakeup_s;
	double due = fmin(vh->kick_at, rx_due);
	if (!time_reached(due, now)) {
		cpu_block(&vh->cpu);
		inbox_wait(&vh->inbox, due);
		return false;
	}
	*rx_wake = rx_due <= vh->kick_at;
	vh->rx_wakeup_s = rng_cost(vh->v->rng, p, p->wakeup_us * 1e-6);
	vh->sleeping = false;
	vh->kick_at = INFINITY;
	return true;
}

/* Its share of the window's I/O CPU, apart from the polling cores' (cpu_poll_cores). */
static void account(struct rack *r, double t0, double t1, double work_s)
{
	struct meter *m = &r->meter;
	if (t1 > m->window_start && t1 > t0) {
		double in = t1 - (t0 > m->window_start ? t0 : m->window_start);
		m->vhost_io_s += work_s * in / (t1 - t0);
	}
}

static void vhost_main(int argc, char **argv)
{
	struct vhost *vh = sg_actor_self_get_data();
	struct vcpu *v = vh->v;
	struct rack *r = v->env->rack;
	const struct vs_params *p = r->p;
	unsigned batch = (unsigned)p->sidecore_batch;
	struct request *reqs[SC_MAX_BATCH];
	struct pkt *pkts[SC_MAX_BATCH];
	struct device_sink sink = { arrive, vh };
	bool block = r->workload->target == WL_TARGET_BLOCK;
	sg_actor_daemonize(sg_actor_self());
	for (;;) {
		bool rx_wake = false;
		if (vh->sleeping && !sleep_until_due(vh, p, &rx_wake))
			continue;
		double now = vs_now();
		bool take = (vh->trap && time_reached(vh->serve_from, now)) || vh->drain;
		if (take)
			vring_device_disable_notify(&v->txq.dev);
		unsigned n = 0, m = 0;
		double cycles = rx_wake ? rng_cost(v->rng, p, p->host_irq_cycles) : 0;
		struct request *q;
		struct tq_node *node;
		while (take && n < batch && (q = vq_pop(&v->txq))) {
			cycles += rng_cost(v->rng, p, p->vhost_req_cycles) + p->interpose_cycles +
				  (p->vhost_byte_cycles + p->interpose_byte_cycles) * q->bytes;
			reqs[n++] = q;
		}
		while (m < batch && (node = timedq_pop_ready(&vh->rxq, now))) {
			struct pkt *k = (struct pkt *)node;
			if (!ring_limit_take(&vh->limit, node->ready, now)) {
				dropped(vh, k, node->ready);
				continue;
			}
			uint32_t bytes = block ? (k->req->write ? 0 : k->req->bytes) : k->bytes;
			cycles += rng_cost(v->rng, p, p->vhost_req_cycles) + p->vhost_byte_cycles * bytes;
			pkts[m++] = k;
		}
		if (n + m == 0) {
			vh->drain = false;
			if (vh->trap && !take) { /* switching: the ring waits until then */
				vh->kick_at = vh->serve_from;
				vh->sleeping = true;
			} else if (!vh->trap || vring_device_enable_notify(&v->txq.dev)) {
				vh->sleeping = true; /* else the guest published meanwhile: go on */
			}
			continue;
		}
		for (unsigned i = 0; i < n; i++)
			reqs[i]->t_pop = now;
		cpu_run(&vh->cpu, cycles, CPU_IO);
		account(r, now, vs_now(), cycles / vh->cpu.hz);
		now = vs_now();
		for (unsigned i = 0; i < n; i++) {
			device_serve(&r->devices, v->port, false, reqs[i], now, &sink);
			if (!block)
				io_tx_return(v, reqs[i], now);
		}
		for (unsigned i = 0; i < m; i++) {
			if (block) {
				io_tx_return(v, pkts[i]->req, now);
				pkt_put(v->env->pkts, pkts[i]);
			} else {
				io_rx_fill(v, pkts[i], now);
			}
		}
		io_notify(v, now);
	}
}

int vhosts_new(struct rack *r, bool trap)
{
	struct vhosts *s = calloc(1, sizeof(*s));
	if (s)
		s->q = calloc((size_t)r->n_vcpus, sizeof(*s->q));
	if (!s || !s->q) {
		free(s);
		return rack_fail(r, -ENOMEM, "allocating %d vhost threads", r->n_vcpus);
	}
	s->n = r->n_vcpus;
	r->vhosts = s;
	for (int i = 0; i < r->n_vcpus; i++) {
		struct vcpu *v = &r->vcpus[i];
		struct vhost *vh = &s->q[i];
		vh->v = v;
		vh->cpu = v->cpu; /* the same host's cores and CPU time */
		vh->cpu.busy_s = NULL; /* not the vCPU's own demand */
		int rc = rack_spare_cpu(r, &vh->cpu, v->host, r->host_queues[v->host] + v->slot);
		if (rc)
			return rc;
		vh->kick_at = INFINITY;
		vh->rx_wakeup_s = r->p->wakeup_us * 1e-6;
		vh->sleeping = true;
		vh->trap = trap; /* the trap model's: from the start, no switch (serve_from 0) */
		if (trap)
			vring_device_enable_notify(&v->txq.dev);
		inbox_init(&vh->inbox);
		timedq_init(&vh->rxq, &vh->inbox);
		if (ring_limit_init(&vh->limit, (unsigned)r->p->nic_ring))
			return rack_fail(r, -ENOMEM, "allocating vhost %d's receive ring", i);
		char name[32];
		snprintf(name, sizeof(name), "vhost-%d", i);
		sg_actor_t a = sg_actor_init(name, r->vmhost_h[v->host]);
		sg_actor_set_data(a, vh);
		sg_actor_start_(a, vhost_main, 0, NULL);
	}
	return 0;
}

void vhosts_free(struct rack *r)
{
	struct vhosts *s = r->vhosts;
	if (!s)
		return;
	for (int i = 0; i < s->n; i++)
		ring_limit_free(&s->q[i].limit);
	free(s->q);
	free(s);
	r->vhosts = NULL;
}

void vhost_arrive(struct vcpu *v, struct pkt *k, double t) { arrive(of(v), k, t); }

bool vhost_trap(const struct vcpu *v)
{
	const struct vhost *vh = of(v);
	return vh && vh->trap;
}

void vhost_switch(struct vcpu *v, bool trap, double at)
{
	struct vhost *vh = of(v);
	struct rack *r = v->env->rack;
	if (!vh || vh->trap == trap)
		return;
	vh->trap = trap;
	r->io_switches++;
	r->trap_queues += trap ? 1 : -1;
	if (trap) {
		v->model = &vhost_path;
		vh->serve_from = at;
		vring_device_enable_notify(&v->txq.dev);
		vh->kick_at = fmin(vh->kick_at, at); /* whatever waits in the ring */
		inbox_ring_at(&vh->inbox, at);
	} else {
		v->model = v->env->model;
		vring_device_disable_notify(&v->txq.dev); /* its own path polls or pops */
		if (vq_pending(&v->txq)) { /* published in trap mode, not yet taken: the thread's */
			vh->drain = true;
			vh->kick_at = fmin(vh->kick_at, vs_now());
			inbox_ring(&vh->inbox);
		}
	}
}

/* ---- The path of a queue in trap mode ---- */

void vhost_kick(struct vcpu *v, struct request *q)
{
	if (!vq_kick_prepare(&v->txq))
		return; /* the thread is at work (or switching): no exit */
	struct vhost *vh = of(v);
	double wake = notify_kick_exit(v->env->p, &v->cpu, v->env->meter, v->rng);
	double t = vs_now();
	if (t + wake < vh->kick_at)
		vh->kick_at = t + wake;
	inbox_ring_at(&vh->inbox, t + wake);
}

/* Frames already on their way to a VF (vRIO before the switch) still land there. */
static void deliver(struct vcpu *v, double now)
{
	if (time_reached(timedq_next(&v->arrivals), now) || time_reached(timedq_next(&v->txdone), now))
		io_vf_deliver(v, now);
}

static enum irq_kind irq(const struct vs_params *p) { return IRQ_INJECTED; }

const struct io_model vhost_path = {
	.path = "guest>vring>exit>vhost>nic>%s>nic>vhost>vring>irq-injected>guest",
	.virtualized = true,
	.shared_cpu = true,
	.vm_cores = io_all_cores,
	.submit = vhost_kick,
	.deliver = deliver,
	.irq_kind = irq,
};
