/*
 * guest — synthetic guests: one pinned thread driving the virtio-net devices (TX + RX queue
 * pair each) of N guests through the driver side of the ring, in shared guest memory.
 *
 * Workloads: stream (keep the TX ring full), rr (k requests outstanding per guest, each answered
 * by the peer), pktgen (a fixed total rate of frames; a full ring drops). Every request ends in
 * exactly one of: completed, dropped by the device (it says so in TX used.len), dropped at the
 * guest (ring full, pktgen), timed out (rr: no reply), still in flight at the end. run_check()
 * in main fails the run when these do not add up.
 */
#ifndef VRIOEMU_GUEST_H
#define VRIOEMU_GUEST_H

#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>

#include "measure.h"
#include "shm.h"
#include "vnet.h"

enum guest_workload { GUEST_STREAM, GUEST_RR, GUEST_PKTGEN };
#define GUEST_MAX_PORTS 64u
#define GUEST_MAX_OUTSTANDING 64u

struct guest_cfg {
	enum guest_workload workload;
	unsigned ports;         /* guests (one virtio-net device each) */
	unsigned queue_size;    /* descriptors per queue */
	bool event_idx;
	unsigned frame_len;     /* L2 bytes per frame */
	unsigned outstanding;   /* rr: requests in flight per guest */
	double rate_pps;        /* pktgen: total frames/s over all guests */
	unsigned batch;         /* stream/pktgen: frames added per kick decision */
	bool block;             /* idle → wait for an interrupt (trap); else spin */
	bool kick;              /* write the kick eventfd when the ring asks for it */
	int cpu;                /* pin here (-1: don't) */
	uint64_t t_warm, t_end; /* measured window [t_warm, t_end), CLOCK_MONOTONIC ns */
	uint64_t rr_timeout_ns; /* rr: a request unanswered this long is lost */
	uint64_t drain_ns;      /* after t_end: wait this long for what is in flight */
	/* Called every loop iteration on the guest's core (the vRIO front end); returns work done. */
	unsigned (*hook)(void *ctx);
	void *hook_ctx;
	/* Called for every completed request in the measured window (--record); NULL: none. */
	void (*on_complete)(void *ctx, unsigned port, uint64_t t_issue, uint64_t t_done);
	void *complete_ctx;
};

struct guest_stats {
	uint64_t issued, completed, dropped_device, dropped_ring_full, timeouts, inflight_end;
	uint64_t late_replies, rx_unexpected, bytes_completed;
	uint64_t kicks, kicks_suppressed, irqs_taken, wakeups;
	/* The measured window. Interrupts are those the guests took (read from their eventfds:
	 * while waiting, and at both ends of the window, so none straddles it). */
	uint64_t win_issued, win_completed, win_bytes, win_wall_ns, win_cpu_ns;
	uint64_t win_kicks, win_irqs;
	struct hist lat;        /* rr: request → reply; stream/pktgen: TX add → TX used */
};

struct gport;
struct guest {
	struct guest_cfg cfg;
	struct shm_region shm;
	struct gport *gp;       /* cfg.ports of them */
	struct vnet_port *ports; /* their public face, for the device side */
	atomic_int *stop;       /* set by main to abort early */
	struct guest_stats st;
	int err;                /* the thread's error, if it failed */
};

/* Lay out guest memory and rings, post RX buffers, create eventfds. 0 or negative errno. */
int guest_create(struct guest *g, const struct guest_cfg *cfg, atomic_int *stop);
void guest_destroy(struct guest *g);
/* The thread body (pthread start routine): runs the workload until t_end + drain. */
void *guest_run(void *g);

const char *guest_workload_name(enum guest_workload w);

#endif
