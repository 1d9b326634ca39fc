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

/* Where requests and packets are lost (finite buffers, overflow). */
enum drop_place {
	DROP_GUEST_TX,     /* the guest's TX ring was full (open loops drop at the application) */
	DROP_NIC_TX,       /* a sender's NIC queue overflowed */
	DROP_SWITCH,       /* a ToR output buffer overflowed */
	DROP_NIC_RX,       /* a NIC receive ring was full (host NIC, IOhost rings) */
	DROP_GUEST_RX,     /* the guest had posted no receive buffer (virtio-net RX, VF RX ring) */
	DROP_FAULT,        /* lost to a failed component (an IOhost, a link, a sidecore) */
	DROP_PLACES
};

#define METER_SAMPLES 9 /* in-flight samples across the measured window */

struct meter {
	double window_start;          /* the measured window starts here (= run.warmup_s) */
	double window_end;            /* and ends here (= run.duration_s) */
	/* The whole run: every issued request is completed, dropped or still in flight. */
	uint64_t issued;              /* requests the applications issued */
	uint64_t completed;           /* requests whose completion reached the application */
	uint64_t dropped;             /* requests dropped (a full ring) */
	/* The measured window. */
	uint64_t w_completed;         /* completions delivered in the window */
	uint64_t w_exits;             /* VM exits */
	uint64_t w_halt_exits;        /* of which HLT exits (an idle vCPU) */
	uint64_t w_kicks;             /* guest notifications, exiting or not */
	uint64_t w_interrupts;        /* interrupts taken by guests */
	double w_bytes;               /* payload bytes delivered to their receiver in the window */
	uint64_t lost;                /* requests the application gave up on (whole run) */
	uint64_t w_drops[DROP_PLACES]; /* messages dropped, by place (window) */
	uint64_t w_retransmits;       /* TCP-like retransmissions (window) */
	uint64_t w_late;              /* answers that came after the application gave up (window) */
	uint64_t w_ctx_switches;      /* context switches on shared cores (window) */
	struct samples latency;       /* seconds, per completion */
	double cpu_used[CPU_USE_COUNT]; /* CPU seconds by use: guests, exits, I/O processing,
					 * halt polling, context switches */
	double io_busy_s;             /* polling cores: seconds processing */
	double io_poll_s;             /* polling cores: seconds scanning queues with work around */
	double vhost_io_s;            /* of cpu_used[CPU_IO], switchable vhost threads' (vhost.h)
				       * and queue moves' seconds: not a polling core's */
	int error;                    /* first failure while measuring (-ENOMEM), 0 if none */
	double inflight_at[METER_SAMPLES]; /* requests in flight across the window (stability) */
	uint32_t *per_ms;             /* completions per millisecond of the run (faults), or NULL */
	uint64_t drops_all;           /* messages dropped, the whole run (w_drops: the window) */
	double next_read;             /* when the sampler next reads these counters and the CPU
				       * accounts (INFINITY: never again; 0: not known yet) */
	int n_ms;
	int n_samples;
};

void meter_init(struct meter *m, double window_start, double window_end);
void meter_free(struct meter *m);
/* Is simulated time @t inside the measured window? */
static inline bool meter_in_window(const struct meter *m, double t)
{
	return t >= m->window_start && t <= m->window_end;
}
/* Requests in flight in the whole rack (issued, not completed, dropped or given up). */
static inline uint64_t meter_inflight(const struct meter *m)
{
	return m->issued - m->completed - m->dropped - m->lost;
}
/* Take the next in-flight sample (METER_SAMPLES evenly across the window). */
void meter_sample(struct meter *m);
/* Did the requests in flight grow through the window (least-squares slope over the samples
 * times the window, above max(10, 10% of their mean))? */
bool meter_growing(const struct meter *m);

/* Add @n to window counter @counter if the current simulated time is in the window. */
void meter_count(struct meter *m, uint64_t *counter, uint64_t n);
/* The same for something that happens at @t. */
void meter_count_at(struct meter *m, uint64_t *counter, uint64_t n, double t);
/* A request's completion reached its application at @t: count it (and its latency when @t is
 * in the window). A latency sample that cannot be kept sets m->error. */
void meter_complete(struct meter *m, double t_issue, double t);
/* @bytes of payload reached their receiver (the peer's application, or the guest's) at @t. */
static inline void meter_deliver(struct meter *m, double t, double bytes)
{
	if (meter_in_window(m, t))
		m->w_bytes += bytes;
}
/* A message was dropped at @place at @t. */
static inline void meter_drop(struct meter *m, enum drop_place place, double t)
{
	m->drops_all++;
	if (meter_in_window(m, t))
		m->w_drops[place]++;
}

#endif
