/*
 * workload — closed and open loops, sizes and directions.
 */
#include "workload.h"

#include <limits.h>
#include <math.h>

#include "rack.h"
#include "rng.h"

static double weight(const struct vcpu *v)
{
	const struct vs_params *p = v->rack->p;
	return p->n_vm_load ? p->vm_load[v->host] : 1.0;
}

static bool is_open(const struct vs_params *p)
{
	return p->workload == WL_OPEN || (p->workload == WL_PKTGEN && p->rate_rps > 0);
}

static double interarrival(struct vcpu *v)
{
	if (v->rack->p->arrival == ARRIVAL_CONSTANT)
		return 1.0 / v->wl.rate;
	return rng_draw(v->rng, &(struct vs_dist_spec){ DIST_EXP, 0 }, 1.0 / v->wl.rate);
}

/* Trace replay: the next record for this VM (only its first queue replays). */
static int trace_next(const struct vcpu *v, int from)
{
	const struct vs_params *p = v->rack->p;
	int vms = p->vmhosts * p->vms_per_vmhost;
	if (v->id % p->vcpus_per_vm)
		return p->n_trace;
	for (int i = from; i < p->n_trace; i++)
		if (p->trace[i].vm % vms == v->vm)
			return i;
	return p->n_trace;
}

void wl_init(struct vcpu *v)
{
	const struct vs_params *p = v->rack->p;
	double w = weight(v);
	v->wl.budget = 0;
	v->wl.rate = 0;
	v->wl.next_arrival = INFINITY;
	switch (p->workload) {
	case WL_RR:
	case WL_BLOCK:
		v->wl.budget = (int)lround(p->outstanding * w);
		break;
	case WL_STREAM:
		v->wl.budget = w > 0 ? INT_MAX : 0;
		break;
	case WL_PKTGEN:
	case WL_OPEN:
		if (!is_open(p)) {
			v->wl.budget = w > 0 ? INT_MAX : 0;
			break;
		}
		v->wl.rate = p->rate_rps * w;
		/* A random phase, so queues do not start in lockstep; or all in step (a
		 * generator that times every queue from one clock, as vrioemu's pktgen does):
		 * the first arrival one interarrival after the start. */
		if (v->wl.rate > 0) {
			double at = p->phase == PHASE_ALIGNED ? 1.0 : rng_uniform(v->rng);
			v->wl.next_arrival = at * interarrival(v);
		}
		break;
	case WL_TRACE:
		v->wl.trace_pos = trace_next(v, 0);
		if (v->wl.trace_pos < p->n_trace)
			v->wl.next_arrival = p->trace[v->wl.trace_pos].t_s;
		break;
	default:
		break;
	}
}

bool wl_ready(struct vcpu *v, double now, double *t_issue)
{
	if (!isinf(v->wl.next_arrival) || v->wl.rate > 0 || v->rack->p->workload == WL_TRACE) {
		if (!time_reached(v->wl.next_arrival, now))
			return false;
		*t_issue = v->wl.next_arrival;
		return true;
	}
	*t_issue = now;
	return v->inflight < v->wl.budget;
}

void wl_take(struct vcpu *v, struct request *q)
{
	const struct vs_params *p = v->rack->p;
	q->write = false;
	q->resp_bytes = 0;
	if (p->workload == WL_TRACE) {
		const struct vs_trace_rec *t = &p->trace[v->wl.trace_pos];
		q->bytes = t->bytes;
		q->resp_bytes = t->resp_bytes;
		v->wl.trace_pos = trace_next(v, v->wl.trace_pos + 1);
		v->wl.next_arrival =
			v->wl.trace_pos < p->n_trace ? p->trace[v->wl.trace_pos].t_s : INFINITY;
		return;
	}
	double b = rng_draw(v->rng, &p->size_dist, p->msg_bytes);
	q->bytes = b < 1 ? 1u : (uint32_t)lround(b);
	switch (p->workload) {
	case WL_RR:
	case WL_OPEN:
		q->resp_bytes = p->resp_bytes ? p->resp_bytes : q->bytes;
		break;
	case WL_BLOCK:
		q->write = rng_uniform(v->rng) >= p->read_fraction;
		break;
	default:
		break;
	}
	if (v->wl.rate > 0)
		v->wl.next_arrival += interarrival(v);
}

double wl_next_time(const struct vcpu *v) { return v->wl.next_arrival; }

bool wl_drops_when_full(const struct vcpu *v)
{
	return is_open(v->rack->p) || v->rack->p->workload == WL_TRACE;
}
