/*
 * sidecore — the polling loop, one sleep per queue visit.
 */
#include "sidecore.h"

#include <errno.h>
#include <math.h>
#include <simgrid/actor.h>
#include <simgrid/engine.h>
#include <stdlib.h>

#include "rack.h"
#include "rng.h"

int sc_group_init(struct sc_group *g, struct rack *r, const struct sc_ops *ops, int cap)
{
	g->rack = r;
	g->ops = ops;
	g->n = 0;
	g->cap = cap;
	g->cursor = 0;
	g->ports = calloc((size_t)(cap > 0 ? cap : 1), sizeof(*g->ports));
	inbox_init(&g->inbox);
	return g->ports ? 0 : -ENOMEM;
}

void sc_group_add(struct sc_group *g, struct sc_port *p)
{
	p->group = g;
	p->busy = false;
	timedq_init(&p->reqq, &g->inbox);
	timedq_init(&p->compq, &g->inbox);
	g->ports[g->n++] = p;
}

double sidecore_req_work(struct sidecore *sc)
{
	const struct vs_params *p = sc->g->rack->p;
	return rng_draw(sc->rng, &p->sidecore_dist, p->sidecore_req_cycles);
}

static unsigned port_work(struct sc_group *g, struct sc_port *p, double now, unsigned batch)
{
	return g->ops->req_pending(p, now) + timedq_ready_count(&p->compq, now, batch);
}

/* Serve one port: up to batch requests and batch completions, @scan_s of polling before. */
static void visit(struct sidecore *sc, struct sc_port *p, double scan_s)
{
	struct sc_group *g = sc->g;
	struct rack *r = g->rack;
	const struct sc_ops *ops = g->ops;
	unsigned batch = (unsigned)r->p->sidecore_batch;
	double t0 = simgrid_get_clock(), t = t0 + scan_s, work_s = 0;
	struct request *q;

	p->busy = true;
	sc->ndone = 0;
	struct tq_node *n;
	/* Completions first: finishing what is in flight before taking new work keeps latency low. */
	for (unsigned i = 0; i < batch && (n = timedq_pop_ready(&p->compq, t0)); i++) {
		q = (struct request *)n;
		double s = ops->comp_cycles(sc, q) / r->hz;
		t += s;
		work_s += s;
		ops->comp_done(sc, p, q, t);
	}
	for (unsigned i = 0; i < batch && (q = ops->req_pop(p, t0)); i++) {
		double s = ops->req_cycles(sc, q) / r->hz;
		t += s;
		work_s += s;
		ops->req_done(sc, p, q, t);
	}
	sg_actor_sleep_for(t - t0);
	double t1 = simgrid_get_clock();
	cpu_account(&sc->cpu, t0, t1, work_s, CPU_IO);
	if (t1 > r->window_start && t1 > t0) {
		double span = t1 - t0, in = t1 - (t0 > r->window_start ? t0 : r->window_start);
		r->io_busy_s += work_s * in / span;
		r->io_poll_s += scan_s * in / span;
	}
	if (ops->visit_end)
		ops->visit_end(sc, p);
	p->busy = false;
}

/* One pass in round-robin order. True if any port was served. */
static bool pass_round_robin(struct sidecore *sc)
{
	struct sc_group *g = sc->g;
	unsigned batch = (unsigned)g->rack->p->sidecore_batch;
	double poll_s = g->rack->p->poll_queue_ns * 1e-9, scan = 0;
	bool worked = false;
	int start = g->cursor;
	g->cursor = (g->cursor + 1) % g->n;
	for (int k = 0; k < g->n; k++) {
		struct sc_port *p = g->ports[(start + k) % g->n];
		scan += poll_s;
		if (p->busy || !port_work(g, p, simgrid_get_clock(), batch))
			continue;
		visit(sc, p, scan);
		scan = 0;
		worked = true;
	}
	return worked;
}

/* Longest queue first: scan every port (paying the poll cost), serve the fullest. */
static bool pass_longest(struct sidecore *sc)
{
	struct sc_group *g = sc->g;
	unsigned batch = (unsigned)g->rack->p->sidecore_batch;
	double now = simgrid_get_clock();
	struct sc_port *best = NULL;
	unsigned best_n = 0;
	for (int k = 0; k < g->n; k++) {
		struct sc_port *p = g->ports[k];
		if (p->busy)
			continue;
		unsigned w = port_work(g, p, now, 4 * batch);
		if (w > best_n) {
			best_n = w;
			best = p;
		}
	}
	if (!best)
		return false;
	visit(sc, best, g->n * g->rack->p->poll_queue_ns * 1e-9);
	return true;
}

static double group_deadline(const struct sc_group *g)
{
	double d = INFINITY;
	for (int k = 0; k < g->n; k++) {
		double a = timedq_next(&g->ports[k]->reqq), b = timedq_next(&g->ports[k]->compq);
		if (a < d)
			d = a;
		if (b < d)
			d = b;
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
		if (g->n && pass(sc))
			continue;
		inbox_wait_as(&g->inbox, &sc->waiter, group_deadline(g));
		/* The polling loop notices new work within one iteration over its queues. */
		double iter = g->n * p->poll_queue_ns * 1e-9;
		if (iter > 0)
			sg_actor_sleep_for(rng_uniform(sc->rng) * iter);
	}
}

void sidecore_start(struct sidecore *sc, sg_host_t host, const char *name)
{
	inbox_waiter_init(&sc->waiter);
	sg_actor_t a = sg_actor_init(name, host);
	sg_actor_set_data(a, sc);
	sg_actor_start_(a, sidecore_main, 0, NULL);
}
