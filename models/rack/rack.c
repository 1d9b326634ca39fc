/*
 * rack — build the rack for one I/O model and take it apart.
 */
#include "rack.h"

#include <errno.h>
#include <math.h>
#include <simgrid/actor.h>
#include <simgrid/engine.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bug.h"
#include "guest.h"
#include "io_model.h"
#include "metrics.h"
#include "rng.h"
#include "sched.h"
#include "vclock.h"
#include "workload.h"


int rack_fail(struct rack *r, int err, const char *fmt, ...)
{
	if (!r->error[0]) {
		va_list ap;
		va_start(ap, fmt);
		int n = vsnprintf(r->error, sizeof(r->error), fmt, ap);
		va_end(ap);
		if (n >= 0 && (size_t)n < sizeof(r->error) && err < 0)
			snprintf(r->error + n, sizeof(r->error) - (size_t)n, ": %s", strerror(-err));
	}
	return err;
}

/* The cores the model takes from every VMhost (Elvis' sidecores): [rack] cores less its
 * VM cores. */
static int model_reserved(const struct io_model *m, const struct vs_params *p)
{
	return p->cores_per_vmhost - m->vm_cores(p);
}

int rack_vm_cores(const struct rack *r, int h)
{
	struct vs_host vh;
	vs_host(r->p, h, &vh);
	return vh.cores - model_reserved(r->model, r->p);
}

void rack_platform_xml(const struct vs_params *p, FILE *out)
{
	const struct io_model *m = io_model_get(p->kind);
	double hz = p->cpu_ghz * 1e9;
	fprintf(out, "<?xml version='1.0'?>\n"
		     "<!DOCTYPE platform SYSTEM \"https://simgrid.org/simgrid.dtd\">\n"
		     "<platform version=\"4.1\">\n<zone id=\"rack\" routing=\"None\">\n");
	/* The VMhost hosts only the cores its guests (and, under trap, its vhost threads) share;
	 * sidecores are dedicated and modelled outside the sharing. Speeds are cycles per second
	 * (a VMhost's class may have its own clock). */
	for (int h = 0; h < p->vmhosts; h++) {
		struct vs_host vh;
		vs_host(p, h, &vh);
		fprintf(out, "  <host id=\"vmhost%d\" speed=\"%.17gf\" core=\"%d\"/>\n", h,
			vh.cpu_ghz * 1e9, vh.cores - model_reserved(m, p));
	}
	for (int i = 0; i < p->iohosts; i++)
		fprintf(out, "  <host id=\"iohost%d\" speed=\"%.17gf\" core=\"%d\"/>\n", i, hz,
			p->iohost_cores > 0 ? p->iohost_cores : 1);
	fprintf(out, "</zone>\n</platform>\n");
}

/* ---- Building ---- */

