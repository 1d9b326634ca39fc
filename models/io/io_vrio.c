/*
 * io_vrio — remote sidecores (vRIO, ASPLOS'16). The guest's vRIO front end encapsulates each
 * virtio request (vRIO header + virtio_net_hdr + the inner frame) and sends it through its
 * SR-IOV VF: no exit. The IOhost's sidecores poll their NIC rings (one per guest queue),
 * decapsulate, interpose, and do the real I/O from the IOhost — the network peer through the
 * IOhost's own NIC, or a block device consolidated there. Every request's completion travels
 * back as a frame and reaches the guest as an exitless VF interrupt. The sidecores form one
 * pool (any idle one serves any queue) or fixed partitions (rack.iohost_pooling).
 */
#include <errno.h>
#include <simgrid/engine.h>
#include <stdio.h>
#include <stdlib.h>

#include "io_model.h"
#include "io_vf.h"
#include "rack.h"
#include "sidecore.h"
#include "workload.h"

/* Outer frame overhead per frame: vRIO header (device, queue, request id, length, type: 16 B),
 * virtio_net_hdr (12 B), inner Ethernet header (14 B), and the inner TCP/IP headers. */
#define VRIO_HDR_BYTES (16u + 12u + 14u + PROTO_HDR_BYTES)
#define BLK_HDR 16u
#define BLK_STATUS 1u

struct vrio {
	struct sc_env env;         /* what its sidecores share */
	struct sc_group *groups;   /* one pool, or one partition per sidecore */
	struct sidecore *cores;    /* the IOhost's sidecores */
	struct sc_port *ports;     /* the IOhost NIC's receive rings */
	int n_groups, n_cores;
};

static uint32_t req_wire_bytes(const struct rack *r, const struct request *q)
{
	if (r->workload->target == WL_TARGET_BLOCK)
		return BLK_HDR + (q->write ? q->bytes : 0);
	return q->bytes;
}

static uint32_t resp_wire_bytes(const struct rack *r, const struct request *q)
{
	if (r->workload->target == WL_TARGET_BLOCK)
		return BLK_STATUS + (q->write ? 0 : q->bytes);
	return q->resp_bytes; /* 0: a bare completion message */
}

static unsigned req_pending(struct sc_port *pt, double now)
{
	return timedq_ready_count(&pt->reqq, now, (unsigned)pt->group->env->p->sidecore_batch);
}

static struct request *req_pop(struct sc_port *pt, double now)
{
	return (struct request *)timedq_pop_ready(&pt->reqq, now);
}

static double req_cycles(struct sidecore *sc, const struct request *q)
{
	const struct vs_params *p = sc->g->env->p;
	return p->vrio_encap_cycles + sidecore_req_work(sc) + p->sidecore_byte_cycles * q->bytes +
	       p->interpose_cycles;
}

static double comp_cycles(struct sidecore *sc, const struct request *q)
{
	const struct rack *r = sc->g->env->ctx;
	const struct vs_params *p = r->p;
	uint32_t back = resp_wire_bytes(r, q);
	double io = wl_has_response(r->workload, q)
			    ? sidecore_req_work(sc) + p->sidecore_byte_cycles * back
			    : 0; /* a transmitted send only needs its completion message */
	return p->vrio_encap_cycles + io;
}

static void req_done(struct sidecore *sc, struct sc_port *pt, struct request *q, double t)
{
	struct rack *r = sc->g->env->ctx;
	sc_complete_at(pt->group, q, q->vcpu->id,
		       device_serve(&r->devices, &r->iohost_port, true, q, t));
}

static void comp_done(struct sidecore *sc, struct request *q, double t)
{
	struct rack *r = sc->g->env->ctx;
	struct vcpu *v = q->vcpu;
	struct wire_times w = wire_send(&r->wire, &r->iohost_port, v->port, simgrid_get_clock(), t,
					resp_wire_bytes(r, q), VRIO_HDR_BYTES);
	timedq_post(&v->rxq, &q->node, w.arrive);
}

static const struct sc_ops vrio_ops = {
	.req_pending = req_pending,
	.req_pop = req_pop,
	.req_cycles = req_cycles,
	.req_done = req_done,
	.comp_cycles = comp_cycles,
	.comp_done = comp_done,
};

