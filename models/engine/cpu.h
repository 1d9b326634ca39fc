/*
 * cpu — where an actor's cycles go.
 *
 * A dedicated core (a sidecore, a pinned vCPU with a core of its own) is modelled by sleeping
 * for cycles/hz: nothing else competes. Where contention is what is studied (trap: vCPUs and
 * vhost threads share the VMhost's cores; any model's vCPUs when VMs outnumber cores) the
 * thread runs on the host's shared cores, scheduled either by a CFS-like scheduler (sched.h:
 * run queues, slices, preemption, context switches; rack.shared_cores = cfs) or by SimGrid's
 * ideal processor sharing (an execution on the multi-core host; rack.shared_cores = ps).
 * Either way the consumed CPU time is accounted per category, for the CPU breakdown (guest
 * work, exits, I/O processing, halt polling, scheduling).
 *
 * A thread on shared cores that waits for an event must say so (cpu_block, or cpu_halt for an
 * idle vCPU) so that its core goes to others; between two runs with no wait in between it
 * keeps its core.
 */
#ifndef VRIOSIM_CPU_H
#define VRIOSIM_CPU_H

#include <simgrid/host.h>
#include <stdbool.h>

enum cpu_use {
	CPU_GUEST,      /* guest work: application, stack, interrupt handlers */
	CPU_EXIT,       /* VM exits */
	CPU_IO,         /* I/O processing: vhost threads, sidecores' request work */
	CPU_HALT_POLL,  /* KVM halt polling: an idle vCPU's core spinning for its next event */
	CPU_SCHED,      /* context switches between threads on a shared core */
	CPU_USE_COUNT
};

struct sched_thread;

struct cpu {
	sg_host_t host;     /* where executions run when shared */
	bool shared;        /* true: on the host's shared cores; false: dedicated core (sleep) */
	struct sched_thread *thread; /* shared under rack.shared_cores=cfs: its thread on the
				      * host's run queues (NULL: SimGrid's processor sharing) */
	double hz;          /* cycles per second of one core */
	double *used_s;     /* CPU seconds consumed per use (in the measured window), or NULL */
	double *busy_s;     /* this thread's own busy CPU seconds (window; halt polling aside), or
			     * NULL: its utilisation */
	double *host_busy_s; /* its host's busy CPU seconds (window; halt polling aside), or NULL */
	double window_start; /* accounting starts here (the warm-up's end) */
	/* A dedicated core's work whose end its actor did not wake for (a vCPU's halt exit that
	 * ran on into the halt, an interrupt handler, a halt poll that ended at a later time the
	 * vCPU acts as of): accounted by cpu_settle once that end has passed, in order. */
	struct {
		double t0, t1, cpu_s[CPU_USE_COUNT];
	} deferred[2];
	int n_deferred;
};

/* All of @cycles, whatever their use. */
static inline double cpu_cycles(const double cycles[CPU_USE_COUNT])
{
	double c = 0;
	for (int u = 0; u < CPU_USE_COUNT; u++)
		c += cycles[u];
	return c;
}

/* Spend @cycles of this context's core on @use. */
void cpu_run(struct cpu *c, double cycles, enum cpu_use use);
/* Spend cycles on several uses at once (one simulation activity for all of them). */
void cpu_run_mix(struct cpu *c, const double cycles[CPU_USE_COUNT]);
/* Account @cpu_s CPU seconds on @use for an activity that ran from @t0 to @t1 (clipped to the
 * measured window). For callers that sleep themselves (a sidecore's batched visit). */
void cpu_account(struct cpu *c, double t0, double t1, double cpu_s, enum cpu_use use);

/* Account @cpu_s (per use) for work from @t0 to @t1 that the caller will not wake at @t1 to
 * account: it is accounted as if at @t1 by the first cpu_settle after @t1. At most two at a
 * time, ending in the order deferred. */
void cpu_defer(struct cpu *c, double t0, double t1, const double cpu_s[CPU_USE_COUNT]);
/* The last deferred work did not end after all (interrupted): forget it. */
void cpu_undefer(struct cpu *c);
/* The last deferred work ended at @t1 (its end as deferred, or within the clock's precision of
 * it): account it, and all deferred before it, now, unless a reader already settled it. */
void cpu_defer_end(struct cpu *c, double t1);
/* Account the deferred work that ended before @now (strictly: an actor due at its end would
 * have accounted it after whatever reads at that instant). Readers of the accounts call it
 * for every cpu first; the owner calls it with INFINITY when it wakes past the end. */
void cpu_settle(struct cpu *c, double now);

/* The thread is about to wait for an event: its shared core goes to the next thread. */
void cpu_block(struct cpu *c);
/* An idle vCPU halts now; KVM polls for up to @poll_s (0: no polling) before descheduling it.
 * On a shared core under cfs it polls only while nothing else is runnable there. */
void cpu_halt(struct cpu *c, double poll_s);
/* While halted: wait no later than this (the poll's end, when the scheduler must see it), or
 * INFINITY. Ends a poll whose time has come. */
double cpu_halt_poll_until(struct cpu *c);
/* The halted vCPU's event has come (it halted at @t_halt with @poll_s): true if KVM's poll
 * caught it (it resumes at once), false if it was descheduled (it needs a wake-up). Accounts
 * the polling as CPU_HALT_POLL (dedicated cores, and shared ones under cfs while the core had
 * nothing else to run). */
bool cpu_unhalt(struct cpu *c, double t_halt, double poll_s);
/* The same for an event that comes at @t, later than now, on a dedicated core (its vCPU acts
 * as of @t ahead of time): the polling is deferred to @t (cpu_defer). */
bool cpu_unhalt_at(struct cpu *c, double t_halt, double poll_s, double t);

#endif
