/*
 * rack — build the rack for one I/O model, run it, check it, and name what was measured.
 */
#include "rack.h"

#include <math.h>
#include <simgrid/actor.h>
#include <simgrid/engine.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "guest.h"
#include "io_model.h"
#include "rng.h"
#include "workload.h"

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

static int build(struct rack *r)
{
	const struct vs_params *p = r->p;
	const struct io_model *m = r->model;
	int per_host = p->vms_per_vmhost * p->vcpus_per_vm;
	r->n_vcpus = p->vmhosts * per_host;
	r->vcpus = calloc((size_t)r->n_vcpus, sizeof(*r->vcpus));
	r->vmhost_h = calloc((size_t)p->vmhosts, sizeof(*r->vmhost_h));
	r->vmhost_port = calloc((size_t)p->vmhosts, sizeof(*r->vmhost_port));
	r->client_port = calloc((size_t)(p->clients > 0 ? p->clients : 1), sizeof(*r->client_port));
	r->vmhost_dev = calloc((size_t)p->vmhosts, sizeof(*r->vmhost_dev));
	if (!r->vcpus || !r->vmhost_h || !r->vmhost_port || !r->client_port || !r->vmhost_dev)
		return -1;
	double dev_lat = p->dev_latency_us * 1e-6, dev_bps = p->dev_gbps * 1e9;
	for (int h = 0; h < p->vmhosts; h++) {
		char name[32];
		snprintf(name, sizeof(name), "vmhost%d", h);
		r->vmhost_h[h] = sg_host_by_name(name);
		if (!r->vmhost_h[h] || blockdev_init(&r->vmhost_dev[h], p->dev_queue_depth, dev_lat, dev_bps))
			return -1;
	}
	r->iohost_port.bps = p->iohost_gbps * 1e9; /* 0: the wire's rate */
	r->iohost_h = sg_host_by_name("iohost");
	if (!r->iohost_h || blockdev_init(&r->iohost_dev, p->dev_queue_depth, dev_lat, dev_bps))
		return -1;
	r->peer_rng = NULL;
	bool oversubscribed = per_host > m->vm_cores(p);
	bool block = p->workload == WL_BLOCK;
	for (int i = 0; i < r->n_vcpus; i++) {
		struct vcpu *v = &r->vcpus[i];
		v->id = i;
		v->host = i / per_host;
		v->vm = i / p->vcpus_per_vm;
		v->rack = r;
		v->cpu = (struct cpu){ .host = r->vmhost_h[v->host],
				       .shared = m->shared_cpu || oversubscribed,
				       .hz = r->hz, .used_s = r->cpu_used,
				       .window_start = r->window_start };
		inbox_init(&v->inbox);
		timedq_init(&v->rxq, &v->inbox);
		if (vq_init(&v->vq, (unsigned)p->queue_size, p->event_idx, block, v))
			return -1;
		v->rng = rng_stream(p->seed, (uint64_t)p->replication, (uint64_t)i + 1);
		v->port = &r->vmhost_port[v->host];
		v->peer_port = &r->client_port[v->vm % (p->clients > 0 ? p->clients : 1)];
		v->dev = &r->vmhost_dev[v->host];
		wl_init(v);
	}
	return m->setup(r);
}

static void add(struct vs_results *res, const char *name, double value, const char *unit)
{
	if (res->n < VS_MAX_METRICS)
		res->m[res->n++] = (struct vs_metric){ name, value, unit };
}

