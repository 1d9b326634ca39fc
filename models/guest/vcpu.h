/*
 * vcpu — one guest queue: a vCPU of a VM with its own virtqueue (virtio multiqueue: one queue
 * per vCPU) and its own copy of the workload, and what all guests of a run share (struct
 * guest_env). Data only: the guest loop (guest.c) runs it, the workloads (wl_*.c) fill its
 * requests, the I/O models serve its queue.
 */
#ifndef VRIOSIM_VCPU_H
#define VRIOSIM_VCPU_H

#include <gsl/gsl_rng.h>
#include <simgrid/host.h>
#include <stdbool.h>
#include <stdint.h>

#include "cpu.h"
#include "flow.h"
#include "inbox.h"
#include "irq.h"
#include "meter.h"
#include "virtqueue.h"
#include "vriosim.h"

struct io_model;
struct workload;
struct rack;
struct pkt_pool;
struct wire_port;
struct blockdev;

/* What every guest of a run shares. */
struct guest_env {
	const struct vs_params *p;
	const struct io_model *model;     /* the I/O path requests take */
	const struct workload *wl;        /* what the applications ask for */
	struct meter *meter;              /* where completions and exits are counted */
	const struct vs_observer *observer; /* sees every completed request (NULL: nobody) */
	const char *path;                 /* the request path, for the observer */
	double virt;                      /* guest cycles cost this much more (virt_overhead or 1) */
	uint64_t next_req_id;             /* the next request's sequence number */
	bool run_ahead;                   /* may a vCPU run ahead of the clock (guest.c: nobody
					   * reads what it does meanwhile but the sampler) */
	struct pkt_pool *pkts;            /* packets toward the guests */
	struct rack *rack;                /* the composer: the I/O model's business, opaque here */
};

/* A VM's on/off process (workload.pattern = onoff: guest/pattern.c). */
struct pattern_state {
	bool on;               /* its load is on now */
	double next_switch;    /* when it flips */
	bool started;          /* its state was drawn */
};

/* Workload state of one guest queue. */
struct wl_state {
	bool timed;            /* arrivals by time (open loops, traces), not by completions */
	int budget;            /* closed loop: requests allowed in flight */
	double rate;           /* open loop: requests per second (0: none) */
	double next_arrival;   /* open loop / trace: next scheduled issue time (INFINITY: none) */
	int trace_pos;         /* trace replay: next record */
	double base;           /* closed loop: requests in flight before the pattern (outstanding
				* times the host's weight; INFINITY: as many as the ring takes) */
	struct pattern_state pattern; /* its VM's on/off process (workload.pattern = onoff) */
};

struct vcpu {
	int id;                /* global index of the guest queue */
	int vm, host;          /* VM (global index) and VMhost */
	int slot;              /* its place among its VMhost's guest queues (0, 1, ...) */
	struct guest_env *env; /* what it shares with the other guests */
	struct cpu cpu;        /* where its cycles go */
	struct inbox inbox;    /* interrupts, arrivals at its VF and its timers wake it */
	struct req_pool pool;  /* its requests: the guest memory its TX descriptors point into */
	struct virtqueue txq;  /* requests out: virtio-net TX, virtio-blk, or its VF's TX ring */
	struct virtqueue rxq;  /* receive buffers (network): virtio-net RX or its VF's RX ring */
	struct irq_line irq;   /* its queue's interrupt, as the device raises it */
	struct timedq arrivals; /* packets on their way into its VF's RX ring (VF paths) */
	struct timedq txdone;  /* requests whose VF TX descriptor the NIC returns (VF paths) */
	struct flow flow;      /* its transport: TCP window and losses */
	gsl_rng *rng;          /* its own random stream */
	struct wl_state wl;    /* its copy of the workload */
	int inflight;          /* requests issued and not yet completed or given up */
	uint64_t w_done;       /* its completions in the measured window (fairness) */
	double busy_s;         /* its core's busy seconds in the window (utilisation) */
	bool napi;             /* NAPI scheduled: its interrupt masked, the softirq polls */
	bool in_irq;           /* handling an interrupt: nothing preempts it */
	bool tx_stopped;       /* its TX ring was full: the driver waits for an interrupt */
	double ahead;          /* the time it acts as of while it runs ahead of the clock (its
				* receive work's end: ahead.h; 0: it does not) */
	double owed[CPU_USE_COUNT]; /* cycles done but not yet run (a burst's work is one run) */
	void *backend;         /* the I/O model's per-queue backend state */
	const struct io_model *model; /* the path its requests take now: env->model, or
				       * trap-and-emulate while it is switched there (vhost.h) */
	struct wire_port *port;      /* its VMhost's NIC port */
	struct wire_port *peer_port; /* its network peer's port */
	struct blockdev *dev;        /* its block device when local */
	int iohost;                  /* the IOhost that serves its VM (rack.iohost_assign) */
	struct wire_port *iohost_port; /* that IOhost's NIC port */
	struct blockdev *iohost_dev; /* its block device there */
};

#endif