static void teardown(struct rack *r)
{
	struct vrio *x = r->model_state;
	if (!x)
		return;
	for (int g = 0; x->groups && g < x->n_groups; g++)
		sc_group_free(&x->groups[g]);
	for (int s = 0; x->cores && s < x->n_cores; s++)
		sidecore_free(&x->cores[s]);
	free(x->groups);
	free(x->cores);
	free(x->ports);
	free(x);
	r->model_state = NULL;
}

static int setup(struct rack *r)
{
	const struct vs_params *p = r->p;
	int S = p->iohost_sidecores;
	int G = p->iohost_pooling == POOL_SHARED ? 1 : S;
	struct vrio *x = calloc(1, sizeof(*x));
	if (!x)
		return rack_fail(r, -ENOMEM, "allocating the vRIO model");
	r->model_state = x;
	x->env = (struct sc_env){ .p = p, .hz = r->hz, .meter = &r->meter, .ctx = r };
	x->n_groups = G;
	x->n_cores = S;
	x->groups = calloc((size_t)G, sizeof(*x->groups));
	x->cores = calloc((size_t)S, sizeof(*x->cores));
	/* The IOhost polls its NIC's receive rings, not the guests' virtqueues: each guest queue's
	 * frames are steered (RSS-like) to one of R rings, R = rack.iohost_rx_rings, by default
	 * one per guest queue up to 64 (a NIC port's usual queue count). */
	int R = p->iohost_rx_rings ? p->iohost_rx_rings : 64;
	if (R > r->n_vcpus)
		R = r->n_vcpus;
	x->ports = calloc((size_t)R, sizeof(*x->ports));
	if (!x->groups || !x->cores || !x->ports)
		return rack_fail(r, -ENOMEM, "allocating %d IOhost sidecores and %d receive rings", S, R);
	for (int g = 0; g < G; g++)
		if (sc_group_init(&x->groups[g], &x->env, &vrio_ops, R / G + 1, R / G + 1))
			return rack_fail(r, -ENOMEM, "allocating IOhost sidecore group %d", g);
	for (int i = 0; i < R; i++) {
		sc_group_add(&x->groups[i % G], &x->ports[i]);
		sc_port_set_multi(&x->ports[i], p->iohost_rx_claim == RX_CLAIM_DESCRIPTOR);
	}
	for (int i = 0; i < r->n_vcpus; i++)
		r->vcpus[i].backend = &x->ports[i % R];
	for (int s = 0; s < S; s++)
		sidecore_start(&x->cores[s], &x->groups[s % G], s, r->iohost_h, 2000000u + (uint64_t)s,
			       "iohost-sidecore");
	r->sidecores = S;
	r->io_cores = S;
	return 0;
}

static double submit_cycles(const struct vcpu *v, const struct request *q)
{
	return v->env->p->vrio_encap_cycles * v->env->p->virt_overhead;
}

static void submit(struct vcpu *v, struct request *q)
{
	struct rack *r = v->env->rack;
	vq_kick_prepare(&v->vq);
	notify_kick_exitless(&r->meter); /* the VF doorbell */
	struct request *popped = vq_pop(&v->vq); /* the front end hands the descriptor to the VF */
	if (popped)
		q = popped;
	struct wire_times w = wire_send(&r->wire, v->port, &r->iohost_port, simgrid_get_clock(),
					simgrid_get_clock(), req_wire_bytes(r, q), VRIO_HDR_BYTES);
	struct sc_port *pt = v->backend;
	timedq_post(&pt->reqq, &q->node, w.arrive);
}

static int check(const struct vs_params *p, struct vs_check *out)
{
	if (p->iohost_sidecores >= 1)
		return 0;
	*out = (struct vs_check){ "rack.iohost_sidecores", "must be at least 1 for model vrio" };
	return -1;
}

static enum irq_kind irq(const struct vs_params *p) { return IRQ_EXITLESS; }

const struct io_model io_vrio = {
	.path = "guest>vring>vf>wire>iohost-sidecore>nic>%s>nic>iohost-sidecore>wire>vf>irq-exitless>guest",
	.virtualized = true,
	.device_at_iohost = true,
	.check = check,
	.vm_cores = io_all_cores,
	.setup = setup,
	.teardown = teardown,
	.submit_cycles = submit_cycles,
	.submit = submit,
	.deliver = io_vf_deliver,
	.irq_kind = irq,
};
