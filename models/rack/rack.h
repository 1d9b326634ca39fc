/*
 * rack — the simulated rack one run builds: VMhosts and their guest queues, the IOhost, the
 * client hosts, the wire, the devices, and what is measured. The I/O model (io/io_model.h)
 * decides the path a request takes through these parts and is the only module besides the
 * rack itself that sees this structure: it composes the others, which each take what they
 * touch.
 */
#ifndef VRIOSIM_RACK_H
#define VRIOSIM_RACK_H

#include <simgrid/host.h>
#include <stdio.h>

#include "blockdev.h"
#include "device.h"
#include "vcpu.h"
#include "meter.h"
#include "pkt.h"
#include "vriosim.h"
#include "wire.h"

struct io_model;
struct workload;
struct sched;

struct rack {
	const struct vs_params *p;
	const struct vs_observer *observer; /* who watches the run (or NULL) */
	const struct io_model *model;   /* the path requests take */
	const struct workload *workload; /* what the guests ask for */
	struct wire_cfg wire;           /* line rate, MTU and fixed latencies */
	double hz;                      /* cycles per second of every core */
	int n_vcpus;                    /* guest queues in the rack */
	struct vcpu *vcpus;             /* all of them, VMhost by VMhost */
	struct guest_env guests;        /* what the guest queues share */
	struct devices devices;         /* where requests are really served */
	sg_host_t *vmhost_h;            /* the VMhosts' SimGrid hosts (their VM cores) */
	int *host_queues;               /* per VMhost: its guest queues ([classes] may differ) */
	int max_host_queues;            /* the most any VMhost has */
	int n_iohosts;                  /* IOhosts (rack.iohosts) */
	sg_host_t *iohost_h;            /* theirs */
	struct sched **vmhost_sched;    /* their shared cores' schedulers (rack.shared_cores = cfs
					 * and something shares them; else NULL) */
	struct wire_port *vmhost_port;  /* one NIC port per VMhost */
	struct wire_port *iohost_port;  /* one NIC port per IOhost */
	struct wire_port *client_port;  /* one per client host (network peers) */
	int n_clients;                  /* client ports */
	struct blockdev *vmhost_dev;    /* one local block device per VMhost */
	struct blockdev *iohost_devs;   /* the consolidated devices, IOhost by IOhost */
	int n_iohost_devs;              /* per IOhost */
	struct pkt_pool pkts;           /* packets toward the guests */
	struct meter meter;             /* counters, samples and CPU time */
	int io_cores;                   /* cores dedicated to I/O (set by the model's setup) */
	int sidecores;                  /* polling cores in this model (set by its setup) */
	int sidecores_out;              /* of which out of service now (a fault) */
	double *sidecore_busy_s;        /* their busy seconds in the window (owned by the model) */
	double *host_busy_s;            /* per VMhost: its VM cores' busy seconds in the window */
	void *model_state;              /* the model's own (freed by its teardown) */
	char path[160];                 /* the model's request path, for the per-request trace */
	char error[256];                /* why set-up failed (rack_fail) */
};

/* Record why set-up failed (the first reason wins) and return @err (a negative errno). */
int rack_fail(struct rack *r, int err, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

/* Put @c on VMhost @host's shared cores as the host's thread @slot: a thread of its CFS-like
 * scheduler (home core slot mod cores: vCPU i of the host is slot i, its vhost thread slot
 * vcpus_per_host + i, so a host's threads spread over its cores before any two share one), or
 * an execution under SimGrid's processor sharing (rack.shared_cores = ps). 0 or -ENOMEM. */
int rack_shared_cpu(struct rack *r, struct cpu *c, int host, int slot);

/* The cores VMhost @h leaves to its VMs (and vhost threads) under model @r->model: its own
 * cores ([classes]) less what the model takes on every VMhost (Elvis' sidecores). */
int rack_vm_cores(const struct rack *r, int h);

/* Write the SimGrid platform of the rack described by @p to @out (XML). */
void rack_platform_xml(const struct vs_params *p, FILE *out);
/* Build the rack described by r->p (r->model, r->workload, r->wire and r->guests set) on the
 * loaded platform: hosts, ports, devices, guest queues, then the model's own set-up. 0 or -errno
 * with rack_fail. */
int rack_build(struct rack *r);
/* Take apart whatever rack_build made (also after a failed build), and free @r. */
void rack_free(struct rack *r);

#endif
