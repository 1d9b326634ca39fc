/*
 * run — simulate the rack built for one I/O model, then check the run and measure it.
 */
#include "run.h"

#include <errno.h>
#include <math.h>
#include <simgrid/actor.h>
#include <simgrid/engine.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bug.h"
#include "dsort.h"
#include "fault.h"
#include "guest.h"
#include "io_model.h"
#include "metrics.h"
#include "rack.h"
#include "rng.h"
#include "sched.h"
#include "workload.h"
#include "vclock.h"


/* ---- Running and checking ---- */

/* The time series' running totals at the previous interval's end. */
struct series_mark {
	uint64_t completed, drops;
	double bytes, vm_busy, sc_busy;
	size_t samples;
};

static struct series_mark series_mark(const struct rack *r)
{
	const struct meter *m = &r->meter;
	struct series_mark k = { m->w_completed, 0, m->w_bytes, 0, 0, m->latency.n };
	for (int d = 0; d < DROP_PLACES; d++)
		k.drops += m->w_drops[d];
	for (int h = 0; h < r->p->vmhosts; h++)
		k.vm_busy += r->host_busy_s[h];
	for (int c = 0; r->sidecore_busy_s && c < r->sidecores; c++)
		k.sc_busy += r->sidecore_busy_s[c];
	return k;
}

/* Quantile @q of the latency samples taken since @from (sorted in a scratch copy). */
static double interval_quantile(const struct rack *r, size_t from, double q, double *scratch)
{
	const struct samples *s = &r->meter.latency;
	size_t n = s->n - from;
	if (!n || !scratch)
		return 0;
	memcpy(scratch, s->v + from, n * sizeof(double));
	dsort(scratch, n);
	return stats_quantile_sorted(scratch, n, q);
}

/* The VM cores of every VMhost. */
static int total_vm_cores(const struct rack *r)
{
	int n = 0;
	for (int h = 0; h < r->p->vmhosts; h++)
		n += rack_vm_cores(r, h);
	return n;
}

/* Work whose accounting a vCPU deferred to its end (cpu_defer), if that end has passed: before
 * anything reads the CPU accounts. */
static void settle_cpus(struct rack *r)
{
	double now = vs_now();
	for (int i = 0; i < r->n_vcpus; i++)
		cpu_settle(&r->vcpus[i].cpu, now);
}

/* Before anything reads the counters or the CPU accounts: no vCPU may have run ahead of the
 * clock past now (guest/ahead.h), or the reader would see what has not happened yet. */
static void check_none_ahead(const struct rack *r)
{
	if (!VS_DEBUG)
		return;
	double now = vs_now();
	for (int i = 0; i < r->n_vcpus; i++)
		VS_BUG_ON(r->vcpus[i].ahead > now, "guest %d ran ahead to %.9f past a reader at %.9f",
			  i, r->vcpus[i].ahead, now);
}

/* One interval of the time series, ending now. */
static void series_row(struct rack *r, struct series_mark *prev, double span)
{
	settle_cpus(r);
	struct series_mark k = series_mark(r);
	size_t n = k.samples - prev->samples;
	double *scratch = n ? malloc(n * sizeof(double)) : NULL;
	int vm_cores = total_vm_cores(r);
	struct vs_series row = {
		.t_s = vs_now(),
		.throughput_rps = (k.completed - prev->completed) / span,
		.throughput_gbps = (k.bytes - prev->bytes) * 8 / span / 1e9,
		.latency_p50_us = interval_quantile(r, prev->samples, 0.50, scratch) * 1e6,
		.latency_p99_us = interval_quantile(r, prev->samples, 0.99, scratch) * 1e6,
		.inflight = (double)meter_inflight(&r->meter),
		.drops = (double)(k.drops - prev->drops),
		.util_vm_cores = (k.vm_busy - prev->vm_busy) / (vm_cores * span),
		.util_sidecores = r->sidecores ? (k.sc_busy - prev->sc_busy) / (r->sidecores * span) : 0,
		.active_sidecores = r->sidecores - r->sidecores_out - r->sidecores_parked,
		.trap_queues = r->trap_queues,
	};
	free(scratch);
	r->observer->series(r->observer->ctx, &row);
	*prev = k;
}

