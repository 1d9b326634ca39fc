/*
 * io_elvis — local sidecores (Elvis, ATC'13): each VMhost dedicates elvis_sidecores cores to
 * polling its guests' virtqueues and its NIC's receive ring. The guest never exits to notify
 * (the device keeps NO_NOTIFY / a stale avail_event: it polls); what comes back (responses,
 * ACKs, block completions) goes into the guest's rings with an exitless interrupt when the
 * guest asked for one.
 */
#include <errno.h>
#include <math.h>
#include <simgrid/engine.h>
#include <stdio.h>
#include <stdlib.h>

#include "io_elvis.h"
#include "io_guest.h"
#include "io_model.h"
#include "pkt.h"
#include "rack.h"
#include "sidecore.h"
#include "sidecores.h"
#include "vclock.h"
#include "vhost.h"
#include "workload.h"

static unsigned req_pending(struct sc_port *pt, double now)
{
	return vhost_trap(pt->v) ? 0 : vq_pending(&pt->v->txq); /* trap mode: its vhost's */
}

static struct request *req_pop(struct sidecore *sc, struct sc_port *pt, double now)
{
	return vq_pop(&pt->v->txq);
}

static double req_cycles(struct sidecore *sc, const struct request *q)
{
	const struct vs_params *p = sc->g->env->p;
	return sidecore_req_work(sc) + p->interpose_cycles +
	       (p->sidecore_byte_cycles + p->interpose_byte_cycles) * q->bytes;
}

static bool block(const struct sidecore *sc)
{
	const struct rack *r = sc->g->env->ctx;
	return r->workload->target == WL_TARGET_BLOCK;
}

/* What comes back for a queue: its sidecore's receive ring, or its vhost thread's once the
 * queue is in trap mode (a fallback, the dynamic model). */
static void arrive(void *ctx, struct pkt *k, double t)
{
	struct sc_group *g = ctx;
	if (vhost_trap(k->dst))
		vhost_arrive(k->dst, k, t);
	else
		sc_arrive(g, k, k->dst->id, t);
}

static void req_done(struct sidecore *sc, struct sc_port *pt, struct request *q, double t)
{
	struct rack *r = sc->g->env->ctx;
	struct device_sink sink = { arrive, pt->group };
	device_serve(&r->devices, pt->v->port, false, q, t, &sink);
	if (!block(sc)) /* virtio-net: the buffer is copied out, returned */
		sc_effect(sc, pt->v, q, false, t);
}

static double comp_cycles(struct sidecore *sc, const struct pkt *k)
{
	const struct vs_params *p = sc->g->env->p;
	uint32_t bytes = block(sc) ? (k->req->write ? 0 : k->req->bytes) : k->bytes;
	return sidecore_req_work(sc) + p->sidecore_byte_cycles * bytes;
}

static void comp_done(struct sidecore *sc, struct pkt *k, double t)
{
	if (block(sc)) { /* the block I/O is done: its status goes into the chain */
		sc_effect(sc, k->dst, k->req, false, t);
		pkt_put(k->dst->env->pkts, k);
		return;
	}
	sc_effect(sc, k->dst, k, true, t);
}

static const struct sc_ops elvis_ops = {
	.req_pending = req_pending,
	.req_pop = req_pop,
	.req_cycles = req_cycles,
	.req_done = req_done,
	.comp_cycles = comp_cycles,
	.comp_done = comp_done,
	.comp_dropped = sidecores_dropped,
	.visit_end = sidecores_publish,
};

void elvis_teardown(struct rack *r)
{
	vhosts_free(r);
	sidecores_free(r->model_state);
	r->model_state = NULL;
	free(r->sidecore_busy_s);
	r->sidecore_busy_s = NULL;
}

