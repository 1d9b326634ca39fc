/* cpu — pinning threads: on this 2-core machine the guest owns cpu0 and the polling core cpu1;
 * a poller sharing its guest's core is catastrophic (4 ms scheduler slices). */
#ifndef VRIOEMU_CPU_H
#define VRIOEMU_CPU_H

/* Pin the calling thread to @cpu (< 0: leave it free). 0 or negative errno. */
int cpu_pin(int cpu);
/* Online CPUs. */
int cpu_count(void);

#endif