/* Samples the requests in flight across the measured window (the stability check) and, with
 * run.series_ms, reports the time series. Each sample is taken in the engine as its time
 * comes (vs_run_at), before any other actor due at that instant acts: an interval ending at t
 * reports what happened before t (a fault at t shows in the next one). */
struct sampler {
	struct rack *r;
	double span, step;
	int i, rows;  /* samples taken, series rows written */
	double at;    /* the time of the next sample or row */
	struct series_mark prev;
};

/* Sampling times are on SimGrid's 1 ns grid (k / 1e9 is the double a scenario's "0.04" reads
 * as), so a fault set at a row's time falls at the same instant, after the row. */
static double on_grid(double t) { return isinf(t) ? t : round(t * 1e9) / 1e9; }

/* The next stability sample and the next series row (INFINITY: none). */
static double next_sample(const struct sampler *s)
{
	const struct meter *m = &s->r->meter;
	double t = s->i < METER_SAMPLES ? m->window_start + s->i * s->span : INFINITY;
	if (s->i == METER_SAMPLES - 1)
		t -= s->span * 1e-3; /* the run stops at the window's end */
	return on_grid(t);
}
static double next_row(const struct sampler *s)
{
	return s->step > 0 ? on_grid(s->r->meter.window_start + (s->rows + 1) * s->step) : INFINITY;
}

static void sampler_tick(void *arg)
{
	struct sampler *s = arg;
	vclock_forget(); /* in the engine: the kept clock is an actor's */
	check_none_ahead(s->r);
	if (next_sample(s) <= s->at) {
		meter_sample(&s->r->meter);
		s->i++;
	}
	if (next_row(s) <= s->at) {
		series_row(s->r, &s->prev, s->step);
		s->rows++;
	}
}

static void sampler_main(int argc, char **argv)
{
	struct rack *r = sg_actor_self_get_data();
	struct meter *m = &r->meter;
	const struct vs_observer *obs = r->observer;
	sg_actor_daemonize(sg_actor_self());
	/* prev starts at zero: the first row counts from the window's start */
	struct sampler s = { .r = r, .span = (m->window_end - m->window_start) / (METER_SAMPLES - 1),
			     .step = obs && obs->series ? r->p->series_ms * 1e-3 : 0 };
	for (;;) {
		s.at = fmin(next_sample(&s), next_row(&s));
		if (isinf(s.at) || s.at > m->window_end * (1 - 1e-12)) {
			m->next_read = INFINITY;
			return;
		}
		m->next_read = fmax(s.at, vs_now()); /* a vCPU running ahead must not pass it */
		vs_run_at(m->next_read, sampler_tick, &s);
		vclock_forget();
	}
}

