/*
 * rack — the simulated rack one run builds: VMhosts and their guest queues, the IOhost, the
 * client hosts, the wire, the devices, and what is measured. The I/O model (io/io_model.h)
 * decides the path a request takes through these parts.
 *
 * A guest queue (struct vcpu) is one vCPU of a VM with its own virtqueue (virtio multiqueue:
 * one queue per vCPU) and its own copy of the workload.
 */
#ifndef VRIOSIM_RACK_H
#define VRIOSIM_RACK_H

#include <gsl/gsl_rng.h>
#include <simgrid/host.h>
#include <stdint.h>
#include <stdio.h>

#include "blockdev.h"
#include "cpu.h"
#include "inbox.h"
#include "params.h"
#include "stats.h"
#include "virtqueue.h"
#include "wire.h"

struct io_model;
struct rack;

/* Workload state of one guest queue. */
struct wl_state {
	int budget;            /* closed loop: requests allowed in flight */
	double rate;           /* open loop: requests per second (0: none / as fast as possible) */
	double next_arrival;   /* open loop: next scheduled issue time */
	int trace_pos;         /* trace replay: next record */
};

struct vcpu {
	int id;                /* global index */
	int vm, host;          /* VM (global index) and VMhost */
	struct rack *rack;
	struct cpu cpu;        /* where its cycles go */
	struct inbox inbox;    /* interrupts and VF arrivals wake it */
	struct timedq rxq;     /* completions arriving at its VF (sriov, vrio, baremetal) */
	struct virtqueue vq;   /* its virtqueue */
	gsl_rng *rng;          /* its own random stream */
	struct wl_state wl;
	int inflight;          /* requests issued and not completed */
	bool irq_pending;      /* the backend raised an interrupt not yet taken */
	double owed[CPU_USE_COUNT]; /* cycles done but not yet slept (dedicated cores batch them) */
	void *backend;         /* the model's per-queue backend state */
	struct wire_port *port;     /* its VMhost's NIC port */
	struct wire_port *peer_port; /* its network peer's port */
	struct blockdev *dev;       /* its block device when local */
};

/* Counters of one run. Totals cover the whole run (conservation); the w_ ones only the
 * measured window after the warm-up. */
struct rack_counters {
	uint64_t issued, completed, dropped;
	uint64_t w_completed, w_exits, w_kicks, w_interrupts;
	double w_bytes;         /* request + response payload bytes completed in the window */
	uint64_t ring_faults;
};

struct rack {
	const struct vs_params *p;
	const struct io_model *model;
	struct wire_cfg wire;
	double hz;                   /* cycles per second of every core */
	double window_start;         /* = warmup */
	int n_vcpus;
	struct vcpu *vcpus;
	sg_host_t *vmhost_h, iohost_h;
	struct wire_port *vmhost_port, iohost_port, *client_port;
	struct blockdev *vmhost_dev, iohost_dev;
	gsl_rng *peer_rng;           /* peers' service times */
	uint64_t next_req_id;
	struct rack_counters c;
	struct samples latency;      /* seconds, completions in the window */
	double cpu_used[CPU_USE_COUNT]; /* CPU seconds in the window: guests and I/O threads */
	double io_busy_s;            /* sidecores: seconds processing (window) */
	double io_poll_s;            /* sidecores: seconds scanning queues with work around */
	int io_cores;                /* cores dedicated to I/O */
	int sidecores;               /* polling cores in this model */
	void *model_state;
	const struct rack_observer *observer;
	char path[160];              /* the model's request path, for the per-request trace */
};

static inline bool rack_in_window(const struct rack *r, double t) { return t >= r->window_start; }

/* One named result of a run. */
struct vs_metric {
	const char *name;
	double value;
	const char *unit;
};
#define VS_MAX_METRICS 48
struct vs_results {
	int n;
	struct vs_metric m[VS_MAX_METRICS];
	char error[256];   /* non-empty: the run failed (conservation, stall) */
};

/* Who wants to see every completed request (the per-request trace). */
struct rack_observer {
	void (*done)(void *ctx, const struct request *q, double t_done, const char *path);
	void *ctx;
};

/* Write the SimGrid platform of the rack described by @p to @out (XML). */
void rack_platform_xml(const struct vs_params *p, FILE *out);
/* Build the rack on the loaded platform, simulate p->duration_s, and fill @res. Returns 0, or -1
 * with res->error set when the run cannot be trusted (a stall, a conservation failure).
 * @obs may be NULL. */
int rack_run(const struct vs_params *p, struct vs_results *res, const struct rack_observer *obs);

#endif
