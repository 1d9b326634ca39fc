/*
 * meter — what a run measures while it runs: the conservation counters of the whole run, the
 * counters, latency samples and CPU time of the measured window (after the warm-up). Every
 * module that counts something takes the meter, not the rack.
 */
#ifndef VRIOSIM_METER_H
#define VRIOSIM_METER_H

#include <stdbool.h>
#include <stdint.h>

#include "cpu.h"
#include "stats.h"

struct meter {
	double window_start;          /* the measured window starts here (= run.warmup_s) */
	/* The whole run: every issued request is completed, dropped or still in flight. */
	uint64_t issued;              /* requests the applications issued */
	uint64_t completed;           /* requests whose completion reached the application */
	uint64_t dropped;             /* requests dropped (a full ring) */
	/* The measured window. */
	uint64_t w_completed;         /* completions delivered in the window */
	uint64_t w_exits;             /* VM exits */
	uint64_t w_kicks;             /* guest notifications, exiting or not */
	uint64_t w_interrupts;        /* interrupts taken by guests */
	double w_bytes;               /* request + response payload bytes completed */
	struct samples latency;       /* seconds, per completion */
	double cpu_used[CPU_USE_COUNT]; /* CPU seconds by use: guests, exits, I/O processing */
	double io_busy_s;             /* polling cores: seconds processing */
	double io_poll_s;             /* polling cores: seconds scanning queues with work around */
	int error;                    /* first failure while measuring (-ENOMEM), 0 if none */
};

void meter_init(struct meter *m, double window_start);
void meter_free(struct meter *m);
/* Is simulated time @t inside the measured window? */
static inline bool meter_in_window(const struct meter *m, double t) { return t >= m->window_start; }
/* Add @n to window counter @counter if the current simulated time is in the window. */
void meter_count(struct meter *m, uint64_t *counter, uint64_t n);
/* A request's completion reached its application at @t: count it (and its bytes and latency
 * when @t is in the window). A latency sample that cannot be kept sets m->error. */
void meter_complete(struct meter *m, double t_issue, double t, double bytes);

#endif
