/*
 * io_model — one ops table per way of serving paravirtual I/O. The guest (guest/guest.c) and
 * the rack (rack.c) only ever talk to a model through this table; adding a model is one new
 * io_*.c file and one line in io_registry.c.
 *
 * The path of a request, by model:
 *   trap       guest → virtqueue → kick = VM exit → vhost thread (shares the VMhost's cores)
 *              → NIC/device → used ring → injected interrupt (+ EOI exit without ELI)
 *   elvis      guest → virtqueue → polled by a local sidecore (no exit) → NIC/device
 *              → used ring → exitless interrupt
 *   vrio       guest → vRIO front end: the request as an Ethernet frame through its VF (no exit)
 *              → wire → IOhost NIC ring, polled by a pooled IOhost sidecore (decapsulate,
 *              interpose) → NIC/device at the IOhost → response frame back → VF → exitless irq
 *   sriov      guest drives its VF directly → NIC/device → VF interrupt (ELI or injected)
 *   baremetal  the application on the host → NIC/device → host interrupt
 */
#ifndef VRIOSIM_IO_MODEL_H
#define VRIOSIM_IO_MODEL_H

#include <stdbool.h>

#include "notify.h"
#include "params.h"

struct rack;
struct vcpu;
struct request;

struct io_model {
	const char *name;
	const char *path;     /* the stages a request crosses ("%s": the device), for traces */
	bool virtualized;     /* guest cycles pay virt_overhead */
	bool shared_cpu;      /* vCPUs share the VMhost's cores with I/O threads (always executes) */
	/* VMhost cores left to the guests. */
	int (*vm_cores)(const struct vs_params *p);
	/* Build the backends once the guest queues exist: 0 or -errno. */
	int (*setup)(struct rack *r);
	/* Extra guest cycles to hand a request to this path (e.g. vRIO encapsulation). */
	double (*submit_cycles)(const struct rack *r, const struct request *q);
	/* The request is in the guest's virtqueue (added, not published): send it on its way. */
	void (*submit)(struct vcpu *v, struct request *q);
	/* The guest is running: move completions that reached its VF into its ring, deciding on
	 * an interrupt (VF paths). Returns how many; NULL for ring-backend models. */
	unsigned (*deliver)(struct vcpu *v);
	/* How the guest takes this model's interrupts. */
	enum irq_kind (*irq_kind)(const struct vs_params *p);
};

const struct io_model *io_model_get(enum vs_model m);

/* Shared by VF-based paths (vrio, sriov, baremetal): arrivals in v->rxq → used ring. */
unsigned io_vf_deliver(struct vcpu *v);
int io_all_cores(const struct vs_params *p);
/* Does the device answer @q (a network request with a response, any block request), or is a
 * sent buffer just returned? */
bool io_has_response(const struct vs_params *p, const struct request *q);

#endif
