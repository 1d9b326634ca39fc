/*
 * io_vrio — remote sidecores (vRIO, ASPLOS'16). The guest's vRIO front end encapsulates each
 * virtio request (vRIO header + virtio_net_hdr + the inner frame) and sends it through its
 * SR-IOV VF: no exit. The IOhost's sidecores poll their NIC's receive rings (RSS-steered, each
 * wire.nic_ring deep), decapsulate, interpose, and do the real I/O from the IOhost — the
 * network peer through the IOhost's own NIC, or a block device consolidated there. What comes
 * back (a response, a TCP ACK, a block completion, and for a UDP-like send a completion
 * message) travels to the guest's VF as a frame and reaches it as an exitless interrupt. The
 * front end resends a request whose answer was lost. The sidecores form one pool (any idle one
 * serves any ring) or fixed partitions (rack.iohost_pooling).
 */
#include <errno.h>
#include <simgrid/engine.h>
#include <stdio.h>
#include <stdlib.h>

#include "guest.h"
#include "io_guest.h"
#include "io_model.h"
#include "io_vf.h"
#include "pkt.h"
#include "rack.h"
#include "sidecore.h"
#include "sidecores.h"
#include "workload.h"

/* Outer frame overhead per frame: vRIO header (device, queue, request id, length, type: 16 B),
 * virtio_net_hdr (12 B), inner Ethernet header (14 B), and the inner TCP/IP headers. */
#define VRIO_HDR_BYTES (16u + 12u + 14u + PROTO_HDR_BYTES)
#define BLK_HDR 16u
#define BLK_STATUS 1u

static bool block(const struct rack *r) { return r->workload->target == WL_TARGET_BLOCK; }

static uint32_t req_wire_bytes(const struct rack *r, const struct request *q)
{
	if (block(r))
		return BLK_HDR + (q->write ? q->bytes : 0);
	return q->bytes;
}

/* Payload of what goes back to the guest for @k. */
static uint32_t back_wire_bytes(const struct rack *r, const struct pkt *k)
{
	if (block(r))
		return BLK_STATUS + (k->req->write ? 0 : k->req->bytes);
	return k->bytes; /* 0: a bare ACK or completion message */
}

static unsigned req_pending(struct sc_port *pt, double now)
{
	return timedq_ready_count(&pt->reqq, now, (unsigned)pt->group->env->p->sidecore_batch);
}

/* The next request frame that found room in the NIC's ring. */
static struct request *req_pop(struct sidecore *sc, struct sc_port *pt, double now)
{
	struct tq_node *n;
	while ((n = timedq_pop_ready(&pt->reqq, now))) {
		struct request *q = (struct request *)n;
		if (ring_limit_take(&pt->limit, n->ready, now))
			return q;
		meter_drop(sc->g->env->meter, DROP_NIC_RX, n->ready);
		guest_request_lost(q->vcpu, q, n->ready);
	}
	return NULL;
}

static double req_cycles(struct sidecore *sc, const struct request *q)
{
	const struct vs_params *p = sc->g->env->p;
	return p->vrio_encap_cycles + sidecore_req_work(sc) + p->interpose_cycles +
	       (p->sidecore_byte_cycles + p->interpose_byte_cycles) * q->bytes;
}

/* A frame from the IOhost to guest @v, sent at @t: into its VF, or lost. */
static void to_guest(struct rack *r, struct pkt *k, double t)
{
	struct vcpu *v = k->dst;
	struct wire_times w = wire_send(&r->wire, &r->iohost_port, v->port, simgrid_get_clock(), t,
					back_wire_bytes(r, k), VRIO_HDR_BYTES);
	if (w.drop) {
		meter_drop(&r->meter, w.drop == WIRE_DROP_NIC_TX ? DROP_NIC_TX : DROP_SWITCH, t);
		if (k->kind != PKT_ACK)
			guest_request_lost(v, k->req, t);
		pkt_put(&r->pkts, k);
		return;
	}
	k->frames = w.frames;
	io_vf_arrive(NULL, k, w.arrive);
}

static void arrive(void *ctx, struct pkt *k, double t)
{
	struct sc_group *g = ctx;
	sc_arrive(g, k, k->dst->id, t);
}

