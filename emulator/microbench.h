/*
 * microbench — the calibration's in-process micro-benchmarks (no privileges, no network): each
 * pins its threads (cpu0 the "guest", cpu1 the I/O core, as the runs do) and returns ns per
 * operation, or -1 when it could not run.
 */
#ifndef VRIOEMU_MICROBENCH_H
#define VRIOEMU_MICROBENCH_H

/* Half an eventfd round trip cpu0 <-> cpu1: one cross-core wake-up (@n round trips). */
double bench_wakeup(int n);
/* One polling pass over @q queue indices another core keeps moving (@passes passes). */
double bench_poll_scan(int q, int passes);
/* One descriptor claim (atomic fetch-add) on a head cpu0 contends for (@n claims). */
double bench_rx_claim(int n);
/* One request through a real split ring on one core: add, publish, pop, push, reap. */
double bench_ring_op(int n);
/* A kick's eventfd write with nobody waiting. */
double bench_kick(int n);

#endif
