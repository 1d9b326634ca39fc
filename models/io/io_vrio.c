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
#include "sidecore.h"
#include "sidecores.h"
#include "vclock.h"
#include "vhost.h"
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
	struct wire_times w = wire_send(&r->wire, v->iohost_port, v->port, vs_now(), t,
					back_wire_bytes(r, k), VRIO_HDR_BYTES);
	if (w.drop) {
		meter_drop(&r->meter, device_drop_place(w.drop), t);
		guest_pkt_lost(k, t);
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
	device_serve(&r->devices, q->vcpu->iohost_port, true, q, t, &sink);
	if (block(r) || wl_has_response(r->workload, q) || q->vcpu->flow.tcp)
		return; /* a response, a completion or an ACK will answer it */
	/* A UDP-like send: the IOhost tells the front end it is done. */
	struct pkt *k = pkt_get(&r->pkts);
	if (!k) {
		guest_request_lost(q->vcpu, q, t);
		return;
	}
	*k = (struct pkt){ .kind = PKT_DONE, .dst = q->vcpu, .req = q, .req_id = q->id };
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

/* The vRIO model's state: one set of sidecores per IOhost. */
struct vrio {
	struct sidecores **at;     /* per IOhost */
	int n;                     /* IOhosts */
	double *busy_s;            /* every IOhost sidecore's busy seconds, IOhost by IOhost */
	double *work_prev;         /* dynamic.iohost_policy = load: per IOhost, its sidecores'
				    * request work at the last sample */
	int *cool;                 /* and the intervals before it may change again */
};

/* ---- dynamic.iohost_policy = load: sidecores added and parked as the load changes ---- */

/* One interval's decision for IOhost @io: its sidecores in service idled @idle cores' worth
 * (SidecoreM's ratio of empty cycles to an epoch's); below add_idle take one back, above
 * park_idle park one (at least one stays). */
static void scale(struct rack *r, struct vrio *x, int io, double dt, double now)
{
	const struct vs_params *p = r->p;
	struct sidecores *c = x->at[io];
	double work = 0;
	int in = 0, last = -1, parked = -1;
	for (int s = 0; s < c->n_cores; s++) {
		struct sidecore *sc = &c->cores[s];
		work += sc->work_s;
		if (sc->failed)
			return; /* a fault's business meanwhile */
		if (sc->parked) {
			if (parked < 0)
				parked = s;
		} else {
			in++;
			last = s;
		}
	}
	double idle = in * dt - (work - x->work_prev[io]);
	x->work_prev[io] = work;
	if (x->cool[io] > 0) {
		x->cool[io]--;
		return;
	}
	idle /= dt;
	if (idle < p->add_idle && parked >= 0) {
		sidecore_park(&c->cores[parked], false, now + p->core_switch_ms * 1e-3);
		rack_park(r, -1);
	} else if (idle > p->park_idle && in > 1) {
		sidecore_park(&c->cores[last], true, 0);
		rack_park(r, 1);
	} else {
		return;
	}
	r->io_switches++;
	x->cool[io] = p->dyn_cooldown;
}

static void scaler_main(int argc, char **argv)
{
	struct rack *r = sg_actor_self_get_data();
	struct vrio *x = r->model_state;
	double dt = r->p->dyn_interval_ms * 1e-3;
	sg_actor_daemonize(sg_actor_self());
	for (;;) {
		vs_sleep_for(dt);
		for (int io = 0; io < x->n; io++)
			scale(r, x, io, dt, vs_now());
	}
}

static void teardown(struct rack *r)
{
	struct vrio *x = r->model_state;
	vhosts_free(r);
	if (!x)
		return;
	for (int i = 0; x->at && i < x->n; i++)
		sidecores_free(x->at[i]);
	free(x->at);
	free(x->busy_s);
	free(x->work_prev);
	free(x->cool);
	free(x);
	r->model_state = NULL;
	r->sidecore_busy_s = NULL;
}

/* IOhost @io's sidecores over its @R receive rings. */
static int setup_iohost(struct rack *r, struct vrio *x, int io, int R)
{
	const struct vs_params *p = r->p;
	int S = p->iohost_sidecores;
	int G = p->iohost_pooling == POOL_SHARED ? 1 : S;
	struct sidecores *c = sidecores_new(r, G, S, R, &x->busy_s[io * S]);
	if (!c)
		return rack_fail(r, -ENOMEM, "allocating IOhost %d's %d sidecores and %d receive rings",
				 io, S, R);
	x->at[io] = c;
	for (int g = 0; g < G; g++)
		if (sc_group_init(&c->groups[g], &c->env, &vrio_ops, R / G + 1, R / G + 1,
				  (unsigned)p->nic_ring))
			return rack_fail(r, -ENOMEM, "allocating IOhost %d's sidecore group %d", io, g);
	for (int i = 0; i < R; i++) {
		if (sc_group_add(&c->groups[i % G], &c->ports[i]))
			return rack_fail(r, -ENOMEM, "allocating IOhost %d's receive ring %d", io, i);
		sc_port_set_multi(&c->ports[i], p->iohost_rx_claim == RX_CLAIM_DESCRIPTOR);
	}
	/* The first IOhost's sidecores draw from the streams a single IOhost always had. */
	for (int s = 0; s < S; s++)
		sidecore_start(&c->cores[s], &c->groups[s % G], s, r->iohost_h[io],
			       2000000u + 4096u * (uint64_t)io + (uint64_t)s, "iohost-sidecore");
	return 0;
}

static int setup(struct rack *r)
{
	const struct vs_params *p = r->p;
	int S = p->iohost_sidecores, I = r->n_iohosts;
	struct vrio *x = calloc(1, sizeof(*x));
	if (!x)
		return rack_fail(r, -ENOMEM, "allocating the vRIO model");
	r->model_state = x;
	x->n = I;
	x->at = calloc((size_t)I, sizeof(*x->at));
	x->busy_s = calloc((size_t)(I * S), sizeof(*x->busy_s));
	if (!x->at || !x->busy_s)
		return rack_fail(r, -ENOMEM, "allocating %d IOhosts' sidecores", I);
	r->sidecore_busy_s = x->busy_s;
	/* Each IOhost polls its NIC's receive rings, not the guests' virtqueues: each of its guest
	 * queues' frames are steered (RSS-like) to one of R rings, R = rack.iohost_rx_rings, by
	 * default one per guest queue up to 64 (a NIC port's usual queue count). */
	for (int io = 0; io < I; io++) {
		int queues = 0;
		for (int i = 0; i < r->n_vcpus; i++)
			queues += r->vcpus[i].iohost == io;
		int R = p->iohost_rx_rings ? p->iohost_rx_rings : 64;
		if (R > queues)
			R = queues > 0 ? queues : 1;
		int rc = setup_iohost(r, x, io, R);
		if (rc)
			return rc;
		for (int i = 0, k = 0; i < r->n_vcpus; i++)
			if (r->vcpus[i].iohost == io)
				r->vcpus[i].backend = &x->at[io]->ports[k++ % R];
	}
	r->sidecores = I * S;
	r->io_cores = I * S;
	if (p->iohost_policy == IOHOST_POLICY_LOAD) {
		x->work_prev = calloc((size_t)I, sizeof(*x->work_prev));
		x->cool = calloc((size_t)I, sizeof(*x->cool));
		if (!x->work_prev || !x->cool)
			return rack_fail(r, -ENOMEM, "allocating the IOhosts' sidecore policy");
		sg_actor_t a = sg_actor_init("iohost-scaler", r->iohost_h[0]);
		sg_actor_set_data(a, r);
		sg_actor_start_(a, scaler_main, 0, NULL);
	}
	if (p->fault == FAULT_IOHOST && p->failover == FAILOVER_TRAP)
		return vhosts_new(r, false);
	return 0;
}

/* With fault.failover = trap: the queues of IOhost @io's VMs fall back to vhost threads on
 * their VMhosts (@trap), or go back to it. */
static void fall_back(struct rack *r, int io, bool trap)
{
	double at = vs_now() + r->p->switch_us * 1e-6;
	for (int i = 0; i < r->n_vcpus; i++)
		if (r->vcpus[i].iohost == io)
			vhost_switch(&r->vcpus[i], trap, at);
}

/* ---- Faults ---- */

/* A dead IOhost's rings are lost with it: every request and packet waiting there. */
static void lose_rings(struct rack *r, struct sidecores *c)
{
	struct tq_node *n;
	for (int g = 0; g < c->n_groups; g++) {
		struct sc_group *grp = &c->groups[g];
		for (int i = 0; i < grp->ncomp; i++)
			while ((n = timedq_pop_ready(&grp->comp[i].q, INFINITY)))
				sidecores_lost(r, (struct pkt *)n, vs_now());
		for (int i = 0; i < grp->n; i++)
			while ((n = timedq_pop_ready(&grp->ports[i]->reqq, INFINITY))) {
				struct request *q = (struct request *)n;
				meter_drop(&r->meter, DROP_FAULT, vs_now());
				guest_request_lost(q->vcpu, q, vs_now());
			}
	}
}

static void fault(struct rack *r, enum vs_fault kind, int target, bool down)
{
	struct vrio *x = r->model_state;
	int S = r->p->iohost_sidecores;
	if (kind == FAULT_IOHOST && target < x->n) {
		if (!down && r->p->failover == FAILOVER_TRAP)
			fall_back(r, target, false);
		for (int s = 0; s < S; s++) {
			struct sidecore *sc = &x->at[target]->cores[s];
			if (down && sc->parked) { /* out with the rest: counted once (sidecores_out) */
				sidecore_park(sc, false, 0);
				rack_park(r, -1);
			}
			sidecore_fail(sc, down);
		}
		if (down)
			lose_rings(r, x->at[target]);
	} else if (kind == FAULT_SIDECORE && target < x->n * S) {
		sidecore_fail(&x->at[target / S]->cores[target % S], down);
	}
}

/* The VMs of dead IOhost @dead move, one by one, to the live IOhost with the least load
 * weight; their frames go to its receive rings from now on. */
static void failover(struct rack *r, enum vs_fault kind, int target)
{
	struct vrio *x = r->model_state;
	const struct vs_params *p = r->p;
	if (p->failover == FAILOVER_TRAP) {
		if (kind == FAULT_IOHOST && target < x->n)
			fall_back(r, target, true);
		return;
	}
	if (kind == FAULT_SIDECORE) { /* a partition's queues to the next live partition */
		int S = p->iohost_sidecores;
		struct sidecores *c = x->at[target / S];
		if (c->n_groups > 1)
			sc_group_move(&c->groups[target % S], &c->groups[(target % S + 1) % c->n_groups]);
		return;
	}
	if (kind != FAULT_IOHOST || x->n < 2)
		return;
	double load[256] = { 0 };
	for (int i = 0; i < r->n_vcpus; i++)
		if (r->vcpus[i].iohost != target)
			load[r->vcpus[i].iohost] += p->n_vm_load ? p->vm_load[r->vcpus[i].host] : 1.0;
	int next_ring[256] = { 0 };
	for (int i = 0; i < r->n_vcpus; i++) {
		struct vcpu *v = &r->vcpus[i];
		if (v->iohost != target)
			continue;
		int to = target == 0 ? 1 : 0;
		for (int k = 0; k < x->n; k++)
			if (k != target && load[k] < load[to])
				to = k;
		load[to] += p->n_vm_load ? p->vm_load[v->host] : 1.0;
		struct sidecores *c = x->at[to];
		v->iohost = to;
		v->iohost_port = &r->iohost_port[to];
		v->iohost_dev = &r->iohost_devs[to * r->n_iohost_devs + v->vm % r->n_iohost_devs];
		v->backend = &c->ports[next_ring[to]++ % c->n_ports];
	}
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
	double now = vs_now();
	io_tx_return(v, q, now); /* the virtio descriptor is free again at once */
	struct wire_times w = wire_send(&r->wire, v->port, v->iohost_port, now, now,
					req_wire_bytes(r, q), VRIO_HDR_BYTES);
	if (w.drop) {
		meter_drop(&r->meter, device_drop_place(w.drop), now);
		guest_request_lost(v, q, now);
		return;
	}
	struct sc_port *pt = v->backend;
	q->t_arrive = w.arrive;
	timedq_post(&pt->reqq, &q->node, w.arrive);
}

static int check(const struct vs_params *p, struct vs_check *out)
{
	if (p->iohost_sidecores < 1)
		*out = (struct vs_check){ "rack.iohost_sidecores", "must be at least 1 for model vrio" };
	else if (p->iohost_policy == IOHOST_POLICY_LOAD && p->iohost_pooling != POOL_SHARED)
		*out = (struct vs_check){ "dynamic.iohost_policy",
					  "load parks sidecores of a pool: it needs rack.iohost_pooling "
					  "= pooled (a parked partition's rings would starve)" };
	else
		return 0;
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
	.fault = fault,
	.failover = failover,
};
