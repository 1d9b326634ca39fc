/*
 * ahead — a vCPU that runs ahead of the clock.
 *
 * After a held interrupt handler (handler.h) the stack's work for the response ends at a time
 * the vCPU knows at the handler's start. When nobody can tell the difference (ahead_may), the
 * vCPU does not wait for that time: it goes on at once as of it (vcpu.ahead) — the response's
 * completion, the application's next request and that request's stack work, whose end is the
 * first instant it waits for. Until the clock catches up, the guest's code reads its time from
 * ahead_now; before anything others see at once (a publish to a ring a device polls) or a
 * halt, it catches up (ahead_sync). The rules: docs/model.md, "Order at equal times".
 */
#ifndef VRIOSIM_AHEAD_H
#define VRIOSIM_AHEAD_H

#include <stdbool.h>

#include "vclock.h"
#include "vcpu.h"

/* The time the vCPU acts as of: now, or the later time it runs ahead to. */
static inline double ahead_now(struct vcpu *v)
{
	double now = vs_now();
	if (v->ahead > now)
		return v->ahead;
	v->ahead = 0;
	return now;
}

/* Before what others see at once, or what reads the clock itself: wait until the time the vCPU
 * acts as of (no wait when it does not run ahead). */
static inline void ahead_sync(struct vcpu *v)
{
	if (v->ahead > vs_now())
		vs_sleep_to(v->ahead);
	v->ahead = 0;
}

/* The held handler's run and its stack's run end at @t; @due is the next thing due for the
 * vCPU (an interrupt, a VF event, a loss noticed, its workload). May the vCPU run ahead to @t
 * instead of waiting for it? */
bool ahead_may(const struct vcpu *v, double t, double due);

#endif
