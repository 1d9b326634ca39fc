/*
 * sidecore — the polling loop, one sleep per queue visit.
 */
#include "sidecore.h"

#include <errno.h>
#include <math.h>
#include <simgrid/actor.h>
#include <simgrid/engine.h>
#include <stdio.h>
#include <stdlib.h>

#include "bug.h"
#include "rng.h"
#include "sc_policy.h"
#include "pkt.h"
#include "vclock.h"
#include "virtqueue.h"

/* ---- Groups and their rings ---- */

/* Every packet enters a receive ring here: the ring is live from then on. */
static void comp_post(struct sc_group *g, int i, struct tq_node *n, double t)
{
	g->comp_live[i >> 6] |= (uint64_t)1 << (i & 63);
	timedq_post(&g->comp[i].q, n, t);
}

int sc_group_init(struct sc_group *g, const struct sc_env *env, const struct sc_ops *ops, int cap,
		  int ncomp, unsigned ring_size)
{
	g->env = env;
	g->ops = ops;
	g->n = 0;
	g->cap = cap;
	g->cursor = 0;
	g->comp_cursor = 0;
	g->moved_to = NULL;
	g->ncomp = ncomp > 0 ? ncomp : 1;
	g->ports = calloc((size_t)(cap > 0 ? cap : 1), sizeof(*g->ports));
	g->comp = calloc((size_t)g->ncomp, sizeof(*g->comp));
	g->comp_live = calloc((size_t)(g->ncomp + 63) / 64, sizeof(*g->comp_live));
	inbox_init(&g->inbox);
	int rc = g->ports && g->comp && g->comp_live ? 0 : -ENOMEM;
	for (int i = 0; g->comp && i < g->ncomp; i++) {
		timedq_init(&g->comp[i].q, &g->inbox);
		if (ring_limit_init(&g->comp[i].limit, ring_size))
			rc = -ENOMEM;
	}
	return rc;
}

void sc_group_free(struct sc_group *g)
{
	for (int i = 0; g->comp && i < g->ncomp; i++)
		ring_limit_free(&g->comp[i].limit);
	for (int i = 0; g->ports && i < g->n; i++)
		ring_limit_free(&g->ports[i]->limit);
	free(g->ports);
	free(g->comp);
	free(g->comp_live);
	g->ports = NULL;
	g->comp = NULL;
	g->comp_live = NULL;
}

void sc_arrive(struct sc_group *g, struct pkt *k, int key, double t)
{
	while (g->moved_to) /* a failed partition's: its queues live elsewhere now */
		g = g->moved_to;
	comp_post(g, key % g->ncomp, &k->node, t);
}

void sc_effect(struct sidecore *sc, struct vcpu *v, void *item, bool rx, double t)
{
	VS_BUG_ON(sc->neffects >= 2 * SC_MAX_BATCH, "too many effects in one visit");
	sc->effects[sc->neffects++] = (struct sc_effect){ v, item, rx, t };
}

int sc_group_add(struct sc_group *g, struct sc_port *p)
{
	VS_BUG_ON(g->n >= g->cap, "sidecore group full (%d ports)", g->cap);
	p->group = g;
	p->busy = false;
	p->multi = false;
	timedq_init(&p->reqq, &g->inbox);
	g->ports[g->n++] = p;
	return ring_limit_init(&p->limit, (unsigned)g->env->p->nic_ring);
}

double sidecore_req_work(struct sidecore *sc)
{
	const struct vs_params *p = sc->g->env->p;
	double w = rng_draw(sc->rng, &p->sidecore_dist, p->sidecore_req_cycles);
	if (sc->warm)
		w *= p->sidecore_warm_ratio;
	sc->warm = true;
	return w;
}

/* ---- The loop ---- */

/* When something not yet visible becomes ready: queues another sidecore holds are its
 * business (it rings when it leaves work behind). */
static double group_deadline(struct sc_group *g)
{
	double d = INFINITY;
	for (int k = sc_comp_live_next(g, 0, g->ncomp); k >= 0;
	     k = sc_comp_live_next(g, k + 1, g->ncomp)) {
		if (!g->comp[k].q.head)
			sc_comp_idle(g, k);
		else if (!g->comp[k].busy && timedq_next(&g->comp[k].q) < d)
			d = timedq_next(&g->comp[k].q);
	}
	for (int k = 0; k < g->n; k++) {
		if (g->ports[k]->busy)
			continue;
		double a = timedq_next(&g->ports[k]->reqq);
		if (a < d)
			d = a;
	}
	return d;
}

