/*
 * io_trap — trap-and-emulate with vhost: a kick is a VM exit that wakes the queue's vhost
 * thread; the thread shares the VMhost's cores with the vCPUs (SimGrid CPU sharing decides who
 * runs), serves the ring with notifications disabled, and injects an interrupt when the guest
 * asked for one (EVENT_IDX or the NO_INTERRUPT flag).
 */
#include <errno.h>
#include <math.h>
#include <simgrid/actor.h>
#include <simgrid/engine.h>
#include <stdio.h>
#include <stdlib.h>

#include "io_model.h"
#include "rack.h"
#include "sidecore.h"
#include "workload.h"

struct vhost {
	struct vcpu *v;         /* the guest queue it serves */
	struct cpu cpu;         /* a thread on the VMhost's shared cores */
	struct inbox inbox;     /* kicks and completions wake it */
	struct timedq compq;    /* completions back from the device */
	double kick_at;         /* a kick's wake-up is due then (INFINITY: none) */
	bool sleeping;          /* blocked on its eventfd: only a kick or a completion wakes it */
};

static void vhost_main(int argc, char **argv)
{
	struct vhost *vh = sg_actor_self_get_data();
	struct vcpu *v = vh->v;
	struct rack *r = v->env->rack;
	const struct vs_params *p = r->p;
	unsigned batch = (unsigned)p->sidecore_batch;
	struct request *reqs[SC_MAX_BATCH], *comps[SC_MAX_BATCH];
	sg_actor_daemonize(sg_actor_self());
	for (;;) {
		double now = simgrid_get_clock();
		if (vh->sleeping) {
			double due = fmin(vh->kick_at, timedq_next(&vh->compq));
			if (!time_reached(due, now)) {
				inbox_wait(&vh->inbox, due);
				continue;
			}
			vh->sleeping = false;
			vh->kick_at = INFINITY;
		}
		vring_device_disable_notify(&v->vq.dev);
		unsigned n = 0, m = 0;
		double cycles = 0;
		struct request *q;
		struct tq_node *node;
		while (n < batch && (q = vq_pop(&v->vq))) {
			cycles += p->vhost_req_cycles + p->vhost_byte_cycles * q->bytes + p->interpose_cycles;
			reqs[n++] = q;
		}
		while (m < batch && (node = timedq_pop_ready(&vh->compq, now))) {
			q = (struct request *)node;
			if (wl_has_response(r->workload, q)) /* a transmitted buffer is only returned */
				cycles += p->vhost_req_cycles + p->vhost_byte_cycles * q->resp_bytes;
			comps[m++] = q;
		}
		if (n + m == 0) {
			if (vring_device_enable_notify(&v->vq.dev))
				vh->sleeping = true; /* else the guest published meanwhile: go on */
			continue;
		}
		cpu_run(&vh->cpu, cycles, CPU_IO);
		now = simgrid_get_clock();
		/* Responses, block completions, or a send's TX completion come back through compq. */
		for (unsigned i = 0; i < n; i++)
			timedq_post(&vh->compq, &reqs[i]->node,
				    device_serve(&r->devices, v->port, false, reqs[i], now));
		for (unsigned i = 0; i < m; i++)
			vq_push(&v->vq, comps[i]);
		if (m && vq_notify_prepare(&v->vq)) {
			v->irq_pending = true;
			inbox_ring(&v->inbox);
		}
	}
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
		vh[i].cpu = v->cpu; /* same shared host, same accounting */
		vh[i].cpu.shared = true;
		vh[i].kick_at = INFINITY;
		inbox_init(&vh[i].inbox);
		timedq_init(&vh[i].compq, &vh[i].inbox);
		v->backend = &vh[i];
		vring_device_enable_notify(&v->vq.dev);
		char name[32];
		snprintf(name, sizeof(name), "vhost-%d", i);
		sg_actor_t a = sg_actor_init(name, r->vmhost_h[v->host]);
		sg_actor_set_data(a, &vh[i]);
		sg_actor_start_(a, vhost_main, 0, NULL);
	}
	return 0;
}

static void teardown(struct rack *r)
{
	free(r->model_state);
	r->model_state = NULL;
}

static void submit(struct vcpu *v, struct request *q)
{
	if (!vq_kick_prepare(&v->vq))
		return; /* the vhost thread is already at work: no exit */
	struct vhost *vh = v->backend;
	double t = simgrid_get_clock();
	double wake = notify_kick_exit(v->env->p, &v->cpu, v->env->meter); /* the exit runs on the vCPU */
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
