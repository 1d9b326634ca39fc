/*
 * io_trap — trap-and-emulate with vhost: a kick is a VM exit that wakes the queue's vhost
 * thread; the thread shares the VMhost's cores with the vCPUs (the shared cores' scheduler,
 * rack.shared_cores, decides who runs), serves the TX ring with notifications disabled, and
 * moves what comes back from the host NIC (responses, ACKs, block completions) into the guest,
 * injecting an interrupt when the guest's ring asks for one (EVENT_IDX or the NO_INTERRUPT
 * flag).
 *
 * Both directions wake a sleeping vhost thread: a kick (after the exit and the ioeventfd
 * signal), and a packet from the host NIC (its interrupt, costs.host_irq_cycles on the vhost
 * thread's core, then the thread's wake-up, costs.wakeup_us). The host NIC's receive ring for
 * the queue holds wire.nic_ring packets; one that finds it full is dropped.
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
#include "pkt.h"
#include "rng.h"
#include "rack.h"
#include "sidecore.h"
#include "workload.h"
#include "vclock.h"

struct vhost {
	struct vcpu *v;         /* the guest queue it serves */
	struct cpu cpu;         /* a thread on the VMhost's shared cores */
	struct inbox inbox;     /* kicks and arrivals wake it */
	struct timedq rxq;      /* what comes back for its guest: the host NIC's receive ring */
	struct ring_limit limit; /* that ring's room */
	double kick_at;         /* a kick's wake-up is due then (INFINITY: none) */
	double rx_wakeup_s;     /* the wake-up an arrival would cost it (drawn ahead) */
	bool sleeping;          /* blocked: only a kick or an arrival wakes it */
};

/* Packets from the host NIC for this queue (a device_sink). */
static void arrive(void *ctx, struct pkt *k, double t)
{
	struct vhost *vh = ctx;
	timedq_post(&vh->rxq, &k->node, t);
}

/* A packet found the host NIC's ring full. */
static void dropped(struct vhost *vh, struct pkt *k, double t)
{
	struct vcpu *v = vh->v;
	meter_drop(v->env->meter, DROP_NIC_RX, t);
	guest_pkt_lost(k, t);
	pkt_put(v->env->pkts, k);
}

/* Sleep until a kick's wake-up or an arrival's (its interrupt and the thread's wake-up). True
 * once awake; *rx_wake says an arrival woke it (its host interrupt is owed). */
static bool sleep_until_due(struct vhost *vh, const struct vs_params *p, bool *rx_wake)
{
	double now = vs_now();
	double rx_due = timedq_next(&vh->rxq) + vh->rx_wakeup_s;
	double due = fmin(vh->kick_at, rx_due);
	if (!time_reached(due, now)) {
		cpu_block(&vh->cpu); /* off its core until the wake-up */
		inbox_wait(&vh->inbox, due);
		return false;
	}
	*rx_wake = rx_due <= vh->kick_at;
	vh->rx_wakeup_s = rng_cost(vh->v->rng, p, p->wakeup_us * 1e-6); /* the next one's */
	vh->sleeping = false;
	vh->kick_at = INFINITY;
	return true;
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
		vring_device_disable_notify(&v->txq.dev);
		unsigned n = 0, m = 0;
		double cycles = rx_wake ? rng_cost(v->rng, p, p->host_irq_cycles) : 0;
		struct request *q;
		struct tq_node *node;
		while (n < batch && (q = vq_pop(&v->txq))) {
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
			if (vring_device_enable_notify(&v->txq.dev))
				vh->sleeping = true; /* else the guest published meanwhile: go on */
			continue;
		}
		for (unsigned i = 0; i < n; i++)
			reqs[i]->t_pop = now;
		cpu_run(&vh->cpu, cycles, CPU_IO);
		now = vs_now();
		for (unsigned i = 0; i < n; i++) {
			device_serve(&r->devices, v->port, false, reqs[i], now, &sink);
			if (!block) /* virtio-net: the buffer is copied out, returned */
				io_tx_return(v, reqs[i], now);
		}
		for (unsigned i = 0; i < m; i++) {
			if (block) { /* the block I/O is done: its status goes into the chain */
				io_tx_return(v, pkts[i]->req, now);
				pkt_put(v->env->pkts, pkts[i]);
			} else {
				io_rx_fill(v, pkts[i], now);
			}
		}
		io_notify(v, now);
	}
}

static void teardown(struct rack *r)
{
	struct vhost *vh = r->model_state;
	for (int i = 0; vh && i < r->n_vcpus; i++)
		ring_limit_free(&vh[i].limit);
	free(vh);
	r->model_state = NULL;
}

static int setup(struct rack *r)
{
	struct vhost *vh = calloc((size_t)r->n_vcpus, sizeof(*vh));
	if (!vh)
		return rack_fail(r, -ENOMEM, "allocating %d vhost threads", r->n_vcpus);
	r->model_state = vh;
	for (int i = 0; i < r->n_vcpus; i++) {
		struct vcpu *v = &r->vcpus[i];
		vh[i].v = v;
		vh[i].cpu = v->cpu; /* the same host's cores and CPU time */
		vh[i].cpu.busy_s = NULL; /* not the vCPU's own demand (util_vcpu) */
		/* A thread of the VMhost's shared cores, numbered after its vCPUs. */
		int rc = rack_shared_cpu(r, &vh[i].cpu, v->host, r->host_queues[v->host] + v->slot);
		if (rc)
			return rc;
		vh[i].kick_at = INFINITY;
		vh[i].rx_wakeup_s = r->p->wakeup_us * 1e-6;
		vh[i].sleeping = true;
		inbox_init(&vh[i].inbox);
		timedq_init(&vh[i].rxq, &vh[i].inbox);
		if (ring_limit_init(&vh[i].limit, (unsigned)r->p->nic_ring))
			return rack_fail(r, -ENOMEM, "allocating vhost %d's receive ring", i);
		v->backend = &vh[i];
		vring_device_enable_notify(&v->txq.dev);
		char name[32];
		snprintf(name, sizeof(name), "vhost-%d", i);
		sg_actor_t a = sg_actor_init(name, r->vmhost_h[v->host]);
		sg_actor_set_data(a, &vh[i]);
		sg_actor_start_(a, vhost_main, 0, NULL);
	}
	return 0;
}

static void submit(struct vcpu *v, struct request *q)
{
	if (!vq_kick_prepare(&v->txq))
		return; /* the vhost thread is already at work: no exit */
	struct vhost *vh = v->backend;
	double wake = notify_kick_exit(v->env->p, &v->cpu, v->env->meter, v->rng); /* on the vCPU */
	double t = vs_now(); /* the signal leaves once the exit is handled */
	if (t + wake < vh->kick_at)
		vh->kick_at = t + wake;
	inbox_ring_at(&vh->inbox, t + wake);
}

static enum irq_kind irq(const struct vs_params *p) { return IRQ_INJECTED; }

const struct io_model io_trap = {
	.path = "guest>vring>exit>vhost>nic>%s>nic>vhost>vring>irq-injected>guest",
	.virtualized = true,
	.shared_cpu = true,
	.vm_cores = io_all_cores,
	.setup = setup,
	.teardown = teardown,
	.submit = submit,
	.irq_kind = irq,
};
