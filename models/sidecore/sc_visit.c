/*
 * sc_visit — what a sidecore does on one visit to a queue or a receive ring: take up to a
 * batch, process it in one sleep on its dedicated core, hand each request on at the exact time
 * its processing ended, and account busy and polling time.
 */
#include "sc_visit.h"

#include <simgrid/actor.h>
#include <simgrid/engine.h>

#include "bug.h"
#include "sidecore.h"
#include "virtqueue.h"

/* Sleep through a visit's processing and account it (busy vs polling, in the window). */
static void spend(struct sidecore *sc, double t0, double t, double work_s, double scan_s)
{
	struct meter *m = sc->g->env->meter;
	if (t > t0)
		sg_actor_sleep_for(t - t0);
	double t1 = simgrid_get_clock();
	cpu_account(&sc->cpu, t0, t1, work_s, CPU_IO);
	if (t1 > m->window_start && t1 > t0) {
		double span = t1 - t0, in = t1 - (t0 > m->window_start ? t0 : m->window_start);
		m->io_busy_s += work_s * in / span;
		m->io_poll_s += scan_s * in / span;
	}
}

static bool ring_ready(const struct sc_ring *c, double now)
{
	return !c->busy && time_reached(timedq_next(&c->q), now);
}

/* Drain up to batch packets from receive ring @c, @scan_s of polling before. A packet that
 * found the ring full when it arrived is dropped (no work). */
static void visit_completions(struct sidecore *sc, struct sc_ring *c, double scan_s)
{
	struct sc_group *g = sc->g;
	const struct sc_env *env = g->env;
	unsigned batch = (unsigned)env->p->sidecore_batch;
	double t0 = simgrid_get_clock(), t = t0 + scan_s, work_s = 0;
	struct tq_node *n;
	VS_BUG_ON(c->busy, "sidecore %d: receive ring drained by two sidecores", sc->id);
	c->busy = true;
	sc->neffects = 0;
	for (unsigned i = 0; i < batch && (n = timedq_pop_ready(&c->q, t0));) {
		struct pkt *k = (struct pkt *)n;
		if (!ring_limit_take(&c->limit, n->ready, t0)) {
			g->ops->comp_dropped(sc, k, n->ready);
			continue;
		}
		double s = g->ops->comp_cycles(sc, k) / sc->cpu.hz;
		t += s;
		work_s += s;
		g->ops->comp_done(sc, k, t);
		i++;
	}
	spend(sc, t0, t, work_s, scan_s);
	if (g->ops->visit_end)
		g->ops->visit_end(sc);
	c->busy = false;
	if (ring_ready(c, simgrid_get_clock()))
		inbox_ring(&g->inbox); /* more than we took: let an idle peer help */
}

void sc_visit_requests(struct sidecore *sc, struct sc_port *p, double scan_s)
{
	struct sc_group *g = sc->g;
	const struct sc_env *env = g->env;
	unsigned batch = (unsigned)env->p->sidecore_batch;
	double t0 = simgrid_get_clock(), t = t0 + scan_s, work_s = 0;
	double claim_s = p->multi ? env->p->rx_claim_ns * 1e-9 : 0;
	struct request *q;
	VS_BUG_ON(p->busy, "sidecore %d: a port claimed by two sidecores", sc->id);
	p->busy = !p->multi; /* a multi-consumer ring stays open to the other sidecores */
	sc->neffects = 0;
	for (unsigned i = 0; i < batch && (q = g->ops->req_pop(sc, p, t0)); i++) {
		double s = g->ops->req_cycles(sc, q) / sc->cpu.hz + claim_s;
		q->t_pop = t;
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

bool sc_serve_completions(struct sidecore *sc, double *scan)
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
bool sc_pass_end(struct sidecore *sc, bool worked)
{
	if (worked)
		sc->detect_s = sc->g->env->p->poll_pass_ns * 1e-9;
	return worked;
}

double sc_take_detect(struct sidecore *sc)
{
	double d = sc->detect_s;
	sc->detect_s = 0;
	return d;
}

double sc_poll_queue_s(const struct sidecore *sc) { return sc->g->env->p->poll_queue_ns * 1e-9; }

