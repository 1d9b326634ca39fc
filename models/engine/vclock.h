/*
 * vclock — the simulated clock, read from SimGrid once per engine step. SimGrid advances time
 * only while every actor is blocked, and an actor blocks only through the calls below (or
 * vclock_forget after a SimGrid call of its own that blocks): each forgets the kept value when
 * it returns, so the first read after it asks SimGrid again. Debug builds compare every read
 * with SimGrid's clock.
 */
#ifndef VRIOSIM_VCLOCK_H
#define VRIOSIM_VCLOCK_H

#include <simgrid/actor.h>
#include <simgrid/engine.h>
#include <simgrid/semaphore.h>
#include <stdbool.h>

#include "bug.h"

extern double vclock_now_;
extern bool vclock_valid_;

/* After a blocking SimGrid call made outside these wrappers: the clock may have moved. */
static inline void vclock_forget(void) { vclock_valid_ = false; }

/* The current simulated time (simgrid_get_clock, read once per engine step). */
static inline double vs_now(void)
{
	if (!vclock_valid_) {
		vclock_now_ = simgrid_get_clock();
		vclock_valid_ = true;
	}
	if (VS_DEBUG)
		VS_BUG_ON(vclock_now_ != simgrid_get_clock(), "stale clock %.9f (SimGrid at %.9f)",
			  vclock_now_, simgrid_get_clock());
	return vclock_now_;
}

/* SimGrid's blocking calls, forgetting the clock when they return. */
static inline void vs_sleep_for(double d)
{
	sg_actor_sleep_for(d);
	vclock_forget();
}
static inline void vs_execute(double flops)
{
	sg_actor_execute(flops);
	vclock_forget();
}
static inline void vs_sem_acquire(sg_sem_t s)
{
	sg_sem_acquire(s);
	vclock_forget();
}
static inline int vs_sem_acquire_timeout(sg_sem_t s, double timeout)
{
	int rc = sg_sem_acquire_timeout(s, timeout);
	vclock_forget();
	return rc;
}

#endif
