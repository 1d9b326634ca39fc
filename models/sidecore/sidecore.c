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

#include "rack.h"
#include "rng.h"

int sc_group_init(struct sc_group *g, struct rack *r, const struct sc_ops *ops, int cap, int ncomp)
{
	g->rack = r;
	g->ops = ops;
	g->n = 0;
	g->cap = cap;
	g->cursor = 0;
	g->comp_cursor = 0;
	g->ncomp = ncomp > 0 ? ncomp : 1;
	g->ports = calloc((size_t)(cap > 0 ? cap : 1), sizeof(*g->ports));
	g->comp = calloc((size_t)g->ncomp, sizeof(*g->comp));
	inbox_init(&g->inbox);
	for (int i = 0; g->comp && i < g->ncomp; i++)
		timedq_init(&g->comp[i].q, &g->inbox);
	return g->ports && g->comp ? 0 : -ENOMEM;
}

void sc_complete_at(struct sc_group *g, struct request *q, double t)
{
	timedq_post(&g->comp[q->vcpu->id % g->ncomp].q, &q->node, t);
}

void sc_group_add(struct sc_group *g, struct sc_port *p)
{
	p->group = g;
	p->busy = false;
	p->multi = false;
	timedq_init(&p->reqq, &g->inbox);
	g->ports[g->n++] = p;
}

double sidecore_req_work(struct sidecore *sc)
{
	const struct vs_params *p = sc->g->rack->p;
	double w = rng_draw(sc->rng, &p->sidecore_dist, p->sidecore_req_cycles);
	if (sc->warm)
		w *= p->sidecore_warm_ratio;
	sc->warm = true;
	return w;
}

/* Sleep through a visit's processing and account it (busy vs polling, in the window). */
static void spend(struct sidecore *sc, double t0, double t, double work_s, double scan_s)
{
	struct rack *r = sc->g->rack;
	if (t > t0)
		sg_actor_sleep_for(t - t0);
	double t1 = simgrid_get_clock();
	cpu_account(&sc->cpu, t0, t1, work_s, CPU_IO);
	if (t1 > r->window_start && t1 > t0) {
		double span = t1 - t0, in = t1 - (t0 > r->window_start ? t0 : r->window_start);
		r->io_busy_s += work_s * in / span;
		r->io_poll_s += scan_s * in / span;
	}
}

static bool ring_ready(const struct sc_ring *c, double now)
{
	return !c->busy && time_reached(timedq_next(&c->q), now);
}

/* Drain up to batch completions from receive ring @c, @scan_s of polling before. */
static void visit_completions(struct sidecore *sc, struct sc_ring *c, double scan_s)
{
	struct sc_group *g = sc->g;
	struct rack *r = g->rack;
	unsigned batch = (unsigned)r->p->sidecore_batch;
	double t0 = simgrid_get_clock(), t = t0 + scan_s, work_s = 0;
	struct tq_node *n;
	c->busy = true;
	sc->ndone = 0;
	for (unsigned i = 0; i < batch && (n = timedq_pop_ready(&c->q, t0)); i++) {
		struct request *q = (struct request *)n;
		double s = g->ops->comp_cycles(sc, q) / r->hz;
		t += s;
		work_s += s;
		g->ops->comp_done(sc, q, t);
	}
	spend(sc, t0, t, work_s, scan_s);
	if (g->ops->visit_end)
		g->ops->visit_end(sc);
	c->busy = false;
	if (ring_ready(c, simgrid_get_clock()))
		inbox_ring(&g->inbox); /* more than we took: let an idle peer help */
}

/* Serve up to batch requests of one port, @scan_s of polling before. */
static void visit_requests(struct sidecore *sc, struct sc_port *p, double scan_s)
{
	struct sc_group *g = sc->g;
	struct rack *r = g->rack;
	unsigned batch = (unsigned)r->p->sidecore_batch;
	double t0 = simgrid_get_clock(), t = t0 + scan_s, work_s = 0;
	double claim_s = p->multi ? r->p->rx_claim_ns * 1e-9 : 0;
	struct request *q;
	p->busy = !p->multi; /* a multi-consumer ring stays open to the other sidecores */
	sc->ndone = 0;
	for (unsigned i = 0; i < batch && (q = g->ops->req_pop(p, t0)); i++) {
		double s = g->ops->req_cycles(sc, q) / r->hz + claim_s;
		t += s;
		work_s += s;
		g->ops->req_done(sc, p, q, t);
	}
	spend(sc, t0, t, work_s, scan_s);
	if (g->ops->visit_end)
		g->ops->visit_end(sc);
	p->busy = false;
	if (g->ops->req_pending(p, simgrid_get_clock()))
		inbox_ring(&g->inbox); /* work left on this queue: let an idle peer take it */
}

