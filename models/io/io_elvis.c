/*
 * io_elvis — local sidecores (Elvis, ATC'13): each VMhost dedicates elvis_sidecores cores to
 * polling its guests' virtqueues. The guest never exits to notify (the device keeps
 * NO_NOTIFY / a stale avail_event: it polls); completions go back through the used ring with
 * an exitless interrupt when the guest asked for one.
 */
#include <errno.h>
#include <simgrid/engine.h>
#include <stdio.h>
#include <stdlib.h>

#include "io_model.h"
#include "rack.h"
#include "sidecore.h"
#include "workload.h"

struct elvis {
	struct sc_env env;         /* what its sidecores share */
	struct sc_group *groups;   /* one per sidecore: a fixed share of its host's queues */
	struct sidecore *cores;
	struct sc_port *ports;     /* one per guest queue */
	int n_groups;              /* sidecores, one group each */
};

static unsigned req_pending(struct sc_port *pt, double now) { return vq_pending(&pt->v->vq); }
static struct request *req_pop(struct sc_port *pt, double now) { return vq_pop(&pt->v->vq); }

static double req_cycles(struct sidecore *sc, const struct request *q)
{
	const struct vs_params *p = sc->g->env->p;
	return sidecore_req_work(sc) + p->sidecore_byte_cycles * q->bytes + p->interpose_cycles;
}

static double comp_cycles(struct sidecore *sc, const struct request *q)
{
	const struct rack *r = sc->g->env->ctx;
	if (!wl_has_response(r->workload, q))
		return 0; /* a transmitted buffer is only returned */
	return sidecore_req_work(sc) + r->p->sidecore_byte_cycles * q->resp_bytes;
}

static void req_done(struct sidecore *sc, struct sc_port *pt, struct request *q, double t)
{
	struct rack *r = sc->g->env->ctx;
	/* A response, a block completion, or — for a send — the NIC's TX completion. */
	sc_complete_at(pt->group, q, q->vcpu->id, device_serve(&r->devices, pt->v->port, false, q, t));
}

static void comp_done(struct sidecore *sc, struct request *q, double t)
{
	sc->done[sc->ndone++] = q;
}

/* The visit's completions go into their guests' used rings; each guest that asked for it
 * gets one interrupt for all of its own. */
static void visit_end(struct sidecore *sc)
{
	for (int i = 0; i < sc->ndone; i++)
		vq_push(&sc->done[i]->vcpu->vq, sc->done[i]);
	for (int i = 0; i < sc->ndone; i++) {
		struct vcpu *v = sc->done[i]->vcpu;
		if (vq_notify_prepare(&v->vq)) { /* false for a guest already notified above */
			v->irq_pending = true;
			inbox_ring(&v->inbox);
		}
	}
	sc->ndone = 0;
}

static const struct sc_ops elvis_ops = {
	.req_pending = req_pending,
	.req_pop = req_pop,
	.req_cycles = req_cycles,
	.req_done = req_done,
	.comp_cycles = comp_cycles,
	.comp_done = comp_done,
	.visit_end = visit_end,
};

static void teardown(struct rack *r)
{
	struct elvis *e = r->model_state;
	if (!e)
		return;
	for (int g = 0; e->groups && g < e->n_groups; g++)
		sc_group_free(&e->groups[g]);
	for (int g = 0; e->cores && g < e->n_groups; g++)
		sidecore_free(&e->cores[g]);
	free(e->groups);
	free(e->cores);
	free(e->ports);
	free(e);
	r->model_state = NULL;
}

static int setup(struct rack *r)
{
	const struct vs_params *p = r->p;
	int S = p->elvis_sidecores, H = p->vmhosts;
	int per_host = r->n_vcpus / H;
	struct elvis *e = calloc(1, sizeof(*e));
	if (!e)
		return rack_fail(r, -ENOMEM, "allocating the Elvis model");
	r->model_state = e;
	e->env = (struct sc_env){ .p = p, .hz = r->hz, .meter = &r->meter, .ctx = r };
	e->n_groups = S * H;
	e->groups = calloc((size_t)(S * H), sizeof(*e->groups));
	e->cores = calloc((size_t)(S * H), sizeof(*e->cores));
	e->ports = calloc((size_t)r->n_vcpus, sizeof(*e->ports));
	if (!e->groups || !e->cores || !e->ports)
		return rack_fail(r, -ENOMEM, "allocating %d local sidecores for %d guest queues", S * H,
				 r->n_vcpus);
	for (int g = 0; g < S * H; g++)
		if (sc_group_init(&e->groups[g], &e->env, &elvis_ops, per_host / S + 1, 1))
			return rack_fail(r, -ENOMEM, "allocating sidecore %d's queues", g);
	for (int i = 0; i < r->n_vcpus; i++) {
		struct vcpu *v = &r->vcpus[i];
		int local = i % per_host;
		e->ports[i].v = v;
		v->backend = &e->ports[i];
		sc_group_add(&e->groups[v->host * S + local % S], &e->ports[i]);
		vring_device_disable_notify(&v->vq.dev); /* it polls: never kick */
	}
	for (int g = 0; g < S * H; g++)
		sidecore_start(&e->cores[g], &e->groups[g], g, r->vmhost_h[g / S],
			       1000000u + (uint64_t)g, "sidecore");
	r->sidecores = S * H;
	r->io_cores = S * H;
	return 0;
}

static void submit(struct vcpu *v, struct request *q)
{
	vq_kick_prepare(&v->vq); /* publishes; the device asked for no kicks */
	struct sc_port *pt = v->backend;
	sc_group_ring(pt->group);
}

static int check(const struct vs_params *p, struct vs_check *out)
{
	if (p->elvis_sidecores < 1)
		*out = (struct vs_check){ "rack.elvis_sidecores", "must be at least 1 for model elvis" };
	else if (p->elvis_sidecores >= p->cores_per_vmhost)
		*out = (struct vs_check){ "rack.elvis_sidecores",
					  "must be less than rack.cores_per_vmhost (more sidecores "
					  "than cores: the VMs need one)" };
	else
		return 0;
	return -1;
}

static int vm_cores(const struct vs_params *p) { return p->cores_per_vmhost - p->elvis_sidecores; }
static enum irq_kind irq(const struct vs_params *p) { return IRQ_EXITLESS; }

const struct io_model io_elvis = {
	.path = "guest>vring>sidecore>nic>%s>nic>sidecore>vring>irq-exitless>guest",
	.virtualized = true,
	.check = check,
	.vm_cores = vm_cores,
	.setup = setup,
	.teardown = teardown,
	.submit = submit,
	.irq_kind = irq,
};
