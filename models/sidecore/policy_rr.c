/*
 * policy_rr — round-robin: visit every port once per pass, starting one further each pass,
 * serving the completion rings before every visit.
 */
#include <simgrid/engine.h>

#include "sc_policy.h"
#include "sc_visit.h"
#include "sidecore.h"

static bool pass(struct sidecore *sc)
{
	struct sc_group *g = sc->g;
	double poll_s = sc_poll_queue_s(sc), scan = sc_take_detect(sc);
	bool worked = sc_serve_completions(sc, &scan);
	int start = g->cursor;
	if (g->n)
		g->cursor = (g->cursor + 1) % g->n;
	double now = simgrid_get_clock(); /* time moves only during a visit */
	for (int k = 0; k < g->n; k++) {
		struct sc_port *p = g->ports[(start + k) % g->n];
		scan += poll_s;
		if (p->busy || !g->ops->req_pending(p, now))
			continue;
		sc_visit_requests(sc, p, scan);
		scan = 0;
		worked = true;
		sc_serve_completions(sc, &scan);
		now = simgrid_get_clock();
	}
	return sc_pass_end(sc, worked);
}

const struct sc_policy sc_policy_rr = { .pass = pass };
