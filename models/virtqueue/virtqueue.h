/*
 * virtqueue — one guest queue in simulated time: a real split ring (vring) plus the guest
 * memory its descriptors point into (the request records).
 *
 * The driver side is the guest's virtio front end; the device side is whoever serves the queue
 * (vhost thread, sidecore, or — for VF-based paths — the VF / vRIO front end that consumes
 * descriptors as it transmits). Descriptor addresses are request slot numbers: the device finds
 * the request the way a real one would, by reading the descriptor, and learns its length there.
 * Network requests are one device-readable buffer; block requests are virtio-blk's three
 * (16-byte header, data, 1-byte status).
 */
#ifndef VRIOSIM_VIRTQUEUE_H
#define VRIOSIM_VIRTQUEUE_H

#include <stdbool.h>
#include <stdint.h>

#include "inbox.h"
#include "vring.h"

struct vcpu;

/* One I/O request, from the application's issue to its completion. */
struct request {
	struct tq_node node;  /* its place in a timed queue while travelling (first member) */
	struct vcpu *vcpu;    /* the guest queue that issued it */
	uint64_t id;          /* per-run sequence number */
	uint32_t bytes;       /* request payload (network: to the peer; block: data) */
	uint32_t resp_bytes;  /* response payload (0: none, e.g. a stream send) */
	bool write;           /* block: a write */
	double t_issue;       /* when the application issued it */
	double t_device;      /* when the device side finished with it (for completions) */
	uint16_t slot;        /* its index in the queue's request table */
	uint16_t head;        /* ring head the device popped it from (device side's view) */
	bool in_use;
};

struct virtqueue {
	void *mem;                 /* the shared ring memory */
	struct vring_driver drv;   /* guest side */
	struct vring_device dev;   /* backend side */
	struct request *reqs;      /* the "guest memory": one record per possible request */
	uint16_t *free_slots;      /* stack of free request slots */
	unsigned n_free, size;
	bool block;                /* virtio-blk chains (3 descriptors) instead of one */
};

int vq_init(struct virtqueue *vq, unsigned size, bool event_idx, bool block, struct vcpu *owner);
void vq_free(struct virtqueue *vq);

/* Guest: a free request record, or NULL when every slot is in flight. */
struct request *vq_req_get(struct virtqueue *vq);
/* Guest: put @r in the ring (not yet published). 0 or -ENOSPC (ring full: backpressure). */
int vq_add(struct virtqueue *vq, struct request *r);
/* Guest: publish and decide whether to kick (vring's EVENT_IDX / NO_NOTIFY logic). */
static inline bool vq_kick_prepare(struct virtqueue *vq) { return vring_driver_kick_prepare(&vq->drv); }
/* Guest: the next completed request (its slot stays owned until vq_req_put), or NULL. */
struct request *vq_get_used(struct virtqueue *vq);
void vq_req_put(struct virtqueue *vq, struct request *r);

/* Backend: published requests not yet popped. */
static inline unsigned vq_pending(const struct virtqueue *vq) { return vring_device_pending(&vq->dev); }
/* Backend: pop the next request (NULL if none; a malformed chain is counted in dev.faults). */
struct request *vq_pop(struct virtqueue *vq);
/* Backend: complete @r (used entry, not yet published). */
void vq_push(struct virtqueue *vq, struct request *r);
/* Backend: publish completions and decide whether to interrupt the guest. */
static inline bool vq_notify_prepare(struct virtqueue *vq) { return vring_device_notify_prepare(&vq->dev); }

#endif
