/*
 * vnet — one virtio-net device of a synthetic guest (a TX and an RX queue in guest memory) and
 * the device side of it that every backend shares: pop a TX chain as an iovec over guest
 * memory, return it with a status, hold an RX chain until a frame arrives for it, signal the
 * guest. The sidecore, the trap-mode I/O thread and the vRIO cores are all built on this.
 *
 * Every frame on a queue carries the 12-byte struct virtio_net_hdr_v1 first (virtio 1.x), which
 * is exactly what a tap with IFF_VNET_HDR and a vnet header size of 12 expects: frames go from
 * guest memory to the tap with writev(), no copy in user space, as vhost-net does.
 *
 * Convention of this emulator (not the spec, which leaves TX used.len unspecified): a TX chain
 * comes back with used.len 0 when the frame left through the backend and VNET_TX_DROPPED when
 * the device dropped it, so that the guest can account for every frame it sent.
 */
#ifndef VRIOEMU_VNET_H
#define VRIOEMU_VNET_H

#include <stdbool.h>
#include <stdint.h>
#include <sys/uio.h>

#include "pkt.h"
#include "shm.h"
#include "vring.h"

#define VNET_HDR_LEN 12u
#define VNET_TX_DROPPED 1u
#define VNET_RX_BUF (VNET_HDR_LEN + PKT_MAX_FRAME + 32u) /* one RX buffer holds any frame */

/* What the guest publishes about one device (read-only for the device side). */
struct vnet_port {
	unsigned id;            /* port index: selects the link (tap, addresses) */
	unsigned num;           /* queue size (both queues) */
	bool event_idx;         /* VIRTIO_F_EVENT_IDX negotiated */
	uint64_t tx_ring;       /* ring offsets in guest memory */
	uint64_t rx_ring;
	int kick_fd;            /* eventfd the guest writes to kick TX (-1: nobody listens) */
	int irq_fd;             /* eventfd the device writes to interrupt the guest */
	struct pkt_link link;   /* addresses of this port's link */
};

/* Why the device side dropped a frame (each reason is a device_drop_* metric: report.c). */
enum vnet_drop {
	VNET_DROP_BAD_DESC,     /* guest address outside its memory, header missing, too long */
	VNET_DROP_BACKEND_FULL, /* tap/socket would block or had no buffer space */
	VNET_DROP_BACKEND_ERR,  /* any other send error */
	VNET_DROP_RX_NO_BUF,    /* a frame arrived while the guest had no RX buffer posted */
	VNET_DROP_RX_TOO_BIG,   /* a frame larger than the RX buffer */
	VNET_DROP_RING_FAULT,   /* the guest published a malformed chain (queue now stopped) */
	VNET_DROP_COUNT
};

/* Device-side state of one port. */
struct vnet_dev {
	const struct vnet_port *port;
	const struct shm_region *shm;
	struct vring_device tx, rx;
	bool rx_held;           /* an RX chain popped and waiting for a frame */
	struct vring_chain rx_chain;
	uint64_t tx_frames, tx_bytes; /* frames handed to the backend */
	uint64_t rx_frames, rx_bytes; /* frames delivered to the guest */
	uint64_t drops[VNET_DROP_COUNT];
	uint64_t irqs;          /* interrupts sent (eventfd writes) */
	uint64_t kicks_seen;    /* kicks consumed from the kick eventfd (trap mode) */
};

void vnet_dev_init(struct vnet_dev *d, const struct vnet_port *p, const struct shm_region *shm);

/* A backend's send: the frame (vnet header first) as an iovec over guest memory. 0 or -errno. */
typedef int (*vnet_send_fn)(void *ctx, struct vnet_dev *d, const struct iovec *iov, int iovcnt,
			    uint32_t len);
/* Serve up to @budget TX chains through @send. Returns chains consumed. Does not signal. */
unsigned vnet_tx_serve(struct vnet_dev *d, unsigned budget, vnet_send_fn send, void *ctx);

/* The RX chain to fill next, as an iovec of its writable buffers (popping one if none is
 * held). 0, -EAGAIN (the guest posted none), or -EPROTO (ring fault). */
int vnet_rx_reserve(struct vnet_dev *d, struct iovec *iov, int *iovcnt);
/* Complete the held RX chain with @len bytes written. */
void vnet_rx_commit(struct vnet_dev *d, uint32_t len);
/* Copy a frame (@iov, vnet header first) into the next RX chain: 0 or a vnet_drop reason
 * (counted). */
int vnet_rx_deliver(struct vnet_dev *d, const struct iovec *iov, int iovcnt, uint32_t len);

/* Publish used entries of both queues and interrupt the guest if it asked for it. */
void vnet_signal(struct vnet_dev *d);

/* Drops, faults included. */
uint64_t vnet_drops_total(const struct vnet_dev *d);

#endif
