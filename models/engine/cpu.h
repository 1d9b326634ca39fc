/*
 * cpu — where an actor's cycles go.
 *
 * A dedicated core (a sidecore, a pinned vCPU with a core of its own) is modelled by sleeping
 * for cycles/hz: nothing else competes, so SimGrid's CPU sharing would only cost time. Where
 * contention is what is studied (trap: vCPUs and vhost threads share the VMhost's cores) the
 * work is a SimGrid execution on the shared multi-core host, so max-min sharing decides who
 * progresses. Either way the consumed CPU time is accounted per category, for the CPU
 * breakdown (guest work, exits, I/O processing).
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
	CPU_USE_COUNT
};

struct cpu {
	sg_host_t host;     /* where executions run when shared */
	bool shared;        /* true: SimGrid execution; false: dedicated core (sleep) */
	double hz;          /* cycles per second of one core */
	double *used_s;     /* CPU seconds consumed per use (in the measured window), or NULL */
	double *busy_s;     /* this thread's own busy CPU seconds (window; halt polling aside), or
			     * NULL: its utilisation */
	double *host_busy_s; /* its host's busy CPU seconds (window; halt polling aside), or NULL */
	double window_start; /* accounting starts here (the warm-up's end) */
};

/* Spend @cycles of this context's core on @use. */
void cpu_run(struct cpu *c, double cycles, enum cpu_use use);
/* Spend cycles on several uses at once (one simulation activity for all of them). */
void cpu_run_mix(struct cpu *c, const double cycles[CPU_USE_COUNT]);
/* Account @cpu_s CPU seconds on @use for an activity that ran from @t0 to @t1 (clipped to the
 * measured window). For callers that sleep themselves (a sidecore's batched visit). */
void cpu_account(struct cpu *c, double t0, double t1, double cpu_s, enum cpu_use use);

#endif
