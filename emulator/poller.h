/*
 * poller — the device side of the guests' virtio-net devices against one tap each, in the two
 * local models:
 *  - elvis (a sidecore): a thread pinned to its own core spins over all queues, never sleeps,
 *    never takes a kick (notifications stay disabled); scheduling is round-robin with a batch
 *    bound per visit from a start that rotates by one each pass, or longest-queue-first
 *    (serve the TX queue with most pending; ties to the lowest index, as the simulator);
 *  - trap (KVM + vhost-net): a thread blocks in epoll on the guests' kick eventfds (the stand-in
 *    for the VM exit and the vhost wake-up) and the taps; woken, it disables notifications,
 *    drains, re-enables and re-checks (no lost wake-up), and interrupts through an eventfd.
 * The same names as the simulator's sidecore model: policy rr | longest, batch.
 */
#ifndef VRIOEMU_POLLER_H
#define VRIOEMU_POLLER_H

#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>

#include "measure.h"
#include "vnet.h"

enum poller_policy { POLLER_RR, POLLER_LONGEST };

struct poller_cfg {
	bool block;                /* trap mode: sleep on kicks; else spin (elvis' sidecore) */
	enum poller_policy policy;
	unsigned batch;            /* chains (and frames read) per queue visit */
	int cpu;                   /* pin here (-1: don't) */
	uint64_t t_warm, t_end;    /* measured window, CLOCK_MONOTONIC ns */
};

struct poller {
	struct poller_cfg cfg;
	struct vnet_dev *devs;
	const int *taps;
	unsigned n;
	unsigned cursor;           /* longest-first: where the next scan starts (ties rotate) */
	atomic_int *stop;          /* set by main once the guest has finished */
	uint64_t iterations, busy_iterations, wakeups, rx_errors;
	uint64_t win_busy_ns, win_cpu_ns, win_wall_ns; /* the measured window */
	/* Spinning only, in the window: time in TX sweeps that moved frames (the per-frame
	 * work on a frame's path), and the passes that found nothing (what a frame arriving
	 * mid-pass waits for: the detection delay). */
	uint64_t win_tx_ns, win_idle_ns, win_idle_iters;
	struct hist win_tx_hist;   /* TX work per frame, one sample per sweep that moved frames */
	int err;
};

void poller_init(struct poller *p, const struct poller_cfg *cfg, struct vnet_dev *devs,
		 const int *taps, unsigned n, atomic_int *stop);
/* Thread body. */
void *poller_run(void *p);
/* Serve one device against its tap: TX then RX, each up to @budget. Returns work done. */
unsigned poller_serve(struct vnet_dev *d, int tap, unsigned budget, uint64_t *rx_errors);

const char *poller_policy_name(enum poller_policy p);

#endif
