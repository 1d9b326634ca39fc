/* cpu — pinning threads: on this 2-core machine the guest owns cpu0 and the polling core cpu1;
 * a poller sharing its guest's core is catastrophic (4 ms scheduler slices). */
#ifndef VRIOEMU_CPU_H
#define VRIOEMU_CPU_H

/* Pin the calling thread to @cpu (< 0: leave it free). 0 or negative errno. */
int cpu_pin(int cpu);
/* Online CPUs. */
int cpu_count(void);
/* Where a helper program (the peer) runs by default: never on the I/O core, which the run
 * measures — the lowest CPU this process may use that is neither @guest_cpu nor @io_cpu, else
 * the guest's core (on 2 cores: cpu0, beside the guest; the peer runs at real-time priority, so
 * it preempts a spinning guest instead of starving behind it), else -1 (anywhere). */
int cpu_helper_default(int guest_cpu, int io_cpu);

#endif