static int build_hosts(struct rack *r)
{
	const struct vs_params *p = r->p;
	double dev_lat = p->dev_latency_us * 1e-6, dev_bps = p->dev_gbps * 1e9;
	r->n_clients = p->clients > 0 ? p->clients : 1;
	r->vmhost_h = calloc((size_t)p->vmhosts, sizeof(*r->vmhost_h));
	r->vmhost_port = calloc((size_t)p->vmhosts, sizeof(*r->vmhost_port));
	r->client_port = calloc((size_t)r->n_clients, sizeof(*r->client_port));
	r->vmhost_dev = calloc((size_t)p->vmhosts, sizeof(*r->vmhost_dev));
	r->host_busy_s = calloc((size_t)p->vmhosts, sizeof(*r->host_busy_s));
	r->vmhost_sched = calloc((size_t)p->vmhosts, sizeof(*r->vmhost_sched));
	if (!r->vmhost_h || !r->vmhost_port || !r->client_port || !r->vmhost_dev || !r->host_busy_s ||
	    !r->vmhost_sched)
		return rack_fail(r, -ENOMEM, "allocating %d VMhosts and %d client hosts", p->vmhosts,
				 r->n_clients);
	for (int h = 0; h < p->vmhosts; h++) {
		char name[32];
		snprintf(name, sizeof(name), "vmhost%d", h);
		r->vmhost_h[h] = sg_host_by_name(name);
		if (!r->vmhost_h[h])
			return rack_fail(r, -ENOENT, "the platform has no host %s", name);
		if (blockdev_init(&r->vmhost_dev[h], p->dev_queue_depth, dev_lat, dev_bps))
			return rack_fail(r, -ENOMEM, "allocating VMhost %d's block device", h);
		r->vmhost_dev[h].window_start = p->warmup_s;
		r->vmhost_dev[h].window_end = p->duration_s;
		if (p->class_gbps.n) {
			struct vs_host vh;
			vs_host(p, h, &vh);
			r->vmhost_port[h].bps = vh.gbps * 1e9;
		}
	}
	r->n_iohosts = p->iohosts;
	r->iohost_h = calloc((size_t)r->n_iohosts, sizeof(*r->iohost_h));
	r->iohost_port = calloc((size_t)r->n_iohosts, sizeof(*r->iohost_port));
	/* Consolidated devices: as many per IOhost as asked, by default the VMhosts' over the
	 * IOhosts (consolidation moves the devices, it does not shrink them), each as a local one
	 * unless its own keys say otherwise. */
	r->n_iohost_devs = p->iohost_devices ? p->iohost_devices
					     : (p->vmhosts + r->n_iohosts - 1) / r->n_iohosts;
	r->iohost_devs = calloc((size_t)(r->n_iohosts * r->n_iohost_devs), sizeof(*r->iohost_devs));
	if (!r->iohost_h || !r->iohost_port || !r->iohost_devs)
		return rack_fail(r, -ENOMEM, "allocating %d IOhosts with %d block devices each",
				 r->n_iohosts, r->n_iohost_devs);
	double io_lat = p->iohost_dev_latency_us > 0 ? p->iohost_dev_latency_us * 1e-6 : dev_lat;
	double io_bps = p->iohost_dev_gbps > 0 ? p->iohost_dev_gbps * 1e9 : dev_bps;
	int io_qd = p->iohost_dev_queue_depth > 0 ? p->iohost_dev_queue_depth : p->dev_queue_depth;
	for (int i = 0; i < r->n_iohosts; i++) {
		char name[32];
		snprintf(name, sizeof(name), "iohost%d", i);
		r->iohost_h[i] = sg_host_by_name(name);
		if (!r->iohost_h[i])
			return rack_fail(r, -ENOENT, "the platform has no host %s", name);
		r->iohost_port[i].bps = p->iohost_gbps * 1e9; /* 0: the wire's rate */
	}
	for (int d = 0; d < r->n_iohosts * r->n_iohost_devs; d++) {
		if (blockdev_init(&r->iohost_devs[d], io_qd, io_lat, io_bps))
			return rack_fail(r, -ENOMEM, "allocating IOhost block device %d", d);
		r->iohost_devs[d].window_start = p->warmup_s;
		r->iohost_devs[d].window_end = p->duration_s;
	}
	return 0;
}