static void emit(struct rack *r, struct vs_results *res, uint64_t inflight_end)
{
	const struct vs_params *p = r->p;
	double window = p->duration_s - p->warmup_s;
	struct summary s;
	samples_summarise(&r->latency, &s);
	int vm_cores = p->vmhosts * r->model->vm_cores(p);
	double sc_cores = r->sidecores;
	add(res, "throughput_rps", r->c.w_completed / window, "req/s");
	add(res, "throughput_gbps", r->c.w_bytes * 8 / window / 1e9, "Gb/s");
	add(res, "latency_mean_us", s.mean * 1e6, "us");
	add(res, "latency_p50_us", s.p50 * 1e6, "us");
	add(res, "latency_p99_us", s.p99 * 1e6, "us");
	add(res, "latency_p999_us", s.p999 * 1e6, "us");
	add(res, "exits_per_s", r->c.w_exits / window, "1/s");
	add(res, "kicks_per_s", r->c.w_kicks / window, "1/s");
	add(res, "interrupts_per_s", r->c.w_interrupts / window, "1/s");
	add(res, "sidecore_busy", sc_cores ? r->io_busy_s / (sc_cores * window) : 0, "fraction");
	add(res, "sidecore_cpu", sc_cores ? 1.0 : 0.0, "fraction");
	add(res, "vm_core_util",
	    (r->cpu_used[CPU_GUEST] + r->cpu_used[CPU_EXIT]) / (vm_cores * window), "fraction");
	add(res, "io_cores", r->io_cores, "cores");
	add(res, "cpu_guest_cores", r->cpu_used[CPU_GUEST] / window, "cores");
	add(res, "cpu_exit_cores", r->cpu_used[CPU_EXIT] / window, "cores");
	add(res, "cpu_io_cores", r->cpu_used[CPU_IO] / window, "cores");
	add(res, "cpu_poll_cores", sc_cores - r->cpu_used[CPU_IO] * (sc_cores > 0) / window, "cores");
	add(res, "requests_issued", (double)r->c.issued, "requests");
	add(res, "requests_completed", (double)r->c.completed, "requests");
	add(res, "requests_dropped", (double)r->c.dropped, "requests");
	add(res, "requests_inflight_end", (double)inflight_end, "requests");
}

int rack_run(const struct vs_params *p, struct vs_results *res, const struct rack_observer *obs)
{
	memset(res, 0, sizeof(*res));
	struct rack *r = calloc(1, sizeof(*r));
	if (!r) {
		snprintf(res->error, sizeof(res->error), "out of memory");
		return -1;
	}
	r->p = p;
	r->model = io_model_get(p->kind);
	r->hz = p->cpu_ghz * 1e9;
	r->window_start = p->warmup_s;
	r->observer = obs;
	snprintf(r->path, sizeof(r->path), r->model->path,
		 p->workload == WL_BLOCK ? (p->dev_placement == PLACE_IOHOST || p->kind == VS_VRIO
						    ? "iohost-blockdev" : "blockdev")
					 : "peer");
	r->wire = (struct wire_cfg){ .bps = p->gbps * 1e9, .mtu = p->mtu,
				     .nic_s = p->nic_latency_us * 1e-6,
				     .switch_s = p->switch_latency_us * 1e-6,
				     .prop_s = p->propagation_us * 1e-6 };
	if (build(r)) {
		snprintf(res->error, sizeof(res->error), "cannot build the rack (out of memory?)");
		return -1;
	}
	for (int i = 0; i < r->n_vcpus; i++)
		guest_start(&r->vcpus[i]);
	simgrid_run_until(p->duration_s);

	double end = simgrid_get_clock();
	uint64_t inflight = 0, faults = 0;
	for (int i = 0; i < r->n_vcpus; i++) {
		inflight += r->vcpus[i].vq.size - r->vcpus[i].vq.n_free;
		faults += vring_device_faults(&r->vcpus[i].vq.dev);
	}
	emit(r, res, inflight);
	/* SimGrid reports a deadlock by returning early with status 0: trust our own clock and
	 * counters instead. */
	if (end < p->duration_s * (1 - 1e-12))
		snprintf(res->error, sizeof(res->error),
			 "simulation stalled at t=%.9f s of %.9f s (deadlock)", end, p->duration_s);
	else if (r->c.issued != r->c.completed + r->c.dropped + inflight)
		snprintf(res->error, sizeof(res->error),
			 "conservation failed: issued %llu != completed %llu + dropped %llu + in flight %llu",
			 (unsigned long long)r->c.issued, (unsigned long long)r->c.completed,
			 (unsigned long long)r->c.dropped, (unsigned long long)inflight);
	else if (faults)
		snprintf(res->error, sizeof(res->error), "%llu malformed ring entries",
			 (unsigned long long)faults);
	else if (r->c.completed == 0 && r->c.issued > 0)
		snprintf(res->error, sizeof(res->error), "no request completed in %.3f s", end);
	return res->error[0] ? -1 : 0;
}
