/*
 * vrio — remote sidecores (vRIO, ASPLOS'16) on one machine:
 *  - the VMhost side runs on the guest's core, inside the guest loop: it takes the guests' TX
 *    chains and sends each as a vRIO message over the veth from the "vm" namespace (the
 *    stand-in for the guest's SR-IOV VF: no exit, no host core), and delivers vRIO messages
 *    coming back into the guests' RX queues;
 *  - the IOhost core (its own pinned core, in the "io" namespace) receives messages from a
 *    TPACKET_V2 ring (or V3: --vrio-ring) on the other veth end, decapsulates, runs the interposition hook (a
 *    configurable, measured per-request cost: the firewall/encryption/dedup slot of the paper),
 *    and serves the request on the guest's tap; frames from the taps go back encapsulated.
 * A TX chain completes once its message is on the wire (the VF's send completion), as in vRIO.
 */
#ifndef VRIOEMU_VRIO_H
#define VRIOEMU_VRIO_H

#include <stdatomic.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "afpacket.h"
#include "env.h"
#include "vnet.h"

struct vrio_cfg {
	uint64_t interpose_ns;   /* cost of the interposition hook per request */
	unsigned batch;
	int cpu;                 /* the IOhost core */
	bool v2;                 /* IOhost ring: TPACKET_V2 (per frame) rather than V3 (blocks) */
	uint64_t t_warm, t_end;
};

struct vrio {
	struct vrio_cfg cfg;
	struct vnet_dev *devs;
	unsigned n;
	const int *taps;         /* the IOhost's taps, one per guest */
	struct afp vm, io;       /* VMhost and IOhost ends of the veth */
	atomic_int *stop;
	uint32_t front_req, io_req; /* request ids, per direction */
	/* VMhost side (guest core). */
	uint64_t front_tx_drops, front_rx_bad, front_rx;
	uint64_t win_front_tx_ns, win_front_tx; /* sampled sends in the window, and their time */
	/* IOhost side. */
	uint64_t io_requests, io_bad_header, io_tap_drops, io_send_drops, io_responses;
	uint64_t io_delivered, win_delivered; /* written to the taps: end-to-end forwarded */
	uint64_t interpose_ns, ring_kernel_drops;
	uint64_t win_cpu_ns, win_wall_ns, win_busy_ns;
	int err;
};

int vrio_create(struct vrio *v, const struct vrio_cfg *cfg, const struct env *e,
		struct vnet_dev *devs, unsigned n, atomic_int *stop, char *why, size_t whylen);
void vrio_destroy(struct vrio *v);
/* The VMhost front end, one pass (guest hook). Returns work done. */
unsigned vrio_front_poll(void *v);
/* The IOhost core (thread body). */
void *vrio_iohost_run(void *v);

#endif
