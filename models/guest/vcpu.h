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
#include "inbox.h"
#include "meter.h"
#include "virtqueue.h"
#include "vriosim.h"

struct io_model;
struct workload;
struct rack;
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
	struct rack *rack;                /* the composer: the I/O model's business, opaque here */
};

/* Workload state of one guest queue. */
struct wl_state {
	bool timed;            /* arrivals by time (open loops, traces), not by completions */
	int budget;            /* closed loop: requests allowed in flight */
	double rate;           /* open loop: requests per second (0: none) */
	double next_arrival;   /* open loop / trace: next scheduled issue time (INFINITY: none) */
	int trace_pos;         /* trace replay: next record */
};

struct vcpu {
	int id;                /* global index of the guest queue */
	int vm, host;          /* VM (global index) and VMhost */
	struct guest_env *env; /* what it shares with the other guests */
	struct cpu cpu;        /* where its cycles go */
	struct inbox inbox;    /* interrupts and VF arrivals wake it */
	struct timedq rxq;     /* completions arriving at its VF (sriov, vrio, baremetal) */
	struct virtqueue vq;   /* its virtqueue */
	gsl_rng *rng;          /* its own random stream */
	struct wl_state wl;    /* its copy of the workload */
	int inflight;          /* requests issued and not completed */
	bool irq_pending;      /* the backend raised an interrupt not yet taken */
	double owed[CPU_USE_COUNT]; /* cycles done but not yet slept (dedicated cores batch them) */
	void *backend;         /* the I/O model's per-queue backend state */
	struct wire_port *port;      /* its VMhost's NIC port */
	struct wire_port *peer_port; /* its network peer's port */
	struct blockdev *dev;        /* its block device when local */
};

#endif