static void req_done(struct sidecore *sc, struct sc_port *pt, struct request *q, double t)
{
	struct rack *r = sc->g->env->ctx;
	struct device_sink sink = { arrive, pt->group };
	device_serve(&r->devices, &r->iohost_port, true, q, t, &sink);
	if (block(r) || wl_has_response(r->workload, q) || q->vcpu->flow.tcp)
		return; /* a response, a completion or an ACK will answer it */
	/* A UDP-like send: the IOhost tells the front end it is done. */
	struct pkt *k = pkt_get(&r->pkts);
	if (!k) {
		guest_request_lost(q->vcpu, q, t);
		return;
	}
	*k = (struct pkt){ .kind = PKT_DONE, .dst = q->vcpu, .req = q };
	to_guest(r, k, t);
}

static double comp_cycles(struct sidecore *sc, const struct pkt *k)
{
	const struct rack *r = sc->g->env->ctx;
	const struct vs_params *p = r->p;
	return p->vrio_encap_cycles + sidecore_req_work(sc) +
	       p->sidecore_byte_cycles * back_wire_bytes(r, k);
}

static void comp_done(struct sidecore *sc, struct pkt *k, double t)
{
	to_guest(sc->g->env->ctx, k, t);
}

static const struct sc_ops vrio_ops = {
	.req_pending = req_pending,
	.req_pop = req_pop,
	.req_cycles = req_cycles,
	.req_done = req_done,
	.comp_cycles = comp_cycles,
	.comp_done = comp_done,
	.comp_dropped = sidecores_dropped,
};

static void teardown(struct rack *r)
{
	sidecores_free(r->model_state);
	r->model_state = NULL;
}

static int setup(struct rack *r)
{
	const struct vs_params *p = r->p;
	int S = p->iohost_sidecores;
	int G = p->iohost_pooling == POOL_SHARED ? 1 : S;
	/* The IOhost polls its NIC's receive rings, not the guests' virtqueues: each guest queue's
	 * frames are steered (RSS-like) to one of R rings, R = rack.iohost_rx_rings, by default
	 * one per guest queue up to 64 (a NIC port's usual queue count). */
	int R = p->iohost_rx_rings ? p->iohost_rx_rings : 64;
	if (R > r->n_vcpus)
		R = r->n_vcpus;
	struct sidecores *x = sidecores_new(r, G, S, R);
	if (!x)
		return rack_fail(r, -ENOMEM, "allocating %d IOhost sidecores and %d receive rings", S, R);
	r->model_state = x;
	for (int g = 0; g < G; g++)
		if (sc_group_init(&x->groups[g], &x->env, &vrio_ops, R / G + 1, R / G + 1,
				  (unsigned)p->nic_ring))
			return rack_fail(r, -ENOMEM, "allocating IOhost sidecore group %d", g);
	for (int i = 0; i < R; i++) {
		if (sc_group_add(&x->groups[i % G], &x->ports[i]))
			return rack_fail(r, -ENOMEM, "allocating IOhost receive ring %d", i);
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
	return v->env->p->vrio_encap_cycles * v->env->virt;
}

static double rx_cycles(const struct vcpu *v, const struct pkt *k)
{
	return v->env->p->vrio_decap_cycles * v->env->virt;
}

static void submit(struct vcpu *v, struct request *q)
{
	struct rack *r = v->env->rack;
	vq_kick_prepare(&v->txq);
	notify_kick_exitless(&r->meter); /* the VF doorbell */
	struct request *popped = vq_pop(&v->txq); /* the front end copies it into a frame */
	if (popped)
		q = popped;
	double now = simgrid_get_clock();
	io_tx_return(v, q, now); /* the virtio descriptor is free again at once */
	struct wire_times w = wire_send(&r->wire, v->port, &r->iohost_port, now, now,
					req_wire_bytes(r, q), VRIO_HDR_BYTES);
	if (w.drop) {
		meter_drop(&r->meter, w.drop == WIRE_DROP_NIC_TX ? DROP_NIC_TX : DROP_SWITCH, now);
		guest_request_lost(v, q, now);
		return;
	}
	struct sc_port *pt = v->backend;
	q->t_arrive = w.arrive;
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
	.vf_rx = true,
	.virtualized = true,
	.iohost = true,
	.device_at_iohost = true,
	.buffer_by_message = true,
	.check = check,
	.vm_cores = io_all_cores,
	.setup = setup,
	.teardown = teardown,
	.submit_cycles = submit_cycles,
	.submit = submit,
	.deliver = io_vf_deliver,
	.rx_cycles = rx_cycles,
	.irq_kind = irq,
};
