/*
 * calibrate — `vriosim calibrate MEASURED.csv -o PROFILE.ini`: turn the emulator's per-operation
 * measurements (`vrioemu calibrate`, input.h) into a cost profile (profile.h) that scenarios
 * include with `[costs] profile = PROFILE.ini`.
 *
 * Each op is fitted by ordinary least squares (GSL, fit.h) on its x (bytes, or queues for
 * poll_scan):
 *   sidecore_frame  ns = a + b*bytes  -> sidecore_req_cycles, sidecore_byte_cycles
 *   vhost_frame     ns = a + b*bytes  -> vhost_req_cycles, vhost_byte_cycles
 *   poll_scan       ns = a + b*queues -> poll_queue_ns = b
 *   wakeup          ns = a            -> wakeup_us
 *   vrio_frame, latency_* ...          -> [fit] only (no [costs] key means the same thing)
 * Cycles are at the measured machine's clock (cpu_ghz from the CSV, else /proc/cpuinfo).
 * Rows flagged busy are left out of every fit, and a fit that is not good enough is refused
 * (quality.h): then no profile is written, stderr lists every refused fit and why, exit 1.
 * Bad input: one line "file:line: key: what", exit 2, nothing written.
 */
#ifndef VRIOSIM_CALIBRATE_H
#define VRIOSIM_CALIBRATE_H

/* Fit @measured into the profile @out. Returns the exit code: 0, 1 (a fit refused, or the
 * profile cannot be written: nothing written), 2 (bad input); the messages on stderr. */
int calibrate_run(const char *measured, const char *out);

#endif
