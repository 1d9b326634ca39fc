/*
 * policy_longest — longest queue first: after the completion rings, scan every port (paying
 * the poll cost for each) and serve the one with the most requests ready. Ties rotate: the
 * scan starts one port further each pass and only a strictly longer port replaces the best,
 * so among equally long ports the first from the rotating start wins (a fixed lowest-index
 * rule starved the others when all were kept full). vrioemu's poller does the same.
 */
#include <simgrid/engine.h>

#include "sc_policy.h"
#include "sc_visit.h"
#include "sidecore.h"
#include "vclock.h"

static bool pass(struct sidecore *sc)
{
	struct sc_group *g = sc->g;
	double scan = sc_take_detect(sc);
	double now = vs_now(); /* the one clock read: time moves only during a visit */
	if (sc_serve_completions(sc, &scan, &now))
		return sc_pass_end(sc, true);
	struct sc_port *best = NULL;
	unsigned best_n = 0;
	int start = g->cursor;
	if (g->n)
		g->cursor = (g->cursor + 1) % g->n;
	for (int k = 0; k < g->n; k++) {
		struct sc_port *p = g->ports[(start + k) % g->n];
		unsigned w = p->busy ? 0 : g->ops->req_pending(p, now);
		if (w > best_n) {
			best_n = w;
			best = p;
		}
	}
	if (!best)
		return false;
	sc_visit_requests(sc, best, scan + g->n * g->env->p->poll_queue_ns * 1e-9, now);
	return sc_pass_end(sc, true);
}

const struct sc_policy sc_policy_longest = { .pass = pass };
