/*
 * calibrate — `vrioemu calibrate -o FILE.csv`: the measurements `vriosim calibrate` fits into a
 * cost profile (DESIGN §7). Per-frame busy time of the polling core (elvis mode), of the
 * I/O thread (trap mode) and of the IOhost core (vrio mode) over frame sizes 64..9000, the p50
 * frame latency of each mode, a polling pass over 1..16 queues whose index another core moves,
 * and the eventfd cross-core wake-up; every row with its repetition, load average and busy flag.
 * Each emulator run is a child `vrioemu run` (its own namespaces, always cleaned up); the
 * micro-benchmarks are in microbench.h.
 *
 * A measurement the machine was busy for (other programs on the CPUs just before it) is taken
 * again, up to --retries times a second apart; one still busy is written flagged busy=1, which
 * `vriosim calibrate` leaves out of its fits (and refuses fits left with too few rows).
 */
#ifndef VRIOEMU_CALIBRATE_H
#define VRIOEMU_CALIBRATE_H

/* argv[0] = "calibrate". Returns the exit code (0, 1, or 2 for usage and privileges). */
int calib_main(int argc, char **argv);

#endif
