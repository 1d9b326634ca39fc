/*
 * irq — moderation arithmetic.
 */
#include "irq.h"

#include <math.h>

void irq_init(struct irq_line *l, struct inbox *owner, double min_gap_s, double coalesce_s,
	      unsigned coalesce_frames)
{
	l->min_gap_s = min_gap_s;
	l->coalesce_s = coalesce_s;
	l->coalesce_frames = coalesce_frames;
	l->last_fire = -INFINITY;
	l->fire_at = INFINITY;
	l->pending = 0;
	l->owner = owner;
}

void irq_raise(struct irq_line *l, double t, unsigned n)
{
	bool was_pending = !isinf(l->fire_at);
	double at = was_pending ? l->fire_at : t + l->coalesce_s;
	l->pending += n;
	if (l->coalesce_frames && l->pending >= l->coalesce_frames && t < at)
		at = t; /* enough completions: no more waiting for company */
	if (at < l->last_fire + l->min_gap_s)
		at = l->last_fire + l->min_gap_s;
	if (was_pending && at >= l->fire_at)
		return;
	l->fire_at = at;
	inbox_ring_at(l->owner, at);
}

bool irq_take(struct irq_line *l, double now)
{
	if (!time_reached(l->fire_at, now))
		return false;
	l->last_fire = l->fire_at;
	l->fire_at = INFINITY;
	l->pending = 0;
	return true;
}
