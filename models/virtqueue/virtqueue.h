/*
 * virtqueue — one guest ring in simulated time: a real split ring (vring) plus what its
 * descriptors point into.
 *
 * The driver side is the guest's front end (virtio-net, virtio-blk, or a VF driver: its rings
 * are modelled with the same split ring, event index off); the device side is whoever serves it
 * (vhost thread, sidecore, the VF/NIC, the vRIO front end). Three kinds:
 *   VQ_TX   requests out: one device-readable buffer per request (virtio-net TX, a VF's TX)
 *   VQ_BLK  virtio-blk: a chain of three (16-byte header, data, 1-byte status) per request
 *   VQ_RX   receive buffers the guest posts empty; the device fills one per packet
 * Descriptor addresses are slot numbers in guest memory: a request's slot in its guest queue's
 * request pool (TX, BLK), or an RX buffer's index (RX). The device finds what a descriptor
 * points at the way a real one would, by reading the descriptor.
 */
#ifndef VRIOSIM_VIRTQUEUE_H
#define VRIOSIM_VIRTQUEUE_H

#include <stdbool.h>
#include <stdint.h>

#include "inbox.h"
#include "vring.h"

struct vcpu;
struct pkt;

/* One I/O request, from the application's issue to its completion. */
struct request {
	struct tq_node node;  /* its place in a timed queue while travelling (first member) */
	struct vcpu *vcpu;    /* the guest queue that issued it */
	uint64_t id;          /* per-run sequence number */
	uint32_t bytes;       /* request payload (network: to the peer; block: data) */
	uint32_t resp_bytes;  /* response payload (0: none, e.g. a send) */
	bool write;           /* block: a write */
	bool sent;            /* its TX buffer came back (the send is done) */
	bool answered;        /* its response was delivered, or it needs none */
	uint8_t tries;        /* transmissions so far (retransmissions after a loss) */
	bool lost;            /* lost on the way (it or its answer); the sender will notice */
	uint8_t dupacks;      /* TCP: later sends acknowledged while this one was lost */
	double t_issue;       /* when the application issued it */
	double t_sent;        /* when it was last handed to the path (TCP: for the RTO) */
	double t_device;      /* when the device returned its TX buffer */
	double t_detect;      /* lost: when the sender notices (RTO, timeout) */
	/* Where its time went (the per-request trace's stages): */
	double t_submit;      /* the guest handed it to the I/O path (its TX work done) */
	double t_arrive;      /* it reached its backend's queue (vRIO: the IOhost's NIC ring) */
	double t_pop;         /* its backend started on it */
	double t_served;      /* its backend let go of it (to the wire or the device) */
	double t_back;        /* its answer reached the backend's side (or its send left the NIC) */
	double t_rx;          /* its answer reached the guest's ring */
	uint64_t seq;         /* TCP: its place in the flow */
	struct request *flow_next; /* TCP: the next unacknowledged send; lost: the next lost one */
	uint16_t slot;        /* its index in the guest queue's request pool */
	uint16_t head;        /* ring head the device popped it from (device side's view) */
	bool in_use;          /* owned by the application (from get to put) */
};

/* Request records: the guest memory TX and block descriptors point into. */
struct req_pool {
	struct request *reqs;      /* one record per slot */
	uint16_t *free_slots;      /* stack of free slots */
	unsigned n_free, size;
};

int req_pool_init(struct req_pool *pl, unsigned size, struct vcpu *owner);
void req_pool_free(struct req_pool *pl);
/* A free request record, or NULL when every one is in flight. */
struct request *req_get(struct req_pool *pl);
void req_put(struct req_pool *pl, struct request *r);
/* Requests in flight (taken and not put back). */
static inline unsigned req_in_flight(const struct req_pool *pl) { return pl->size - pl->n_free; }

enum vq_kind { VQ_TX, VQ_BLK, VQ_RX };

struct virtqueue {
	void *mem;                 /* the shared ring memory */
	struct vring_driver drv;   /* guest side */
	struct vring_device dev;   /* backend side */
	enum vq_kind kind;
	unsigned size;             /* descriptors */
	struct req_pool *pool;     /* TX, BLK: where descriptors point */
	struct pkt **content;      /* RX: per buffer, the packet the device wrote into it */
	uint32_t rx_buf_bytes;     /* RX: bytes per posted buffer */
};

int vq_init(struct virtqueue *vq, enum vq_kind kind, unsigned size, bool event_idx,
	    struct req_pool *pool);
void vq_free(struct virtqueue *vq);

/* ---- TX and block: requests ---- */

/* Guest: put @r in the ring (not yet published). 0 or -ENOSPC (ring full: backpressure). */
int vq_add(struct virtqueue *vq, struct request *r);
/* Guest: publish and decide whether to kick (vring's EVENT_IDX / NO_NOTIFY logic). */
static inline bool vq_kick_prepare(struct virtqueue *vq) { return vring_driver_kick_prepare(&vq->drv); }
/* Guest: the next request whose buffer came back, or NULL. */
struct request *vq_get_used(struct virtqueue *vq);
/* Backend: published requests not yet popped. */
static inline unsigned vq_pending(const struct virtqueue *vq) { return vring_device_pending(&vq->dev); }
/* Backend: pop the next request (NULL if none; a malformed chain is counted in dev.faults). */
struct request *vq_pop(struct virtqueue *vq);
/* Backend: return @r's buffer (used entry, not yet published). */
void vq_push(struct virtqueue *vq, struct request *r);

/* ---- RX: packets ---- */

/* Guest: post every free buffer (refill). Returns how many were posted. */
unsigned vq_rx_refill(struct virtqueue *vq);
/* Backend: write packet @p into the next posted buffer (used entry, not yet published). 0, or
 * -ENOSPC when the guest has posted none (the packet is dropped). */
int vq_rx_fill(struct virtqueue *vq, struct pkt *p);
/* Guest: the next received packet, or NULL (its buffer is free again: refill to repost). */
struct pkt *vq_rx_get(struct virtqueue *vq);
/* The packet vq_rx_get would return next, left in the ring (NULL: none). */
struct pkt *vq_rx_peek(const struct virtqueue *vq);

/* ---- Either side ---- */

/* Backend: publish used entries and decide whether to interrupt the guest. */
static inline bool vq_notify_prepare(struct virtqueue *vq) { return vring_device_notify_prepare(&vq->dev); }
/* Would it, once @more further entries are used (a dry run: nothing published)? */
static inline bool vq_notify_would(const struct virtqueue *vq, unsigned more)
{
	return vring_device_notify_would(&vq->dev, more);
}
/* Entries the device has used and the guest not yet taken. */
unsigned vq_used_pending(const struct virtqueue *vq);

#endif
