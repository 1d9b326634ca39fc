/*
 * inbox — how an actor waits: a doorbell plus timed arrivals.
 *
 * A dedicated core that polls (a sidecore) or a blocked thread (vhost, a vCPU in HLT) is not
 * simulated spinning: it sleeps on its inbox until someone rings the doorbell (a guest published
 * a request, a device completed) or until the earliest timed arrival it knows of (a frame that
 * will reach its NIC at time t). Timed queues hold those arrivals in ready-time order; posting
 * one wakes the owner only if it would otherwise sleep past it. Several actors may wait on one
 * inbox (a pool of IOhost sidecores): each ring wakes one of them.
 *
 * This is not a second event engine: every wait is a blocking SimGrid simcall that a kernel
 * timer answers at its deadline (ktimer.h), so simulated time only ever advances inside SimGrid.
 * A timed arrival does not wake its owner early: it moves the owner's timer to the arrival.
 */
#ifndef VRIOSIM_INBOX_H
#define VRIOSIM_INBOX_H

#include <stdbool.h>
#include <stdint.h>

#include "ktimer.h"

/* Simulated time is kept to 1 ns (SimGrid's timing precision): an arrival due within it counts
 * as arrived. Without this, a wake-up computed as now + (t - now) can land one rounding step
 * short of t, and a timeout below SimGrid's precision never fires on its own. */
#define TIME_EPS 1e-9

/* One actor waiting on an inbox: its own blocking point and deadline. */
struct inbox_waiter {
	struct vs_block blk;
	double deadline;             /* when it wakes by itself (INFINITY: never) */
	bool woken;                  /* a ring is on its way to it */
	struct inbox_waiter *next;   /* the inbox's list of waiters */
};

struct inbox {
	struct inbox_waiter *waiting; /* actors blocked in inbox_wait, in arrival order */
	struct inbox_waiter own;      /* the waiter of a single-actor inbox */
};

void inbox_init(struct inbox *ib);
/* A waiter record for one of several actors sharing an inbox (a sidecore pool). */
void inbox_waiter_init(struct inbox_waiter *w);
/* Block until rung or until absolute time @deadline (INFINITY: no timeout). True if rung.
 * Single-actor inboxes use inbox_wait; shared ones inbox_wait_as with the actor's record. */
bool inbox_wait(struct inbox *ib, double deadline);
bool inbox_wait_as(struct inbox *ib, struct inbox_waiter *w, double deadline);
/* Actors blocked on @ib right now (not counting those a ring is on its way to). */
int inbox_waiters(const struct inbox *ib);
/* Wake one waiter now (one that is not already being woken). */
void inbox_ring(struct inbox *ib);
/* Something becomes ready at absolute time @t: wake one waiter that would sleep past @t (it
 * re-reads its queues and sleeps again until @t). The wake-up now is part of the model: an
 * idle sidecore re-scans and draws its detection delay again, and the waiters of a pool
 * re-sleep to their group's earliest arrival (moving the timer instead changed the pools'
 * and the trap fallback's results beyond noise: docs/model.md). */
void inbox_ring_at(struct inbox *ib, double t);

/* A node embedded in whatever is queued (a request). */
struct tq_node {
	struct tq_node *next;
	double ready;       /* when it becomes visible to the owner */
	bool queued;        /* on a timed queue now (one at a time: the request's owner) */
};

/* Arrivals in ready-time order (FIFO among equal times). */
struct timedq {
	struct tq_node *head, *tail;
	unsigned len;
	struct inbox *owner; /* woken when an arrival needs attention */
	unsigned wake_len;   /* the owner cares once this many are queued (1: any arrival) */
};

void timedq_init(struct timedq *q, struct inbox *owner);
void timedq_post(struct timedq *q, struct tq_node *n, double ready);
/* The head if it is ready at @now, removed; else NULL. */
struct tq_node *timedq_pop_ready(struct timedq *q, double now);
/* Ready time of the head (INFINITY if empty). */
static inline double timedq_next(const struct timedq *q)
{
	return q->head ? q->head->ready : __builtin_inf();
}
/* Entries ready at @now (counts from the head; the queue is sorted). */
unsigned timedq_ready_count(const struct timedq *q, double now, unsigned limit);
/* Ready time of the @k-th entry (1-based; INFINITY if there are fewer). */
double timedq_nth_time(const struct timedq *q, unsigned k);
/* Is something due at @t ready at @now? */
static inline bool time_reached(double t, double now) { return t <= now + TIME_EPS; }

/* A finite ring in front of a consumer that drains it in arrival order (a NIC receive ring
 * polled by a sidecore or served by vhost). Arrivals are computed ahead of time, so whether one
 * found room is decided when the consumer reaches it: it did if fewer than `size` admitted
 * arrivals were still waiting when it arrived — admitted before it, minus those the consumer
 * had taken by then. */
struct ring_limit {
	unsigned size;          /* entries the ring holds (0: unbounded) */
	uint64_t admitted;      /* arrivals that found room */
	uint64_t taken;         /* entries the consumer took */
	double *taken_at;       /* the last `size` take times, circular */
	double newest;          /* the last take's time (-INFINITY: none yet) */
	bool unordered;         /* a take was ever earlier than the one before it (then the
				 * takes after an arrival are counted one by one, not searched) */
};

/* 0 or -ENOMEM. */
int ring_limit_init(struct ring_limit *l, unsigned size);
void ring_limit_free(struct ring_limit *l);
/* The consumer reached an entry that arrived at @arrival; it is @now. True if the entry had
 * found room (it is taken now), false if the ring was full when it arrived (dropped). */
bool ring_limit_take(struct ring_limit *l, double arrival, double now);

#endif