static void sidecore_main(int argc, char **argv)
{
	struct sidecore *sc = sg_actor_self_get_data();
	struct sc_group *g = sc->g;
	const struct vs_params *p = g->env->p;
	sg_actor_daemonize(sg_actor_self());
	const struct sc_policy *policy = sc_policy_get(p->sidecore_policy);
	for (;;) {
		while (sc->failed || sc->parked) {
			if (sc->parked) /* a ring it took while idle is for a peer in service */
				inbox_ring(&g->inbox);
			inbox_wait(&sc->standby, INFINITY);
		}
		double now = vs_now();
		if (sc->back_at > now) { /* taken back: its core is switched first */
			vs_sleep_to(sc->back_at);
			sc->back_at = 0;
			continue;
		}
		if (policy->pass(sc))
			continue;
		inbox_wait_as(&g->inbox, &sc->waiter, group_deadline(g));
		sc->warm = false; /* idle polling in between: the next request starts cold */
		/* The polling loop notices new work within one iteration over its queues (and
		 * rings); pooled sidecores poll them all at once, so the first of the idle ones to
		 * come by finds it: a fraction of an iteration. The delay is paid at the start of
		 * the next visit (one sleep, not two). */
		double iter = (g->n + g->ncomp) * p->poll_queue_ns * 1e-9 + p->poll_pass_ns * 1e-9;
		int pollers = 1 + inbox_waiters(&g->inbox);
		sc->detect_s = iter > 0 ? rng_uniform(sc->rng) * iter / pollers : 0;
	}
}

void sidecore_start(struct sidecore *sc, struct sc_group *g, int id, sg_host_t host,
		    uint64_t stream, const char *kind)
{
	const struct sc_env *env = g->env;
	sc->id = id;
	sc->g = g;
	/* Its host's clock (a VMhost's class may have its own: the platform's speed is cycles/s). */
	sc->cpu = (struct cpu){ .host = host, .shared = false, .hz = sg_host_get_speed(host),
				.used_s = env->meter->cpu_used,
				.busy_s = env->busy_s ? &env->busy_s[id] : NULL,
				.window_start = env->meter->window_start };
	sc->rng = rng_stream(env->p->seed, (uint64_t)env->p->replication, stream);
	inbox_waiter_init(&sc->waiter);
	inbox_init(&sc->standby);
	sc->detect_s = 0;
	sc->warm = false;
	char name[48];
	snprintf(name, sizeof(name), "%s-%d", kind, id);
	sg_actor_t a = sg_actor_init(name, host);
	sg_actor_set_data(a, sc);
	sg_actor_start_(a, sidecore_main, 0, NULL);
}

void sidecore_free(struct sidecore *sc)
{
	if (sc->rng)
		gsl_rng_free(sc->rng);
	sc->rng = NULL;
}

void sidecore_fail(struct sidecore *sc, bool failed)
{
	sc->failed = failed;
	if (!failed) {
		inbox_ring(&sc->standby);
		inbox_ring(&sc->g->inbox); /* work may have piled up meanwhile */
	}
}

void sidecore_park(struct sidecore *sc, bool parked, double at)
{
	sc->parked = parked;
	sc->back_at = at;
	if (!parked) {
		inbox_ring(&sc->standby);
		inbox_ring(&sc->g->inbox); /* work may be waiting */
	}
}

int sc_group_move(struct sc_group *from, struct sc_group *to)
{
	if (to->n + from->n > to->cap) {
		struct sc_port **ports = realloc(to->ports, (size_t)(to->n + from->n) * sizeof(*ports));
		if (!ports)
			return -ENOSPC;
		to->ports = ports;
		to->cap = to->n + from->n;
	}
	for (int i = 0; i < from->n; i++) {
		struct sc_port *p = from->ports[i];
		p->group = to;
		p->reqq.owner = &to->inbox;
		to->ports[to->n++] = p;
	}
	from->n = 0;
	/* What came back for the failed partition's queues waits in the live one's rings, each
	 * at the time it arrived; what is still on its way follows (sc_arrive). */
	struct tq_node *k;
	for (int i = 0; i < from->ncomp; i++)
		while ((k = timedq_pop_ready(&from->comp[i].q, INFINITY))) {
			double t = k->ready;
			comp_post(to, i % to->ncomp, k, t);
		}
	from->moved_to = to;
	inbox_ring(&to->inbox);
	return 0;
}
