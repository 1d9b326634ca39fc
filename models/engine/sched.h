/*
 * sched — a CFS-like scheduler for the threads that share a VMhost's cores (trap's vCPU and
 * vhost threads; any model's vCPUs when VMs outnumber cores), in place of SimGrid's ideal
 * processor sharing (rack.shared_cores = cfs).
 *
 * Each core has a run queue ordered by virtual runtime (vruntime: CPU seconds received; every
 * thread has nice 0). A thread that has work becomes runnable on its home core; the core runs
 * the runnable thread with the smallest vruntime (ties: the lower thread id). The running
 * thread keeps its core until it blocks or is preempted:
 *  - at the end of its slice when others wait: max(latency / nr_running, min_granularity) of
 *    CPU since it got the core (Linux's sched_slice; the slice ends exactly, as with HRTICK);
 *  - on wake-up, by a thread whose vruntime is smaller than its own by more than
 *    wakeup_granularity (check_preempt_wakeup);
 *  - a pick made at an instant is revisited within that instant: a thread that becomes
 *    runnable on the core at the same simulated time and comes first in (vruntime, id) order
 *    takes the core instead (it was runnable when the core chose), so simultaneous wake-ups do
 *    not depend on the order SimGrid runs its actors.
 * A woken thread's vruntime is raised to at least the queue's min_vruntime - latency / 2
 * (place_entity with GENTLE_FAIR_SLEEPERS). A core that goes idle pulls the next runnable
 * thread of the busiest other core of the host (most runnable threads; ties: the lower core;
 * idle balance), its vruntime renormalised to the new queue (never lowered). Every switch
 * between two different threads on a core costs cfg.switch_s on that core, run before the
 * incoming thread's work and counted in its vruntime (Linux starts the next task's clock
 * before context_switch()).
 *
 * KVM halt polling: a halted vCPU keeps its core spinning for up to the poll window while no
 * other thread is runnable on it (kvm_vcpu_can_poll's single_task_running()); a thread that
 * becomes runnable there ends the poll and takes the core, and the vCPU then needs a real
 * wake-up.
 *
 * Time only advances in SimGrid: a thread waits on its own semaphore, with a timeout at the end
 * of its work or slice, and whoever changes the state of a core (a waker, a thread leaving its
 * core) updates it at once and releases the semaphores of the threads it concerns. A thread
 * alone on its core costs one timed wait per work item; a switch costs the waits of the two
 * threads involved. All calls are made by the thread's own actor.
 */
#ifndef VRIOSIM_SCHED_H
#define VRIOSIM_SCHED_H

#include <stdbool.h>
#include <stdint.h>

/* The effective tunables of one host (already scaled: sched_tunable_factor). */
struct sched_cfg {
	double latency_s;      /* sched_latency: the period in which every runnable thread runs */
	double min_gran_s;     /* min_granularity: no slice is shorter */
	double wakeup_gran_s;  /* wakeup_granularity: the vruntime lead a waker needs to preempt */
	double switch_s;       /* one switch between two different threads on a core */
	double window_start;   /* switches are counted from this time on */
};

/* Linux's sysctl_sched_tunable_scaling, in its order (SCHED_TUNABLESCALING_*). */
enum sched_scaling { SCHED_SCALING_NONE, SCHED_SCALING_LOG, SCHED_SCALING_LINEAR };

/* What the base tunables are multiplied by on a machine of @ncpus online CPUs
 * (get_update_sysctl_factor: 1, 1 + log2(min(ncpus, 8)), or min(ncpus, 8)). */
double sched_tunable_factor(enum sched_scaling mode, int ncpus);

struct sched;        /* one host's cores and their run queues */
struct sched_thread; /* one thread (an actor) on them */

/* A new scheduler of @cores cores, or NULL (out of memory). */
struct sched *sched_new(int cores, const struct sched_cfg *cfg);
/* Free it with its threads. */
void sched_free(struct sched *s);
/* Thread @slot of the host (its id: ties go to the lower), or NULL (out of memory). Its home
 * core is slot mod cores: the composer numbers a host's threads so that they spread. */
struct sched_thread *sched_thread_new(struct sched *s, int slot);
/* Switches between two different threads on the host's cores since cfg.window_start. */
uint64_t sched_switches(const struct sched *s);

/* How a thread's time on its core went, from @t0 to @t1: switch overhead, or a share of the
 * run's work (@share: its fraction, exactly 1 for a run done in one go). */
enum sched_seg { SCHED_SEG_SWITCH, SCHED_SEG_WORK };
typedef void (*sched_account_fn)(void *ctx, enum sched_seg seg, double t0, double t1,
				 double share);

/* Run @work_s seconds of work on the thread's core: wake it onto its home core if it was
 * blocked, wait for the core, run, and hand the core over whenever preempted. Returns with the
 * work done and the thread still holding its core (until it blocks or calls again). @acct sees
 * every segment it ran. */
void sched_run(struct sched_thread *t, double work_s, sched_account_fn acct, void *ctx);
/* The thread blocks (waits for an event off the CPU): its core goes to the next thread. */
void sched_block(struct sched_thread *t);

/* The thread halts, with KVM halt polling for up to @poll_s: it keeps its core spinning if
 * nothing else is runnable there, else it blocks at once. */
void sched_halt(struct sched_thread *t, double poll_s);
/* While halted: when the poll runs out (the caller looks again then), or INFINITY if it is not
 * polling. A poll whose time has come ends here: the thread blocks, its core goes idle (and
 * pulls work from a busy one). */
double sched_poll_until(struct sched_thread *t);
/* The halted thread's event has come. True if the poll caught it: the thread still holds its
 * core and goes on. False if it had blocked: it needs a real wake-up. *@poll_end: when the poll
 * stopped spinning (the halt's start if it never polled). */
bool sched_unhalt(struct sched_thread *t, double *poll_end);

#endif
