/*
 * ktimer — an actor blocked until a date, on SimGrid's kernel timers.
 *
 * A dedicated core's actor (a guest on its own core, a sidecore, a wire's or a device's
 * waiter) blocks for one of two reasons: until a known time (the end of a visit, of a piece of
 * work, of a timeout) or until someone wakes it. SimGrid's own sleeps and semaphore timeouts
 * make an activity and a CPU-model action for each, solved by the linear max-min system; a
 * kernel timer (simgrid::kernel::timer::Timer, SimGrid's include/simgrid/kernel/Timer.hpp) is
 * one entry in the engine's timer heap. Here a blocked actor is a blocking simcall that no
 * activity answers: a kernel timer answers it at its date, or a waker does, earlier.
 *
 * Simulated time still advances only in SimGrid: the engine moves its clock to the earliest
 * timer or action end. Ties at one instant: the waits due at one date wake in the order they
 * were armed (each date's waits in a list, answered by one kernel timer); the engine runs due
 * timers before the actors they woke, and those actors run in the order they were woken. A
 * waker does not yield: it goes on until its own next wait, and the actor it woke runs after
 * it, later in the same sub-round (after the actors already due to run in it); an actor woken
 * before SimGrid handled its own wait (it ran earlier in that sub-round) runs in the next.
 *
 * Shared cores (the CFS-like scheduler, SimGrid executions) keep SimGrid's CPU sharing.
 *
 * An actor must not be killed while blocked here (its timer would answer a dead actor): the
 * models' actors live for the whole run, which ends at its duration (simgrid_run_until).
 *
 * These calls block: callers in models/ reach them through vclock.h and inbox.h, which forget
 * the kept clock when they return.
 */
#ifndef VRIOSIM_KTIMER_H
#define VRIOSIM_KTIMER_H

#include <stdbool.h>

#ifdef __cplusplus
extern "C" {
#endif

/* One actor's blocking point. Owned by that actor; woken by anyone. */
struct vs_block {
	void *actor;                    /* the blocked actor (SimGrid's kernel actor) */
	void *bucket;                   /* the waits due at its date (NULL: no date armed) */
	struct vs_block *tprev, *tnext; /* its neighbours there, first armed first */
	void (*fn)(void *);             /* called in the engine as it wakes (vs_run_at) */
	void *arg;
	bool blocked;                   /* in vs_block_until now */
	bool parked;                    /* and its simcall handled (so a waker may answer it) */
	bool woken;                     /* answered by vs_block_wake, not by its date */
};

void vs_block_init(struct vs_block *b);
/* Block the calling actor until absolute time @date (INFINITY: until woken). True if a waker
 * answered it before its date. */
bool vs_block_until(struct vs_block *b, double date);
/* Answer @b now, if it is blocked (from an actor, or from a kernel timer's callback). The
 * caller does not yield: @b's actor runs once the caller waits (see above). */
void vs_block_wake(struct vs_block *b);
/* Block the calling actor until absolute time @date; nobody wakes it earlier. */
void vs_sleep_until(double date);
/* Block the calling actor until absolute time @date, and there call @fn(@arg) in the engine
 * before any actor due at that instant runs (SimGrid runs due timers first); then the caller
 * resumes. @fn must not block. (A bare timer callback would not do: SimGrid ends a run when
 * the clock is within 10 us of its end and no actor is runnable.) */
void vs_run_at(double date, void (*fn)(void *), void *arg);

/* A chain of @n kernel timers, at @first, @first + @step, ...: each one's callback sets the
 * next. No actor: SimGrid's engine stepping at its cheapest (vs_engine_loop's benchmark). */
void vs_timer_chain(double first, double step, long n);

#ifdef __cplusplus
}
#endif

#endif