/* Completions first, whenever there are some: one visit to every receive ring that has
 * them and that no other sidecore is draining. True if any was served. */
static bool serve_completions(struct sidecore *sc, double *scan)
{
	struct sc_group *g = sc->g;
	bool served = false;
	int start = g->comp_cursor;
	g->comp_cursor = (g->comp_cursor + 1) % g->ncomp;
	double now = simgrid_get_clock(); /* time moves only during a visit */
	for (int k = 0; k < g->ncomp; k++) {
		struct sc_ring *c = &g->comp[(start + k) % g->ncomp];
		if (!ring_ready(c, now))
			continue;
		visit_completions(sc, c, *scan);
		now = simgrid_get_clock();
		*scan = 0;
		served = true;
	}
	return served;
}

/* The fixed end of a pass that served something (costs.poll_pass_ns) is paid at the start of
 * the next one, with the next visit's sleep. */
static bool pass_end(struct sidecore *sc, bool worked)
{
	if (worked)
		sc->detect_s = sc->g->rack->p->poll_pass_ns * 1e-9;
	return worked;
}

/* One pass in round-robin order. True if anything was served. */
static bool pass_round_robin(struct sidecore *sc)
{
	struct sc_group *g = sc->g;
	double poll_s = g->rack->p->poll_queue_ns * 1e-9, scan = sc->detect_s;
	sc->detect_s = 0;
	bool worked = serve_completions(sc, &scan);
	int start = g->cursor;
	if (g->n)
		g->cursor = (g->cursor + 1) % g->n;
	double now = simgrid_get_clock(); /* time moves only during a visit */
	for (int k = 0; k < g->n; k++) {
		struct sc_port *p = g->ports[(start + k) % g->n];
		scan += poll_s;
		if (p->busy || !g->ops->req_pending(p, now))
			continue;
		visit_requests(sc, p, scan);
		scan = 0;
		worked = true;
		serve_completions(sc, &scan);
		now = simgrid_get_clock();
	}
	return pass_end(sc, worked);
}

/* Longest queue first: scan every port (paying the poll cost), serve the fullest. */
static bool pass_longest(struct sidecore *sc)
{
	struct sc_group *g = sc->g;
	double scan = sc->detect_s;
	sc->detect_s = 0;
	if (serve_completions(sc, &scan))
		return pass_end(sc, true);
	double now = simgrid_get_clock();
	struct sc_port *best = NULL;
	unsigned best_n = 0;
	for (int k = 0; k < g->n; k++) {
		struct sc_port *p = g->ports[k];
		unsigned w = p->busy ? 0 : g->ops->req_pending(p, now);
		if (w > best_n) {
			best_n = w;
			best = p;
		}
	}
	if (!best)
		return false;
	visit_requests(sc, best, scan + g->n * g->rack->p->poll_queue_ns * 1e-9);
	return pass_end(sc, true);
}

/* When something not yet visible becomes ready: queues another sidecore holds are its
 * business (it rings when it leaves work behind). */
static double group_deadline(const struct sc_group *g)
{
	double d = INFINITY;
	for (int k = 0; k < g->ncomp; k++)
		if (!g->comp[k].busy && timedq_next(&g->comp[k].q) < d)
			d = timedq_next(&g->comp[k].q);
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
	const struct vs_params *p = g->rack->p;
	sg_actor_daemonize(sg_actor_self());
	bool (*pass)(struct sidecore *) =
		p->sidecore_policy == POLICY_LONGEST ? pass_longest : pass_round_robin;
	for (;;) {
		if (pass(sc))
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
	struct rack *r = g->rack;
	sc->id = id;
	sc->g = g;
	sc->cpu = (struct cpu){ .host = host, .shared = false, .hz = r->hz, .used_s = r->cpu_used,
				.window_start = r->window_start };
	sc->rng = rng_stream(r->p->seed, (uint64_t)r->p->replication, stream);
	inbox_waiter_init(&sc->waiter);
	sc->detect_s = 0;
	sc->warm = false;
	char name[48];
	snprintf(name, sizeof(name), "%s-%d", kind, id);
	sg_actor_t a = sg_actor_init(name, host);
	sg_actor_set_data(a, sc);
	sg_actor_start_(a, sidecore_main, 0, NULL);
}
