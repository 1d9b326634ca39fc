/*
 * io_model — one ops table per way of serving paravirtual I/O. The guest (guest/guest.c) and
 * the rack (rack/rack.c) only ever talk to a model through this table; adding a model is one
 * new io_<name>.c file defining `const struct io_model io_<name>` and one line in models.def.
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
 *   dynamic    per queue, trap's path (a vhost thread) or elvis' (a local sidecore), moved by
 *              its load (io_dynamic.c)
 */
#ifndef VRIOSIM_IO_MODEL_H
#define VRIOSIM_IO_MODEL_H

#include <stdbool.h>

#include "notify.h"
#include "vriosim.h"

struct rack;
struct vcpu;
struct request;
struct pkt;

struct io_model {
	const char *path;     /* the stages a request crosses ("%s": the device), for traces */
	bool virtualized;     /* guest cycles pay virt_overhead */
	bool shared_cpu;      /* vCPUs share the VMhost's cores with I/O threads (always executes) */
	bool iohost;          /* its backends run at the IOhost (the rack buys one; its
				* sidecores are the IOhost's cores) */
	bool device_at_iohost; /* block devices are served at the IOhost whatever
				* device.placement says (vRIO consolidates them there) */
	bool vf_tx;           /* the guest's TX ring is its VF's (a hardware ring: wire.nic_ring
				* descriptors, returned by the NIC once transmitted, interrupting) */
	bool vf_rx;           /* the guest's RX ring is its VF's (wire.nic_ring descriptors) */
	bool reads_guests;    /* an actor of its own reads the guests' rings as time goes (the
			       * dynamic model's controller): no vCPU may run ahead of the clock */
	bool buffer_by_message; /* a request is done when its backend says so in a message (vRIO's
				 * completion), which its front end resends if lost */
	/* Keys this model needs (NULL: none): 0, or -1 with the problem in @out. */
	int (*check)(const struct vs_params *p, struct vs_check *out);
	/* VMhost cores left to the guests. */
	int (*vm_cores)(const struct vs_params *p);
	/* Build the backends once the guest queues exist: 0, or -errno with rack_fail() called
	 * (what failed). The rack's sidecores and io_cores are set here. */
	int (*setup)(struct rack *r);
	/* Free what setup allocated (NULL: nothing; called after a failed setup too). */
	void (*teardown)(struct rack *r);
	/* Extra guest cycles to hand a request to this path (e.g. vRIO encapsulation). */
	double (*submit_cycles)(const struct vcpu *v, const struct request *q);
	/* The request is in the guest's virtqueue (added, not published): send it on its way. */
	void (*submit)(struct vcpu *v, struct request *q);
	/* VF paths: what the NIC does at its time whatever the vCPU does — packets that reached
	 * the VF land in the RX ring, transmitted descriptors come back — with the interrupt the
	 * rings ask for: what is due by @now (the current time, or an earlier one that a look then
	 * would have seen, landed late as of it). NULL for ring-backend models (their backend
	 * fills the rings). */
	void (*deliver)(struct vcpu *v, double now);
	/* Extra guest cycles for a received packet on this path (e.g. vRIO decapsulation). */
	double (*rx_cycles)(const struct vcpu *v, const struct pkt *p);
	/* How the guest takes this model's interrupts. */
	enum irq_kind (*irq_kind)(const struct vs_params *p);
	/* A fault (fault.kind) on @target goes down or comes back: the model's part — its
	 * sidecores stop or resume, what waited in a failed IOhost's rings is lost; coming back,
	 * queues that fell back to trap-and-emulate return (fault.failover = trap). NULL: the
	 * model has nothing there. */
	void (*fault)(struct rack *r, enum vs_fault kind, int target, bool down);
	/* The fault was noticed (fault.failover = iohost or trap): move what the failed part
	 * served — a dead IOhost's VMs to the least loaded live one, a dead partition's queues to
	 * a live sidecore (iohost), or their queues to vhost threads on their VMhosts (trap,
	 * vhost.h). NULL: nothing to move. */
	void (*failover)(struct rack *r, enum vs_fault kind, int target);
};

/* The registry (models.def), by index = the value of [model] kind. */
const struct io_model *io_model_get(int index);
int io_model_count(void);
const char *const *io_model_names(void);

/* Every VMhost core is left to the guests (models without local sidecores). */
int io_all_cores(const struct vs_params *p);

#endif
