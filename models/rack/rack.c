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
	r->host_busy_s = calloc((size_t)p->vmhosts, sizeof(*r->host_busy_s));
	if (!r->vmhost_h || !r->vmhost_port || !r->client_port || !r->vmhost_dev || !r->host_busy_s)
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
	}
	r->iohost_port.bps = p->iohost_gbps * 1e9; /* 0: the wire's rate */
	r->iohost_h = sg_host_by_name("iohost");
	if (!r->iohost_h)
		return rack_fail(r, -ENOENT, "the platform has no host iohost");
	/* Consolidated devices: as many as asked (one per VMhost by default), each as a local one
	 * unless its own keys say otherwise. */
	r->n_iohost_devs = p->iohost_devices ? p->iohost_devices : p->vmhosts;
	r->iohost_devs = calloc((size_t)r->n_iohost_devs, sizeof(*r->iohost_devs));
	if (!r->iohost_devs)
		return rack_fail(r, -ENOMEM, "allocating %d IOhost block devices", r->n_iohost_devs);
	double io_lat = p->iohost_dev_latency_us > 0 ? p->iohost_dev_latency_us * 1e-6 : dev_lat;
	double io_bps = p->iohost_dev_gbps > 0 ? p->iohost_dev_gbps * 1e9 : dev_bps;
	int io_qd = p->iohost_dev_queue_depth > 0 ? p->iohost_dev_queue_depth : p->dev_queue_depth;
	for (int d = 0; d < r->n_iohost_devs; d++) {
		if (blockdev_init(&r->iohost_devs[d], io_qd, io_lat, io_bps))
			return rack_fail(r, -ENOMEM, "allocating IOhost block device %d", d);
		r->iohost_devs[d].window_start = p->warmup_s;
		r->iohost_devs[d].window_end = p->duration_s;
	}
	return 0;
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
	int per_host = p->vms_per_vmhost * p->vcpus_per_vm;
	r->n_vcpus = p->vmhosts * per_host;
	r->vcpus = calloc((size_t)r->n_vcpus, sizeof(*r->vcpus));
	if (!r->vcpus)
		return rack_fail(r, -ENOMEM, "allocating %d guest queues", r->n_vcpus);
	bool oversubscribed = per_host > m->vm_cores(p);
	for (int i = 0; i < r->n_vcpus; i++) {
		struct vcpu *v = &r->vcpus[i];
		v->id = i;
		v->host = i / per_host;
		v->vm = i / p->vcpus_per_vm;
		v->env = &r->guests;
		v->cpu = (struct cpu){ .host = r->vmhost_h[v->host],
				       .shared = m->shared_cpu || oversubscribed,
				       .hz = r->hz, .used_s = r->meter.cpu_used,
				       .busy_s = &v->busy_s, .host_busy_s = &r->host_busy_s[v->host],
				       .window_start = r->meter.window_start };
		inbox_init(&v->inbox);
		int rc = build_queue(r, v);
		if (rc)
			return rc;
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
		vq_free(&r->vcpus[i].txq);
		vq_free(&r->vcpus[i].rxq);
		req_pool_free(&r->vcpus[i].pool);
		if (r->vcpus[i].rng)
			gsl_rng_free(r->vcpus[i].rng);
	}
	free(r->vcpus);
	for (int h = 0; r->vmhost_dev && h < r->p->vmhosts; h++)
		blockdev_free(&r->vmhost_dev[h]);
	for (int d = 0; r->iohost_devs && d < r->n_iohost_devs; d++)
		blockdev_free(&r->iohost_devs[d]);
	free(r->iohost_devs);
	pkt_pool_free(&r->pkts);
	for (int h = 0; r->vmhost_port && h < r->p->vmhosts; h++)
		wire_port_free(&r->vmhost_port[h]);
	for (int c = 0; r->client_port && c < r->n_clients; c++)
		wire_port_free(&r->client_port[c]);
	wire_port_free(&r->iohost_port);
	free(r->vmhost_h);
	free(r->vmhost_port);
	free(r->client_port);
	free(r->vmhost_dev);
	free(r->host_busy_s);
	meter_free(&r->meter);
	free(r);
}

/* ---- Running and checking ---- */

