/*
 * workload — the registry, and what the workloads share: weights, closed and open loops.
 */
#include "workload.h"

#include <limits.h>
#include <math.h>

#include "vcpu.h"
#include "pattern.h"
#include "rng.h"

#define WORKLOAD(n) extern const struct workload wl_##n;
#include "workloads.def"
#undef WORKLOAD

static const struct workload *const registry[] = {
#define WORKLOAD(n) &wl_##n,
#include "workloads.def"
#undef WORKLOAD
};

static const char *const names[] = {
#define WORKLOAD(n) #n,
#include "workloads.def"
#undef WORKLOAD
	NULL
};

#define N_WORKLOADS (int)(sizeof(registry) / sizeof(registry[0]))

const struct workload *workload_get(int index)
{
	return index >= 0 && index < N_WORKLOADS ? registry[index] : NULL;
}

int workload_count(void) { return N_WORKLOADS; }
const char *const *workload_names(void) { return names; }

double wl_weight(const struct vcpu *v)
{
	const struct vs_params *p = v->env->p;
	return p->n_vm_load ? p->vm_load[v->host] : 1.0;
}

static double interarrival(struct vcpu *v)
{
	if (v->env->p->arrival == ARRIVAL_CONSTANT)
		return 1.0 / v->wl.rate;
	return rng_draw(v->rng, &(struct vs_dist_spec){ DIST_EXP, 0 }, 1.0 / v->wl.rate);
}

void wl_closed(struct vcpu *v, double outstanding)
{
	v->wl.base = outstanding * wl_weight(v);
	v->wl.budget = (int)lround(v->wl.base);
}

void wl_unbounded(struct vcpu *v)
{
	v->wl.base = wl_weight(v) > 0 ? INFINITY : 0;
	v->wl.budget = wl_weight(v) > 0 ? INT_MAX : 0;
}

/* A closed loop's requests in flight at @now, the pattern applied. */
static int budget_at(struct vcpu *v, double now)
{
	if (v->env->p->pattern == PATTERN_CONSTANT)
		return v->wl.budget;
	double m = pattern_at(v, now);
	if (isinf(v->wl.base))
		return m > 0 ? INT_MAX : 0;
	return (int)lround(v->wl.base * m);
}

/* An open loop's next arrival after @from, thinned to the pattern (at the pattern's largest
 * rate, each kept with probability its multiplier over the largest). */
static double next_arrival(struct vcpu *v, double from)
{
	double t = from + interarrival(v);
	if (v->env->p->pattern == PATTERN_CONSTANT)
		return t;
	double max = pattern_max(v->env->p);
	for (int i = 0; i < 1000000 && rng_uniform(v->rng) * max >= pattern_at(v, t); i++)
		t += interarrival(v);
	return t;
}

void wl_open_start(struct vcpu *v)
{
	const struct vs_params *p = v->env->p;
	v->wl.rate = p->rate_rps * wl_weight(v) * pattern_max(p);
	/* A random phase, so queues do not start in lockstep; or all in step (a generator that
	 * times every queue from one clock, as vrioemu's pktgen does): the first arrival one
	 * interarrival after the start. */
	if (v->wl.rate > 0) {
		double at = p->phase == PHASE_ALIGNED ? 1.0 : rng_uniform(v->rng);
		v->wl.next_arrival = at * interarrival(v);
		if (p->pattern != PATTERN_CONSTANT &&
		    rng_uniform(v->rng) * pattern_max(p) >= pattern_at(v, v->wl.next_arrival))
			v->wl.next_arrival = next_arrival(v, v->wl.next_arrival);
		v->wl.timed = true;
	}
}

void wl_open_advance(struct vcpu *v)
{
	if (v->wl.rate > 0)
		v->wl.next_arrival = next_arrival(v, v->wl.next_arrival);
}

void wl_draw_size(struct vcpu *v, struct request *q)
{
	const struct vs_params *p = v->env->p;
	q->write = false;
	q->resp_bytes = 0;
	double b = rng_draw(v->rng, &p->size_dist, p->msg_bytes);
	q->bytes = b < 1 ? 1u : (uint32_t)lround(b);
}

void wl_start(struct vcpu *v)
{
	v->wl = (struct wl_state){ .next_arrival = INFINITY };
	v->env->wl->init(v);
}

bool wl_ready(struct vcpu *v, double now, double *t_issue)
{
	if (v->wl.timed) {
		if (!time_reached(v->wl.next_arrival, now))
			return false;
		*t_issue = v->wl.next_arrival;
		return true;
	}
	*t_issue = now;
	return v->inflight < budget_at(v, now);
}

double wl_next_time(struct vcpu *v, double now)
{
	if (v->wl.timed || v->env->p->pattern == PATTERN_CONSTANT)
		return v->wl.next_arrival;
	return pattern_next_change(v, now); /* a closed loop's load changes then */
}

bool wl_has_response(const struct workload *w, const struct request *q)
{
	return q->resp_bytes || w->target == WL_TARGET_BLOCK;
}

bool wl_app_ready(struct vcpu *v, double t)
{
	const struct guest_env *e = v->env;
	double t_issue;
	if (v->tx_stopped || !wl_ready(v, t, &t_issue))
		return false;
	if (e->wl->open_loop(e->p))
		return true;
	return v->pool.n_free && (!v->flow.tcp || flow_can_send(&v->flow, e->p->msg_bytes));
}