static void start_sampler(struct rack *r)
{
	sg_actor_t a = sg_actor_init("sampler", r->iohost_h[0]);
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
	for (int h = 0; h < p->vmhosts; h++) {
		MAXU(UTIL_VMHOST_CORES, r->host_busy_s[h] / (rack_vm_cores(r, h) * window));
		MAXU(UTIL_VMHOST_PORT_TX, r->vmhost_port[h].up.busy_s / window);
		MAXU(UTIL_VMHOST_PORT_RX, r->vmhost_port[h].down.busy_s / window);
		MAXU(UTIL_BLOCKDEV, r->vmhost_dev[h].busy_s / (r->vmhost_dev[h].qd * window));
	}
	for (int s = 0; r->sidecore_busy_s && s < r->sidecores; s++)
		MAXU(UTIL_SIDECORE, r->sidecore_busy_s[s] / window);
	for (int i = 0; i < r->n_iohosts; i++) {
		MAXU(UTIL_IOHOST_PORT_TX, r->iohost_port[i].up.busy_s / window);
		MAXU(UTIL_IOHOST_PORT_RX, r->iohost_port[i].down.busy_s / window);
	}
	for (int c = 0; c < r->n_clients; c++) {
		MAXU(UTIL_CLIENT_PORT_TX, r->client_port[c].up.busy_s / window);
		MAXU(UTIL_CLIENT_PORT_RX, r->client_port[c].down.busy_s / window);
	}
	for (int d = 0; d < r->n_iohosts * r->n_iohost_devs; d++)
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

/* What the configuration buys and how busy its servers' cores are (the cost metrics). Halt
 * polling is counted rack-wide only: it is shared out evenly among the VMhosts. @host_busy
 * gets a VMhost's busy cores each. */
static struct cost_shape shape(const struct rack *r, double window, double *host_busy)
{
	const struct vs_params *p = r->p;
	bool block = r->workload->target == WL_TARGET_BLOCK;
	bool dev_iohost = p->dev_placement == PLACE_IOHOST || r->model->device_at_iohost;
	struct cost_shape s = { .iohosts = r->model->iohost || (block && dev_iohost) ? r->n_iohosts : 0,
				.host_busy_cores = host_busy };
	if (block)
		s.devices = dev_iohost ? r->n_iohosts * r->n_iohost_devs : p->vmhosts;
	/* Spinning cores are busy: halt polling, and the polling cores wherever they are. */
	double poll = r->meter.cpu_used[CPU_HALT_POLL] / window / p->vmhosts;
	double in_service = r->sidecores - rack_parked_core_s(r) / window; /* cores' worth */
	double local_sc = r->model->iohost ? 0 : in_service / p->vmhosts;
	for (int h = 0; h < p->vmhosts; h++) {
		host_busy[h] = r->host_busy_s[h] / window + poll + local_sc;
		s.vmhost_busy_cores += host_busy[h];
	}
	if (r->model->iohost)
		s.iohost_busy_cores = in_service;
	return s;
}

static void measure(struct rack *r, struct vs_results *res, uint64_t inflight_end)
{
	const struct vs_params *p = r->p;
	struct summary s;
	samples_summarise(&r->meter.latency, &s);
	for (int h = 0; h < p->vmhosts; h++)
		if (r->vmhost_sched[h])
			r->meter.w_ctx_switches += sched_switches(r->vmhost_sched[h]);
	struct metric_ctx c = {
		.p = p,
		.m = &r->meter,
		.latency = &s,
		.window = p->duration_s - p->warmup_s,
		.vm_cores = total_vm_cores(r),
		.sidecores = r->sidecores,
		.io_cores = r->io_cores,
		.parked_core_s = rack_parked_core_s(r),
		.io_switches = r->io_switches,
		.inflight_end = inflight_end,
		.fairness = fairness(r),
	};
	utilisation(r, c.window, c.util);
	fault_measure(r, &c.fault_recovery_ms, &c.fault_unavailable_ms);
	double host_busy[VS_MAX_VMHOSTS];
	c.shape = shape(r, c.window, host_busy);
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

/* The observer the guests get: @obs itself, the tap when it wants progress, or NULL when
 * nobody wants completions. */
static const struct vs_observer *watch_completions(struct progress_tap *t,
						   const struct vs_observer *obs)
{
	if (!obs || !obs->progress)
		return obs && obs->done ? obs : NULL;
	t->user = obs;
	t->obs = (struct vs_observer){ .done = tap_done, .ctx = t, .in_order = obs->in_order };
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
	r->observer = obs;
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
		.observer = watch_completions(&tap, obs),
		.path = r->path,
		.virt = r->model->virtualized ? p->virt_overhead : 1.0,
		.pkts = &r->pkts,
		.rack = r,
	};
	r->guests.run_ahead = !r->model->reads_guests && p->fault == FAULT_NONE &&
			      !p->debug_leak_request && !p->debug_stall &&
			      !(r->guests.observer && r->guests.observer->in_order);
	int rc = rack_build(r);
	r->devices = (struct devices){ .p = p, .wire = &r->wire, .block = block, .pkts = &r->pkts,
				       .meter = &r->meter };
	if (rc) {
		snprintf(res->error, sizeof(res->error), "cannot build the rack: %s", r->error);
		rack_free(r);
		return -1;
	}
	for (int i = 0; i < r->n_vcpus; i++)
		guest_start(&r->vcpus[i], r->vmhost_h[r->vcpus[i].host]);
	start_sampler(r);
	if (fault_start(r)) {
		snprintf(res->error, sizeof(res->error), "cannot build the rack: %s", r->error);
		rack_free(r);
		return -1;
	}
	simgrid_run_until(p->duration_s);
	vclock_forget(); /* the engine may have run on without any actor */

	double end = vs_now();
	check_none_ahead(r);
	settle_cpus(r);
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