/* Samples the requests in flight across the measured window (the stability check). */
static void sampler_main(int argc, char **argv)
{
	struct rack *r = sg_actor_self_get_data();
	struct meter *m = &r->meter;
	sg_actor_daemonize(sg_actor_self());
	double span = (m->window_end - m->window_start) / (METER_SAMPLES - 1);
	for (int i = 0; i < METER_SAMPLES; i++) {
		double t = m->window_start + i * span, now = simgrid_get_clock();
		if (i == METER_SAMPLES - 1)
			t -= span * 1e-3; /* the run stops at the window's end */
		if (t > now)
			sg_actor_sleep_for(t - now);
		meter_sample(m);
	}
}

static void start_sampler(struct rack *r)
{
	sg_actor_t a = sg_actor_init("sampler", r->iohost_h);
	sg_actor_set_data(a, r);
	sg_actor_start_(a, sampler_main, 0, NULL);
}

/* The busiest resource of each kind, in the window. */
static void utilisation(const struct rack *r, double window, double *u)
{
	const struct vs_params *p = r->p;
	for (int k = 0; k < UTIL_COUNT; k++)
		u[k] = 0;
#define MAXU(k, x) do { double x_ = (x); if (x_ > u[k]) u[k] = x_; } while (0)
	for (int i = 0; i < r->n_vcpus; i++)
		MAXU(UTIL_VCPU, r->vcpus[i].busy_s / window);
	int vm_cores = r->model->vm_cores(p);
	for (int h = 0; h < p->vmhosts; h++) {
		MAXU(UTIL_VMHOST_CORES, r->host_busy_s[h] / (vm_cores * window));
		MAXU(UTIL_VMHOST_PORT_TX, r->vmhost_port[h].up.busy_s / window);
		MAXU(UTIL_VMHOST_PORT_RX, r->vmhost_port[h].down.busy_s / window);
		MAXU(UTIL_BLOCKDEV, r->vmhost_dev[h].busy_s / (r->vmhost_dev[h].qd * window));
	}
	for (int s = 0; r->sidecore_busy_s && s < r->sidecores; s++)
		MAXU(UTIL_SIDECORE, r->sidecore_busy_s[s] / window);
	MAXU(UTIL_IOHOST_PORT_TX, r->iohost_port.up.busy_s / window);
	MAXU(UTIL_IOHOST_PORT_RX, r->iohost_port.down.busy_s / window);
	for (int c = 0; c < r->n_clients; c++) {
		MAXU(UTIL_CLIENT_PORT_TX, r->client_port[c].up.busy_s / window);
		MAXU(UTIL_CLIENT_PORT_RX, r->client_port[c].down.busy_s / window);
	}
	for (int d = 0; d < r->n_iohost_devs; d++)
		MAXU(UTIL_BLOCKDEV, r->iohost_devs[d].busy_s / (r->iohost_devs[d].qd * window));
#undef MAXU
}

/* Jain's fairness index of the VMs' completions in the window (VMs of weight 0 aside). */
static double fairness(const struct rack *r)
{
	const struct vs_params *p = r->p;
	double sum = 0, sq = 0;
	int n = 0;
	for (int i = 0; i < r->n_vcpus; i += p->vcpus_per_vm) {
		if (p->n_vm_load && p->vm_load[r->vcpus[i].host] <= 0)
			continue;
		double x = 0;
		for (int j = 0; j < p->vcpus_per_vm; j++)
			x += (double)r->vcpus[i + j].w_done;
		sum += x;
		sq += x * x;
		n++;
	}
	return n && sq > 0 ? sum * sum / (n * sq) : 1;
}

