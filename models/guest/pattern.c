/*
 * pattern — multipliers in time.
 */
#include "pattern.h"

#include <math.h>

#include "rng.h"
#include "vcpu.h"

/* The on/off process of @v's VM, advanced to @t. */
static void onoff_advance(struct vcpu *v, double t)
{
	const struct vs_params *p = v->env->p;
	struct pattern_state *s = &v->wl.pattern;
	if (!s->started) { /* the stationary state, then a sojourn from now */
		s->started = true;
		s->on = rng_uniform(v->rng) < p->pattern_on_s / (p->pattern_on_s + p->pattern_off_s);
		s->next_switch = rng_draw(v->rng, &(struct vs_dist_spec){ DIST_EXP, 0 },
					  s->on ? p->pattern_on_s : p->pattern_off_s);
	}
	while (s->next_switch <= t) {
		s->on = !s->on;
		s->next_switch += rng_draw(v->rng, &(struct vs_dist_spec){ DIST_EXP, 0 },
					   s->on ? p->pattern_on_s : p->pattern_off_s);
	}
}

double pattern_at(struct vcpu *v, double t)
{
	const struct vs_params *p = v->env->p;
	double lo = p->pattern_low, hi = p->pattern_high, T = p->pattern_period_s;
	switch (p->pattern) {
	case PATTERN_CONSTANT:
		return 1;
	case PATTERN_STEP:
		return t < p->pattern_at_s ? lo : hi;
	case PATTERN_RAMP:
		return t >= T ? hi : lo + (hi - lo) * t / T;
	case PATTERN_SINE: {
		double shift = p->pattern_stagger ? T * v->host / p->vmhosts : 0;
		return lo + (hi - lo) * (1 - cos(2 * M_PI * (t - shift) / T)) / 2;
	}
	case PATTERN_ONOFF:
		onoff_advance(v, t);
		return v->wl.pattern.on ? hi : lo;
	}
	return 1;
}

double pattern_max(const struct vs_params *p)
{
	if (p->pattern == PATTERN_CONSTANT)
		return 1;
	return p->pattern_high > p->pattern_low ? p->pattern_high : p->pattern_low;
}

double pattern_next_change(struct vcpu *v, double t)
{
	const struct vs_params *p = v->env->p;
	switch (p->pattern) {
	case PATTERN_STEP:
		return t < p->pattern_at_s ? p->pattern_at_s : INFINITY;
	case PATTERN_RAMP:
		return t < p->pattern_period_s ? t + p->pattern_period_s / 100 : INFINITY;
	case PATTERN_SINE:
		return t + p->pattern_period_s / 100;
	case PATTERN_ONOFF:
		onoff_advance(v, t);
		return v->wl.pattern.next_switch;
	case PATTERN_CONSTANT:
		break;
	}
	return INFINITY;
}
