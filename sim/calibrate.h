/*
 * calibrate — `vriosim calibrate MEASURED.csv -o PROFILE.ini`: turn the emulator's per-operation
 * measurements (`vrioemu calibrate`) into a cost profile that scenarios include with
 * `[costs] profile = PROFILE.ini`.
 *
 * Input (CSV, libcsv): '#' stamp lines first — "# vrioemu <ver> calibrate", then "# key=value"
 * lines naming the machine (host, cpu_model, cpu_ghz, kernel, date) — then the header
 * op,mode,queues,bytes,rep,value,unit,loadavg,busy and one row per measurement (value in ns).
 * Each op is fitted by ordinary least squares (GSL) on its x (bytes, or queues for poll_scan):
 *   sidecore_frame  ns = a + b*bytes  -> sidecore_req_cycles, sidecore_byte_cycles
 *   vhost_frame     ns = a + b*bytes  -> vhost_req_cycles, vhost_byte_cycles
 *   poll_scan       ns = a + b*queues -> poll_queue_ns = b
 *   wakeup          ns = a            -> wakeup_us
 *   vrio_frame, latency_* ...          -> [fit] only (no [costs] key means the same thing)
 * Cycles are at the measured machine's clock (cpu_ghz from the CSV, else /proc/cpuinfo).
 * Output: [profile] (provenance), [costs] (the fitted keys), [fit] (estimates, standard
 * errors, R^2, n per fit). Bad input: one line "file:line: key: what", exit 2, nothing written.
 */
#ifndef VRIOSIM_CALIBRATE_H
#define VRIOSIM_CALIBRATE_H

#include <stddef.h>

/* One least-squares line y = a + b x (b = 0 and se_b = 0 for a constant fit). */
struct cal_fit {
	double a, b, se_a, se_b, r2;
	size_t n;
	int linear;    /* a line was fitted (else the mean: b, se_b and r2 are 0) */
};
/* Fit @n points; @linear false fits the mean only. 0, or -1 when the data cannot determine
 * the line (fewer than 3 points, or x constant). */
int cal_fit_line(const double *x, const double *y, size_t n, int linear, struct cal_fit *f);

/* The subcommand: argv[0] = "calibrate". Exit code 0, 1 (cannot write), 2 (bad input). */
int cli_calibrate(int argc, char **argv);

#endif
