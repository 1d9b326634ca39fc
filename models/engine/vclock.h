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
#include "ktimer.h"

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

/* SimGrid's blocking calls, forgetting the clock when they return. A sleep is a kernel timer
 * (ktimer.h), not a SimGrid sleep activity: the same wake-up time. */
static inline void vs_sleep_for(double d)
{
	vs_sleep_until(vs_now() + (d > 0 ? d : 0));
	vclock_forget();
}
/* Sleep until absolute time @t (no sleep if it has come): exact, where now + (t - now) may
 * round to one step short of t. */
static inline void vs_sleep_to(double t)
{
	if (t > vs_now()) {
		vs_sleep_until(t);
		vclock_forget();
	}
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
