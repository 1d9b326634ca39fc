/*
 * rack — build the rack for one I/O model, run it, check it, and measure it.
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

void rack_platform_xml(const struct vs_params *p, FILE *out)
{
	const struct io_model *m = io_model_get(p->kind);
	double hz = p->cpu_ghz * 1e9;
	fprintf(out, "<?xml version='1.0'?>\n"
		     "<!DOCTYPE platform SYSTEM \"https://simgrid.org/simgrid.dtd\">\n"
		     "<platform version=\"4.1\">\n<zone id=\"rack\" routing=\"None\">\n");
	/* The VMhost hosts only the cores its guests (and, under trap, its vhost threads) share;
	 * sidecores are dedicated and modelled outside the sharing. */
	for (int h = 0; h < p->vmhosts; h++)
		fprintf(out, "  <host id=\"vmhost%d\" speed=\"%.17gf\" core=\"%d\"/>\n", h, hz,
			m->vm_cores(p));
	fprintf(out, "  <host id=\"iohost\" speed=\"%.17gf\" core=\"%d\"/>\n", hz,
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
	if (!r->vmhost_h || !r->vmhost_port || !r->client_port || !r->vmhost_dev)
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
	}
	r->iohost_port.bps = p->iohost_gbps * 1e9; /* 0: the wire's rate */
	r->iohost_h = sg_host_by_name("iohost");
	if (!r->iohost_h)
		return rack_fail(r, -ENOENT, "the platform has no host iohost");
	if (blockdev_init(&r->iohost_dev, p->dev_queue_depth, dev_lat, dev_bps))
		return rack_fail(r, -ENOMEM, "allocating the IOhost's block device");
	return 0;
}

static int build_guests(struct rack *r)
{
	const struct vs_params *p = r->p;
	const struct io_model *m = r->model;
	int per_host = p->vms_per_vmhost * p->vcpus_per_vm;
	r->n_vcpus = p->vmhosts * per_host;
	r->vcpus = calloc((size_t)r->n_vcpus, sizeof(*r->vcpus));
	if (!r->vcpus)
		return rack_fail(r, -ENOMEM, "allocating %d guest queues", r->n_vcpus);
	bool oversubscribed = per_host > m->vm_cores(p);
	bool block = r->workload->target == WL_TARGET_BLOCK;
	for (int i = 0; i < r->n_vcpus; i++) {
		struct vcpu *v = &r->vcpus[i];
		v->id = i;
		v->host = i / per_host;
		v->vm = i / p->vcpus_per_vm;
		v->env = &r->guests;
		v->cpu = (struct cpu){ .host = r->vmhost_h[v->host],
				       .shared = m->shared_cpu || oversubscribed,
				       .hz = r->hz, .used_s = r->meter.cpu_used,
				       .window_start = r->meter.window_start };
		inbox_init(&v->inbox);
		timedq_init(&v->rxq, &v->inbox);
		int rc = vq_init(&v->vq, (unsigned)p->queue_size, p->event_idx, block, v);
		if (rc)
			return rack_fail(r, rc, "allocating guest queue %d's ring of %d descriptors", i,
					 p->queue_size);
		v->rng = rng_stream(p->seed, (uint64_t)p->replication, (uint64_t)i + 1);
		v->port = &r->vmhost_port[v->host];
		v->peer_port = &r->client_port[v->vm % r->n_clients];
		v->dev = &r->vmhost_dev[v->host];
		wl_start(v);
	}
	return 0;
}

static int build(struct rack *r)
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

static void rack_free(struct rack *r)
{
	if (r->model->teardown)
		r->model->teardown(r);
	for (int i = 0; r->vcpus && i < r->n_vcpus; i++) {
		vq_free(&r->vcpus[i].vq);
		if (r->vcpus[i].rng)
			gsl_rng_free(r->vcpus[i].rng);
	}
	free(r->vcpus);
	for (int h = 0; r->vmhost_dev && h < r->p->vmhosts; h++)
		blockdev_free(&r->vmhost_dev[h]);
	blockdev_free(&r->iohost_dev);
	for (int h = 0; r->vmhost_port && h < r->p->vmhosts; h++)
		wire_port_free(&r->vmhost_port[h]);
	for (int c = 0; r->client_port && c < r->n_clients; c++)
		wire_port_free(&r->client_port[c]);
	wire_port_free(&r->iohost_port);
	free(r->vmhost_h);
	free(r->vmhost_port);
	free(r->client_port);
	free(r->vmhost_dev);
	meter_free(&r->meter);
	free(r);
}

/* ---- Running and checking ---- */

static void measure(struct rack *r, struct vs_results *res, uint64_t inflight_end)
{
	const struct vs_params *p = r->p;
	struct summary s;
	samples_summarise(&r->meter.latency, &s);
	struct metric_ctx c = {
		.p = p,
		.m = &r->meter,
		.latency = &s,
		.window = p->duration_s - p->warmup_s,
		.vm_cores = p->vmhosts * r->model->vm_cores(p),
		.sidecores = r->sidecores,
		.io_cores = r->io_cores,
		.inflight_end = inflight_end,
	};
	metrics_compute(&c, res);
}

