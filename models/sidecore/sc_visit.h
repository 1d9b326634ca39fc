/*
 * sc_visit — the building blocks of a sidecore's polling pass (private to the sidecore module):
 * the policies (policy_*.c) order them.
 */
#ifndef VRIOSIM_SC_VISIT_H
#define VRIOSIM_SC_VISIT_H

#include <stdbool.h>

struct sidecore;
struct sc_port;

/* Completions first, whenever there are some: one visit to every receive ring that has them
 * and that no other sidecore is draining, the first paying *@scan seconds of polling before
 * it (then 0). *@now is the clock (read once per engine step by the caller; simulated time
 * moves only in a visit's sleep) and is advanced past the visits. True if any was served. */
bool sc_serve_completions(struct sidecore *sc, double *scan, double *now);
/* Serve up to batch requests of port @p, @scan_s of polling before, starting at @now (the
 * clock). Returns the clock after the visit. */
double sc_visit_requests(struct sidecore *sc, struct sc_port *p, double scan_s, double now);
/* Close a pass: one that served something owes costs.poll_pass_ns to the next. Returns
 * @worked. */
bool sc_pass_end(struct sidecore *sc, bool worked);
/* The polling owed from the detection delay, taken (then 0). */
double sc_take_detect(struct sidecore *sc);
/* One queue's share of a polling pass (costs.poll_queue_ns), in seconds. */
double sc_poll_queue_s(const struct sidecore *sc);

#endif