/* The IOhost of each VM (rack.iohost_assign). */
static void assign_iohosts(struct rack *r)
{
	const struct vs_params *p = r->p;
	int I = r->n_iohosts;
	double load[256] = { 0 };
	for (int i = 0; i < r->n_vcpus; i += p->vcpus_per_vm) {
		struct vcpu *v = &r->vcpus[i];
		int io = 0;
		switch (p->iohost_assign) {
		case ASSIGN_STATIC: /* VMhosts in contiguous blocks */
			io = (int)((long long)v->host * I / p->vmhosts);
			break;
		case ASSIGN_HASHED: { /* the VM's number, mixed */
			uint64_t z = (uint64_t)v->vm * 0x9e3779b97f4a7c15ULL;
			z = (z ^ (z >> 31)) * 0xbf58476d1ce4e5b9ULL;
			io = (int)((z ^ (z >> 29)) % (uint64_t)I);
			break;
		}
		case ASSIGN_LEAST_LOADED: /* the least weight so far; ties to the lowest number */
			for (int k = 1; k < I; k++)
				if (load[k] < load[io])
					io = k;
			load[io] += p->n_vm_load ? p->vm_load[v->host] : 1.0;
			break;
		}
		for (int j = 0; j < p->vcpus_per_vm; j++) {
			struct vcpu *w = &r->vcpus[i + j];
			w->iohost = io;
			w->iohost_port = &r->iohost_port[io];
			w->iohost_dev = &r->iohost_devs[io * r->n_iohost_devs + v->vm % r->n_iohost_devs];
		}
	}
}

/* ---- Shared cores ---- */

/* VMhost @host's scheduler over @cores cores, made on first use. 0 or -ENOMEM. */
static int host_sched(struct rack *r, int host, int cores)
{
	const struct vs_params *p = r->p;
	if (r->vmhost_sched[host])
		return 0;
	static const enum sched_scaling scaling[] = {
		[SCALING_NONE] = SCHED_SCALING_NONE,
		[SCALING_LOG] = SCHED_SCALING_LOG,
		[SCALING_LINEAR] = SCHED_SCALING_LINEAR,
	};
	/* Linux scales its tunables by the machine's online CPUs: all of the VMhost's. */
	struct vs_host vh;
	vs_host(p, host, &vh);
	double f = sched_tunable_factor(scaling[p->sched_scaling], vh.cores);
	struct sched_cfg cfg = { .latency_s = p->sched_latency_us * 1e-6 * f,
				 .min_gran_s = p->sched_min_gran_us * 1e-6 * f,
				 .wakeup_gran_s = p->sched_wakeup_gran_us * 1e-6 * f,
				 .switch_s = p->ctx_switch_cycles / (vh.cpu_ghz * 1e9),
				 .window_start = r->meter.window_start };
	r->vmhost_sched[host] = sched_new(cores, &cfg);
	if (!r->vmhost_sched[host])
		return rack_fail(r, -ENOMEM, "allocating VMhost %d's scheduler", host);
	return 0;
}

int rack_shared_cpu(struct rack *r, struct cpu *c, int host, int slot)
{
	const struct vs_params *p = r->p;
	c->host = r->vmhost_h[host];
	c->shared = true;
	c->thread = NULL;
	if (p->shared_cores != SHARED_CFS)
		return 0;
	int rc = host_sched(r, host, rack_vm_cores(r, host));
	if (rc)
		return rc;
	c->thread = sched_thread_new(r->vmhost_sched[host], slot);
	if (!c->thread)
		return rack_fail(r, -ENOMEM, "allocating VMhost %d's thread %d", host, slot);
	return 0;
}

int rack_spare_cpu(struct rack *r, struct cpu *c, int host, int slot)
{
	const struct vs_params *p = r->p;
	if (r->model->shared_cpu || r->host_queues[host] > rack_vm_cores(r, host))
		return rack_shared_cpu(r, c, host, slot); /* the vCPUs share their cores already */
	c->host = r->vmhost_h[host];
	c->shared = true;
	c->thread = NULL;
	if (p->shared_cores != SHARED_CFS)
		return 0; /* processor sharing on the host's cores, which the vCPUs leave idle */
	struct vs_host vh;
	vs_host(p, host, &vh);
	int spare = vh.cores - r->host_queues[host];
	if (spare < 1)
		return rack_fail(r, -EINVAL, "VMhost %d's vCPUs hold all its %d cores: none is left "
			      "for a vhost thread", host, vh.cores);
	int rc = host_sched(r, host, spare);
	if (rc)
		return rc;
	c->thread = sched_thread_new(r->vmhost_sched[host], slot);
	if (!c->thread)
		return rack_fail(r, -ENOMEM, "allocating VMhost %d's thread %d", host, slot);
	return 0;
}