/* Why the run cannot be trusted, in res->error (empty if it can). */
static void check_run(struct rack *r, struct vs_results *res, double end, uint64_t inflight,
		      uint64_t faults)
{
	const struct vs_params *p = r->p;
	const struct meter *m = &r->meter;
	/* SimGrid reports a deadlock by returning early with status 0: trust our own clock and
	 * counters instead. */
	if (end < p->duration_s * (1 - 1e-12))
		snprintf(res->error, sizeof(res->error),
			 "simulation stalled at t=%.9f s of %.9f s (deadlock)", end, p->duration_s);
	else if (m->issued != m->completed + m->dropped + inflight)
		snprintf(res->error, sizeof(res->error),
			 "conservation failed: issued %llu != completed %llu + dropped %llu + in flight %llu",
			 (unsigned long long)m->issued, (unsigned long long)m->completed,
			 (unsigned long long)m->dropped, (unsigned long long)inflight);
	else if (faults)
		snprintf(res->error, sizeof(res->error), "%llu malformed ring entries",
			 (unsigned long long)faults);
	else if (m->completed == 0 && m->issued > 0)
		snprintf(res->error, sizeof(res->error), "no request completed in %.3f s", end);
	else if (m->error)
		snprintf(res->error, sizeof(res->error), "keeping latency samples: %s",
			 strerror(-m->error));
}

/* How far the run is, told from the completions: stopping SimGrid in slices to look at its
 * clock would change the run (a deadline is an instant its models are updated at: the last
 * digits of a latency move), watching completions go by changes nothing. */
struct progress_tap {
	const struct vs_observer *user;  /* who wants completions and/or progress */
	struct vs_observer obs;          /* what the guests call */
	double next;                     /* simulated time of the next report */
	double step;                     /* a hundredth of the run */
};

static void tap_done(void *ctx, const struct vs_completion *c)
{
	struct progress_tap *t = ctx;
	if (t->user->done)
		t->user->done(t->user->ctx, c);
	if (c->t_done >= t->next) {
		t->user->progress(t->user->ctx, c->t_done);
		t->next = c->t_done + t->step;
	}
}

/* The observer the guests get: @obs itself, the tap when it wants progress, or NULL. */
static const struct vs_observer *watch_completions(struct progress_tap *t,
						   const struct vs_observer *obs)
{
	if (!obs || !obs->progress)
		return obs && obs->done ? obs : NULL;
	t->user = obs;
	t->obs = (struct vs_observer){ .done = tap_done, .ctx = t };
	return &t->obs;
}

int rack_run(const struct vs_params *p, struct vs_results *res, const struct vs_observer *obs)
{
	memset(res, 0, sizeof(*res));
	struct progress_tap tap = { .next = 0, .step = p->duration_s / 100 };
	struct rack *r = calloc(1, sizeof(*r));
	if (!r) {
		snprintf(res->error, sizeof(res->error), "allocating the rack: %s", strerror(ENOMEM));
		return -1;
	}
	r->p = p;
	r->model = io_model_get(p->kind);
	r->workload = workload_get(p->workload);
	VS_BUG_ON(!r->model || !r->workload, "model %d or workload %d out of range", p->kind,
		  p->workload);
	r->hz = p->cpu_ghz * 1e9;
	meter_init(&r->meter, p->warmup_s);
	bool block = r->workload->target == WL_TARGET_BLOCK;
	snprintf(r->path, sizeof(r->path), r->model->path,
		 block ? (p->dev_placement == PLACE_IOHOST || r->model->device_at_iohost
				  ? "iohost-blockdev" : "blockdev")
		       : "peer");
	r->wire = (struct wire_cfg){ .bps = p->gbps * 1e9, .mtu = p->mtu,
				     .nic_s = p->nic_latency_us * 1e-6,
				     .switch_s = p->switch_latency_us * 1e-6,
				     .prop_s = p->propagation_us * 1e-6 };
	r->guests = (struct guest_env){
		.p = p,
		.model = r->model,
		.wl = r->workload,
		.meter = &r->meter,
		.observer = watch_completions(&tap, obs),
		.path = r->path,
		.virt = r->model->virtualized ? p->virt_overhead : 1.0,
		.rack = r,
	};
	r->devices = (struct devices){ .p = p, .wire = &r->wire, .block = block,
				       .iohost_port = &r->iohost_port, .iohost_dev = &r->iohost_dev };
	if (build(r)) {
		snprintf(res->error, sizeof(res->error), "cannot build the rack: %s", r->error);
		rack_free(r);
		return -1;
	}
	for (int i = 0; i < r->n_vcpus; i++)
		guest_start(&r->vcpus[i], r->vmhost_h[r->vcpus[i].host]);
	simgrid_run_until(p->duration_s);

	double end = simgrid_get_clock();
	uint64_t inflight = 0, faults = 0;
	for (int i = 0; i < r->n_vcpus; i++) {
		inflight += r->vcpus[i].vq.size - r->vcpus[i].vq.n_free;
		faults += vring_device_faults(&r->vcpus[i].vq.dev);
	}
	measure(r, res, inflight);
	check_run(r, res, end, inflight, faults);
	rack_free(r);
	return res->error[0] ? -1 : 0;
}
