/*
 * policy_rr — round-robin: visit every port once per pass, starting one further each pass,
 * serving the completion rings before every visit.
 */
#include <simgrid/engine.h>

#include "sc_policy.h"
#include "sc_visit.h"
#include "sidecore.h"
#include "vclock.h"

static bool pass(struct sidecore *sc)
{
	struct sc_group *g = sc->g;
	double poll_s = sc_poll_queue_s(sc), scan = sc_take_detect(sc);
	double now = vs_now(); /* the one clock read: time moves only during a visit */
	bool worked = sc_serve_completions(sc, &scan, &now);
	int start = g->cursor;
	if (g->n)
		g->cursor = start + 1 == g->n ? 0 : start + 1;
	for (int k = 0, i = start; k < g->n; k++, i = i + 1 == g->n ? 0 : i + 1) {
		struct sc_port *p = g->ports[i];
		scan += poll_s;
		if (p->busy || !g->ops->req_pending(p, now))
			continue;
		now = sc_visit_requests(sc, p, scan, now);
		scan = 0;
		worked = true;
		sc_serve_completions(sc, &scan, &now);
	}
	return sc_pass_end(sc, worked);
}

const struct sc_policy sc_policy_rr = { .pass = pass };
