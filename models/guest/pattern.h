/*
 * pattern — load that varies in time (workload.pattern): a multiplier of the guests' load,
 *   constant  1
 *   step      pattern_low before pattern_at_s, pattern_high after
 *   ramp      from pattern_low at 0 to pattern_high at pattern_period_s, then high
 *   sine      a diurnal swing between low and high of period pattern_period_s (low at 0),
 *             VMhost h h/vmhosts of a period behind with pattern_stagger
 *   onoff     each VM alternates on (high) and off (low) with exponential sojourns of means
 *             pattern_on_s and pattern_off_s (a two-state Markov-modulated process), starting
 *             in its stationary state
 * Open loops thin their arrivals to it (a non-homogeneous Poisson process); closed loops scale
 * their requests in flight by it.
 */
#ifndef VRIOSIM_PATTERN_H
#define VRIOSIM_PATTERN_H

#include <stdbool.h>

#include "vriosim.h"

struct vcpu;

/* The multiplier of guest queue @v's load at @t (times must not go back for onoff). */
double pattern_at(struct vcpu *v, double t);
/* The largest multiplier the pattern reaches. */
double pattern_max(const struct vs_params *p);
/* When the multiplier next changes after @t: a step's time, a flip; continuous patterns a
 * hundredth of their period later; INFINITY when it no longer changes. */
double pattern_next_change(struct vcpu *v, double t);

#endif
