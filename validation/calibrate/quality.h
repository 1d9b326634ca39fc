/*
 * quality — what a fit must be before `vriosim calibrate` writes it, and the [costs] values a
 * profile carries, each checked against the scenario reader's own key table (vs_key_set) in
 * the exact text that will be written.
 *
 * A profile is all or nothing: one refused fit and no profile is written (exit 1), with every
 * refused fit and its reason on stderr. A partial profile would leave the refused keys at
 * their literature defaults, silently mixed with this machine's costs: the wrong answer this
 * refusal exists to prevent. Measure again, on a quiet machine.
 *
 * The rules (docs/calibration.md, "When a calibration is refused"):
 *  - rows taken while the machine was busy (busy = 1) are left out of every fit; an operation
 *    needs CAL_MIN_QUIET_ROWS quiet rows and at least CAL_MIN_QUIET_SHARE of its rows quiet;
 *  - poll_scan, whose slope alone is a cost (poll_queue_ns), needs R^2 >= CAL_MIN_R2;
 *  - every fit a [costs] key comes from must be precise: its fitted line's standard error at
 *    each measured x within CAL_MAX_REL_SE of the line's value there (for lines whose slope
 *    is a small per-byte correction, R^2 measures the slope's share of the scatter, not the
 *    fit: a quiet machine's sidecore_frame has R^2 ~0.04, its line known within 12%);
 *  - a negative cost within CAL_ZERO_SE standard errors of 0 is refused as too noisy (the
 *    scatter cannot tell it from 0: a per-byte slope too small for this machine's noise);
 *  - physically impossible values are refused, never clamped: a negative cost (intercept or
 *    per-byte slope) beyond that, a vRIO frame latency below the send over the wire it
 *    includes, and any value the scenario reader would reject (its key's range:
 *    sidecore_sigma <= 10, 0.01 <= sidecore_warm_ratio <= 1, ...).
 */
#ifndef VRIOSIM_CAL_QUALITY_H
#define VRIOSIM_CAL_QUALITY_H

#include <stddef.h>

#include "calout.h"

#define CAL_MIN_QUIET_ROWS 3     /* quiet rows per operation, at least */
#define CAL_MIN_QUIET_SHARE 0.5  /* of an operation's rows, quiet, at least */
#define CAL_MIN_R2 0.5           /* poll_scan: the slope is the cost */
#define CAL_MAX_REL_SE 0.25      /* a cost's fitted line: standard error / value, at most */
#define CAL_ZERO_SE 2.0          /* a negative cost this many standard errors from 0: noise */
/* A vRIO frame's p50 latency includes its send over the veth; the send is timed as a mean,
 * which its slow tail pulls above its median: the latency must reach this share of it. */
#define CAL_LAT_WIRE_SHARE 0.25

/* Keep only the rows of each operation taken on a quiet machine (o->qx, qy, qn); refuse the
 * operations left with too few (o->refused). 0, or -1 out of memory. */
int cal_quiet_rows(struct cal_out *o);
/* After the fits: check each, derive the [costs] values (o->costs) and check them. Refusals
 * accumulate in o->refused. */
void cal_check(struct cal_out *o);
/* The rules, one line, for the profile's [profile] quality key. */
void cal_quality_rules(char *buf, size_t n);
/* Add a refusal (printf-style). */
void cal_refuse(struct cal_out *o, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

#endif
