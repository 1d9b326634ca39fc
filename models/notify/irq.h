/*
 * irq — one guest queue's interrupt line as the device drives it, with moderation:
 *
 *   min_gap   interrupt throttling (a NIC's ITR: ixgbe/ixgbevf): at most one interrupt per
 *             interval; one raised sooner waits for the interval to pass;
 *   coalesce  notification coalescing (virtio-net's VIRTIO_NET_F_NOTF_COAL rx_usecs and
 *             rx_max_packets): the first pending completion waits up to coalesce_s, unless
 *             coalesce_frames completions are pending first.
 *
 * The device raises the line when it decides to interrupt (after vring's EVENT_IDX or
 * NO_INTERRUPT check: a masked queue never raises it); raises while one is pending merge into
 * it. The vCPU takes the interrupt at its firing time, running or halted.
 */
#ifndef VRIOSIM_IRQ_H
#define VRIOSIM_IRQ_H

#include <stdbool.h>

#include "inbox.h"

struct irq_line {
	double min_gap_s;           /* ITR interval (0: none) */
	double coalesce_s;          /* coalescing delay after the first pending event (0: none) */
	unsigned coalesce_frames;   /* fire once this many are pending (0: no count limit) */
	double last_fire;           /* when the last interrupt fired (-INFINITY: never) */
	double fire_at;             /* the pending interrupt's time (INFINITY: none pending) */
	unsigned pending;           /* completions behind the pending interrupt */
	struct inbox *owner;        /* the vCPU's inbox, rung at the firing time */
};

void irq_init(struct irq_line *l, struct inbox *owner, double min_gap_s, double coalesce_s,
	      unsigned coalesce_frames);
/* The device decided to interrupt at @t for @n completions. */
void irq_raise(struct irq_line *l, double t, unsigned n);
/* When the pending interrupt fires (INFINITY: none). */
static inline double irq_next(const struct irq_line *l) { return l->fire_at; }
/* Take the interrupt if it has fired by @now. True if one was taken. */
bool irq_take(struct irq_line *l, double now);

#endif