/* ---- Parked sidecores ---- */

/* The parked core-seconds of the window from the last count up to @t. */
static double park_since(const struct rack *r, double t)
{
	double from = r->parked_mark > r->meter.window_start ? r->parked_mark : r->meter.window_start;
	double to = t < r->meter.window_end ? t : r->meter.window_end;
	return to > from && r->sidecores_parked > 0 ? r->sidecores_parked * (to - from) : 0;
}

static void park_count(struct rack *r, double t)
{
	r->parked_core_s += park_since(r, t);
	if (t > r->parked_mark)
		r->parked_mark = t;
}

void rack_park(struct rack *r, int delta)
{
	park_count(r, vs_now());
	r->sidecores_parked += delta;
	VS_BUG_ON(r->sidecores_parked < 0 || r->sidecores_parked > r->sidecores,
		  "%d of %d sidecores parked", r->sidecores_parked, r->sidecores);
}

double rack_parked_core_s(const struct rack *r)
{
	return r->parked_core_s + park_since(r, r->meter.window_end);
}

/* One guest queue's rings, interrupt line and transport. */
static int build_queue(struct rack *r, struct vcpu *v)
{
	const struct vs_params *p = r->p;
	const struct io_model *m = r->model;
	bool block = r->workload->target == WL_TARGET_BLOCK;
	/* A VF's rings are the NIC's (wire.nic_ring descriptors, no event index); a virtqueue has
	 * rack.queue_size and the negotiated EVENT_IDX. */
	unsigned tx_size = m->vf_tx ? (unsigned)p->nic_ring : (unsigned)p->queue_size;
	unsigned rx_size = m->vf_rx ? (unsigned)p->nic_ring : (unsigned)p->queue_size;
	/* Requests outlive their TX descriptor while their answer is on its way. */
	unsigned pool = 2 * tx_size > 65536 ? 65536 : 2 * tx_size;
	int rc = req_pool_init(&v->pool, pool, v);
	if (!rc)
		rc = vq_init(&v->txq, block ? VQ_BLK : VQ_TX, tx_size, m->vf_tx ? false : p->event_idx,
			     &v->pool);
	/* Network queues receive; so does the vRIO front end, whose block completions come as
	 * messages. */
	if (!rc && (!block || m->buffer_by_message))
		rc = vq_init(&v->rxq, VQ_RX, rx_size, m->vf_rx ? false : p->event_idx, NULL);
	if (rc)
		return rack_fail(r, rc, "allocating guest queue %d's rings (%u and %u descriptors)",
				 v->id, tx_size, rx_size);
	/* Hardware NICs throttle their interrupts (wire.itr_us); virtio-net may coalesce its
	 * notifications (guest.virtio_rx_*). */
	if (m->vf_rx)
		irq_init(&v->irq, &v->inbox, p->itr_us * 1e-6, 0, 0);
	else
		irq_init(&v->irq, &v->inbox, 0, p->virtio_rx_usecs * 1e-6, (unsigned)p->virtio_rx_frames);
	timedq_init(&v->arrivals, &v->inbox);
	timedq_init(&v->txdone, &v->inbox);
	flow_init(&v->flow, r->workload->tcp, p->window_kb * 1024);
	return 0;
}

