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
#include "vclock.h"

/* Sleep through a visit's processing and account it (busy vs polling, in the window). Returns
 * the clock after it: the time until the sidecore's next simcall that can block. */
static double spend(struct sidecore *sc, double t0, double t, double work_s, double scan_s)
{
	struct meter *m = sc->g->env->meter;
	double t1 = t0;
	if (t > t0) {
		vs_sleep_to(t);
		t1 = vs_now();
	}
	cpu_account(&sc->cpu, t0, t1, work_s, CPU_IO);
	sc->work_s += work_s;
	if (t1 > m->window_start && t1 > t0) {
		double span = t1 - t0, in = t1 - (t0 > m->window_start ? t0 : m->window_start);
		m->io_busy_s += work_s * in / span;
		m->io_poll_s += scan_s * in / span;
	}
	return t1;
}

static bool ring_ready(const struct sc_ring *c, double now)
{
	return !c->busy && time_reached(timedq_next(&c->q), now);
}

/* Drain up to batch packets from receive ring number @i, @scan_s of polling before, starting
 * at @t0 (the clock now). A packet that found the ring full when it arrived is dropped (no
 * work). Returns the clock after the visit. */
static double visit_completions(struct sidecore *sc, int i_ring, double scan_s, double t0)
{
	struct sc_group *g = sc->g;
	struct sc_ring *c = &g->comp[i_ring];
	const struct sc_env *env = g->env;
	unsigned batch = (unsigned)env->p->sidecore_batch;
	double t = t0 + scan_s, work_s = 0;
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
	double t1 = spend(sc, t0, t, work_s, scan_s);
	if (g->ops->visit_end)
		g->ops->visit_end(sc);
	c->busy = false;
	if (!c->q.head)
		sc_comp_idle(g, i_ring);
	else if (ring_ready(c, t1))
		inbox_ring(&g->inbox); /* more than we took: let an idle peer help */
	return t1;
}

double sc_visit_requests(struct sidecore *sc, struct sc_port *p, double scan_s, double t0)
{
	struct sc_group *g = sc->g;
	const struct sc_env *env = g->env;
	unsigned batch = (unsigned)env->p->sidecore_batch;
	double t = t0 + scan_s, work_s = 0;
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
	double t1 = spend(sc, t0, t, work_s, scan_s);
	if (g->ops->visit_end)
		g->ops->visit_end(sc);
	p->busy = false;
	if (g->ops->req_pending(p, t1))
		inbox_ring(&g->inbox); /* work left on this queue: let an idle peer take it */
	return t1;
}

/* The rings are visited in the order start, start + 1, ..., ncomp - 1, 0, ..., start - 1, each
 * checked when the sweep reaches it (a ring further on may fill during an earlier visit);
 * rings without packets are skipped through their live bits, which is the same sweep. */
bool sc_serve_completions(struct sidecore *sc, double *scan, double *now)
{
	struct sc_group *g = sc->g;
	bool served = false;
	int start = g->comp_cursor;
	g->comp_cursor = start + 1 == g->ncomp ? 0 : start + 1;
	if (VS_DEBUG)
		for (int i = 0; i < g->ncomp; i++)
			VS_BUG_ON(g->comp[i].q.head && !(g->comp_live[i >> 6] >> (i & 63) & 1),
				  "receive ring %d of %d holds packets but is not live", i, g->ncomp);
	for (int half = 0; half < 2; half++) {
		int lo = half ? 0 : start, hi = half ? start : g->ncomp;
		for (int i = sc_comp_live_next(g, lo, hi); i >= 0; i = sc_comp_live_next(g, i + 1, hi)) {
			struct sc_ring *c = &g->comp[i];
			if (!c->q.head) {
				sc_comp_idle(g, i);
				continue;
			}
			if (!ring_ready(c, *now))
				continue;
			*now = visit_completions(sc, i, *scan, *now);
			*scan = 0;
			served = true;
		}
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