/* What the configuration buys and how busy its servers' cores are (the cost metrics). */
static struct cost_shape shape(const struct rack *r, double window)
{
	const struct vs_params *p = r->p;
	bool block = r->workload->target == WL_TARGET_BLOCK;
	bool dev_iohost = p->dev_placement == PLACE_IOHOST || r->model->device_at_iohost;
	struct cost_shape s = { .iohost = r->model->iohost || (block && dev_iohost) };
	if (block)
		s.devices = dev_iohost ? r->n_iohost_devs : p->vmhosts;
	for (int h = 0; h < p->vmhosts; h++)
		s.vmhost_busy_cores += r->host_busy_s[h] / window;
	/* Spinning cores are busy: halt polling, and the polling cores wherever they are. */
	s.vmhost_busy_cores += r->meter.cpu_used[CPU_HALT_POLL] / window;
	if (r->model->iohost)
		s.iohost_busy_cores = r->sidecores;
	else
		s.vmhost_busy_cores += r->sidecores;
	return s;
}

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
		.fairness = fairness(r),
	};
	utilisation(r, c.window, c.util);
	c.shape = shape(r, c.window);
	metrics_compute(&c, res);
	/* samples_summarise sorted them: the distribution at the documented quantiles */
	for (int i = 0; i < VS_CDF_POINTS && s.n; i++)
		res->cdf_us[i] = stats_quantile_sorted(r->meter.latency.v, s.n, vs_cdf_q[i]) * 1e6;
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
	else if (m->issued != m->completed + m->dropped + m->lost + inflight)
		snprintf(res->error, sizeof(res->error),
			 "conservation failed: issued %llu != completed %llu + dropped %llu + lost %llu + "
			 "in flight %llu",
			 (unsigned long long)m->issued, (unsigned long long)m->completed,
			 (unsigned long long)m->dropped, (unsigned long long)m->lost,
			 (unsigned long long)inflight);
	else if (faults)
		snprintf(res->error, sizeof(res->error), "%llu malformed ring entries",
			 (unsigned long long)faults);
	else if (m->completed == 0 && m->issued > 0)
		snprintf(res->error, sizeof(res->error), "no request completed in %.3f s", end);
	else if (m->error)
		snprintf(res->error, sizeof(res->error), "keeping latency samples: %s",
			 strerror(-m->error));
}

int rack_run(const struct vs_params *p, struct vs_results *res, const struct vs_observer *obs)
{
	memset(res, 0, sizeof(*res));
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
	meter_init(&r->meter, p->warmup_s, p->duration_s);
	pkt_pool_init(&r->pkts);
	bool block = r->workload->target == WL_TARGET_BLOCK;
	snprintf(r->path, sizeof(r->path), r->model->path,
		 block ? (p->dev_placement == PLACE_IOHOST || r->model->device_at_iohost
				  ? "iohost-blockdev" : "blockdev")
		       : "peer");
	r->wire = (struct wire_cfg){ .bps = p->gbps * 1e9, .mtu = p->mtu,
				     .nic_s = p->nic_latency_us * 1e-6,
				     .switch_s = p->switch_latency_us * 1e-6,
				     .prop_s = p->propagation_us * 1e-6,
				     /* a NIC's transmit ring of full-sized frames */
				     .tx_limit_bytes = (double)p->nic_ring * (p->mtu + WIRE_FRAME_OVERHEAD),
				     .switch_limit_bytes = p->switch_buffer_kb * 1024,
				     .window_start = p->warmup_s, .window_end = p->duration_s };
	r->guests = (struct guest_env){
		.p = p,
		.model = r->model,
		.wl = r->workload,
		.meter = &r->meter,
		.observer = obs,
		.path = r->path,
		.virt = r->model->virtualized ? p->virt_overhead : 1.0,
		.pkts = &r->pkts,
		.rack = r,
	};
	int rc = build(r);
	r->devices = (struct devices){ .p = p, .wire = &r->wire, .block = block,
				       .iohost_port = &r->iohost_port, .iohost_devs = r->iohost_devs,
				       .n_iohost_devs = r->n_iohost_devs, .pkts = &r->pkts,
				       .meter = &r->meter };
	if (rc) {
		snprintf(res->error, sizeof(res->error), "cannot build the rack: %s", r->error);
		rack_free(r);
		return -1;
	}
	for (int i = 0; i < r->n_vcpus; i++)
		guest_start(&r->vcpus[i], r->vmhost_h[r->vcpus[i].host]);
	start_sampler(r);
	simgrid_run_until(p->duration_s);

	double end = simgrid_get_clock();
	uint64_t inflight = 0, faults = 0;
	for (int i = 0; i < r->n_vcpus; i++) {
		inflight += (uint64_t)r->vcpus[i].inflight;
		faults += vring_device_faults(&r->vcpus[i].txq.dev);
		if (r->vcpus[i].rxq.mem)
			faults += vring_device_faults(&r->vcpus[i].rxq.dev);
	}
	measure(r, res, inflight);
	check_run(r, res, end, inflight, faults);
	rack_free(r);
	return res->error[0] ? -1 : 0;
}