int elvis_setup(struct rack *r)
{
	const struct vs_params *p = r->p;
	int S = p->elvis_sidecores, H = p->vmhosts;
	r->sidecore_busy_s = calloc((size_t)(S * H), sizeof(*r->sidecore_busy_s));
	struct sidecores *e = r->sidecore_busy_s ? sidecores_new(r, S * H, S * H, r->n_vcpus,
								 r->sidecore_busy_s)
						 : NULL;
	if (!e)
		return rack_fail(r, -ENOMEM, "allocating %d local sidecores for %d guest queues", S * H,
				 r->n_vcpus);
	r->model_state = e;
	for (int g = 0; g < S * H; g++)
		if (sc_group_init(&e->groups[g], &e->env, &elvis_ops, r->max_host_queues / S + 1, 1,
				  (unsigned)p->nic_ring))
			return rack_fail(r, -ENOMEM, "allocating sidecore %d's queues", g);
	for (int i = 0; i < r->n_vcpus; i++) {
		struct vcpu *v = &r->vcpus[i];
		e->ports[i].v = v;
		v->backend = &e->ports[i];
		if (sc_group_add(&e->groups[v->host * S + v->slot % S], &e->ports[i]))
			return rack_fail(r, -ENOMEM, "allocating guest queue %d's port", i);
		vring_device_disable_notify(&v->txq.dev); /* it polls: never kick */
	}
	for (int g = 0; g < S * H; g++)
		sidecore_start(&e->cores[g], &e->groups[g], g, r->vmhost_h[g / S],
			       1000000u + (uint64_t)g, "sidecore");
	r->sidecores = S * H;
	r->io_cores = S * H;
	if (p->fault == FAULT_SIDECORE && p->failover == FAILOVER_TRAP && !r->vhosts)
		return vhosts_new(r, false); /* (the dynamic model has made them already) */
	return 0;
}

/* With fault.failover = trap: failed sidecore @target's queues fall back to their vhost
 * threads (@trap) or come back to it. */
static void fall_back(struct rack *r, int target, bool trap)
{
	int S = r->p->elvis_sidecores;
	double at = vs_now() + r->p->switch_us * 1e-6;
	for (int i = 0; i < r->n_vcpus; i++) {
		struct vcpu *v = &r->vcpus[i];
		if (v->host * S + v->slot % S == target)
			vhost_switch(v, trap, at);
	}
	if (!trap)
		return;
	/* What waited in the failed sidecore's receive ring is its queues' vhost threads' now. */
	struct sidecores *e = r->model_state;
	struct sc_group *g = &e->groups[target];
	double now = vs_now();
	struct tq_node *n;
	for (int k = 0; k < g->ncomp; k++)
		while ((n = timedq_pop_ready(&g->comp[k].q, INFINITY))) {
			struct pkt *p = (struct pkt *)n;
			vhost_arrive(p->dst, p, n->ready > now ? n->ready : now);
		}
}

/* A sidecore (by number, VMhost by VMhost) fails or comes back. */
void elvis_fault(struct rack *r, enum vs_fault kind, int target, bool down)
{
	struct sidecores *e = r->model_state;
	if (kind == FAULT_SIDECORE && target < e->n_cores) {
		if (!down && r->p->failover == FAILOVER_TRAP)
			fall_back(r, target, false);
		sidecore_fail(&e->cores[target], down);
	}
}

/* A failed sidecore's queues move to the next sidecore of its VMhost, if it has another
 * (fault.failover = iohost), or fall back to trap-and-emulate (trap). */
void elvis_failover(struct rack *r, enum vs_fault kind, int target)
{
	struct sidecores *e = r->model_state;
	int S = r->p->elvis_sidecores;
	if (kind == FAULT_SIDECORE && target < e->n_cores && r->p->failover == FAILOVER_TRAP) {
		fall_back(r, target, true);
		return;
	}
	if (kind != FAULT_SIDECORE || target >= e->n_cores || S < 2)
		return;
	int host = target / S;
	sc_group_move(&e->groups[target], &e->groups[host * S + (target % S + 1) % S]);
}

void elvis_submit(struct vcpu *v, struct request *q)
{
	vq_kick_prepare(&v->txq); /* publishes; the device asked for no kicks */
	struct sc_port *pt = v->backend;
	sc_group_ring(pt->group);
}

int elvis_check(const struct vs_params *p, struct vs_check *out)
{
	if (p->elvis_sidecores < 1)
		*out = (struct vs_check){ "rack.elvis_sidecores", "must be at least 1 for models elvis and dynamic" };
	else if (p->elvis_sidecores >= p->cores_per_vmhost)
		*out = (struct vs_check){ "rack.elvis_sidecores",
					  "must be less than rack.cores_per_vmhost (more sidecores "
					  "than cores: the VMs need one)" };
	else
		return 0;
	return -1;
}

int elvis_vm_cores(const struct vs_params *p) { return p->cores_per_vmhost - p->elvis_sidecores; }
static enum irq_kind irq(const struct vs_params *p) { return IRQ_EXITLESS; }

const struct io_model io_elvis = {
	.path = "guest>vring>sidecore>nic>%s>nic>sidecore>vring>irq-exitless>guest",
	.virtualized = true,
	.check = elvis_check,
	.vm_cores = elvis_vm_cores,
	.setup = elvis_setup,
	.teardown = elvis_teardown,
	.submit = elvis_submit,
	.irq_kind = irq,
	.fault = elvis_fault,
	.failover = elvis_failover,
};