static int build_guests(struct rack *r)
{
	const struct vs_params *p = r->p;
	const struct io_model *m = r->model;
	r->host_queues = calloc((size_t)p->vmhosts, sizeof(*r->host_queues));
	if (!r->host_queues)
		return rack_fail(r, -ENOMEM, "allocating %d VMhosts' guest counts", p->vmhosts);
	r->n_vcpus = 0;
	for (int h = 0; h < p->vmhosts; h++) {
		struct vs_host vh;
		vs_host(p, h, &vh);
		r->host_queues[h] = vh.vms * p->vcpus_per_vm;
		r->n_vcpus += r->host_queues[h];
		if (r->host_queues[h] > r->max_host_queues)
			r->max_host_queues = r->host_queues[h];
	}
	r->vcpus = calloc((size_t)r->n_vcpus, sizeof(*r->vcpus));
	if (!r->vcpus)
		return rack_fail(r, -ENOMEM, "allocating %d guest queues", r->n_vcpus);
	for (int i = 0, h = 0, slot = 0; i < r->n_vcpus; i++, slot++) {
		if (slot == r->host_queues[h]) {
			h++;
			slot = 0;
		}
		struct vcpu *v = &r->vcpus[i];
		v->id = i;
		v->host = h;
		v->slot = slot;
		v->vm = i / p->vcpus_per_vm;
		v->env = &r->guests;
		v->model = r->model;
		v->cpu = (struct cpu){ .host = r->vmhost_h[h], .hz = sg_host_get_speed(r->vmhost_h[h]),
				       .used_s = r->meter.cpu_used,
				       .busy_s = &v->busy_s, .host_busy_s = &r->host_busy_s[h],
				       .window_start = r->meter.window_start };
		bool oversubscribed = r->host_queues[h] > rack_vm_cores(r, h);
		int rc = m->shared_cpu || oversubscribed ? rack_shared_cpu(r, &v->cpu, h, slot) : 0;
		if (rc)
			return rc;
		inbox_init(&v->inbox);
		rc = build_queue(r, v);
		if (rc)
			return rc;
		v->rng = rng_stream(p->seed, (uint64_t)p->replication, (uint64_t)i + 1);
		v->port = &r->vmhost_port[h];
		v->peer_port = &r->client_port[v->vm % r->n_clients];
		v->dev = &r->vmhost_dev[h];
		wl_start(v);
	}
	assign_iohosts(r);
	return 0;
}

int rack_build(struct rack *r)
{
	const struct vs_params *p = r->p;
	int rc = build_hosts(r);
	if (!rc)
		rc = build_guests(r);
	if (!rc && r->model->setup)
		rc = r->model->setup(r);
	(void)p;
	return rc;
}

void rack_free(struct rack *r)
{
	if (r->model->teardown)
		r->model->teardown(r);
	for (int i = 0; r->vcpus && i < r->n_vcpus; i++) {
		vq_free(&r->vcpus[i].txq);
		vq_free(&r->vcpus[i].rxq);
		req_pool_free(&r->vcpus[i].pool);
		if (r->vcpus[i].rng)
			gsl_rng_free(r->vcpus[i].rng);
	}
	free(r->vcpus);
	for (int h = 0; r->vmhost_dev && h < r->p->vmhosts; h++)
		blockdev_free(&r->vmhost_dev[h]);
	for (int d = 0; r->iohost_devs && d < r->n_iohosts * r->n_iohost_devs; d++)
		blockdev_free(&r->iohost_devs[d]);
	free(r->iohost_devs);
	pkt_pool_free(&r->pkts);
	for (int h = 0; r->vmhost_port && h < r->p->vmhosts; h++)
		wire_port_free(&r->vmhost_port[h]);
	for (int c = 0; r->client_port && c < r->n_clients; c++)
		wire_port_free(&r->client_port[c]);
	for (int i = 0; r->iohost_port && i < r->n_iohosts; i++)
		wire_port_free(&r->iohost_port[i]);
	free(r->iohost_port);
	free(r->iohost_h);
	for (int h = 0; r->vmhost_sched && h < r->p->vmhosts; h++)
		sched_free(r->vmhost_sched[h]);
	free(r->vmhost_sched);
	free(r->vmhost_h);
	free(r->vmhost_port);
	free(r->client_port);
	free(r->vmhost_dev);
	free(r->host_busy_s);
	free(r->host_queues);
	meter_free(&r->meter);
	free(r);
}
