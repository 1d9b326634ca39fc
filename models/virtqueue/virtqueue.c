/*
 * virtqueue — a vring over simulated guest memory.
 */
#include "virtqueue.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "bug.h"
#include "vriosim.h"

_Static_assert(VS_MAX_QUEUE_SIZE == VRING_MAX_NUM, "vriosim.h and vring.h disagree on ring size");

#define BLK_HDR_BYTES 16u   /* struct virtio_blk_outhdr: type, ioprio, sector */
#define BLK_STATUS_BYTES 1u

/* ---- Request pool ---- */

int req_pool_init(struct req_pool *pl, unsigned size, struct vcpu *owner)
{
	memset(pl, 0, sizeof(*pl));
	if (size > 65536)
		return -EINVAL;
	pl->reqs = calloc(size, sizeof(*pl->reqs));
	pl->free_slots = malloc(size * sizeof(*pl->free_slots));
	if (!pl->reqs || !pl->free_slots) {
		req_pool_free(pl);
		return -ENOMEM;
	}
	for (unsigned i = 0; i < size; i++) {
		pl->reqs[i].slot = (uint16_t)i;
		pl->reqs[i].vcpu = owner;
		pl->free_slots[i] = (uint16_t)(size - 1 - i);
	}
	pl->size = pl->n_free = size;
	return 0;
}

void req_pool_free(struct req_pool *pl)
{
	free(pl->reqs);
	free(pl->free_slots);
	memset(pl, 0, sizeof(*pl));
}

struct request *req_get(struct req_pool *pl)
{
	if (!pl->n_free)
		return NULL;
	struct request *r = &pl->reqs[pl->free_slots[--pl->n_free]];
	r->in_use = true;
	return r;
}

void req_put(struct req_pool *pl, struct request *r)
{
	/* The application owns a request from req_get to req_put, once. */
	VS_BUG_ON(!r->in_use, "request slot %u freed twice", r->slot);
	VS_BUG_ON(r->node.queued, "request slot %u freed while travelling", r->slot);
	r->in_use = false;
	pl->free_slots[pl->n_free++] = r->slot;
}

/* ---- The ring ---- */

int vq_init(struct virtqueue *vq, enum vq_kind kind, unsigned size, bool event_idx,
	    struct req_pool *pool)
{
	memset(vq, 0, sizeof(*vq));
	size_t bytes = vring_mem_size(size);
	vq->mem = aligned_alloc(16, (bytes + 15) & ~(size_t)15);
	if (kind == VQ_RX)
		vq->content = calloc(size, sizeof(*vq->content));
	if (!vq->mem || (kind == VQ_RX && !vq->content)) {
		vq_free(vq);
		return -ENOMEM;
	}
	int rc = vring_driver_init(&vq->drv, vq->mem, size, event_idx);
	if (rc) {
		vq_free(vq);
		return rc;
	}
	vring_device_init(&vq->dev, vq->mem, size, event_idx);
	vq->kind = kind;
	vq->size = size;
	vq->pool = pool;
	vq->rx_buf_bytes = 65536; /* mergeable/big buffers: a whole GRO aggregate fits */
	return 0;
}

void vq_free(struct virtqueue *vq)
{
	vring_driver_free(&vq->drv);
	free(vq->mem);
	free(vq->content);
	memset(vq, 0, sizeof(*vq));
}

int vq_add(struct virtqueue *vq, struct request *r)
{
	struct vring_buf b[3];
	unsigned n;
	VS_BUG_ON(vq->kind == VQ_RX, "adding a request to a receive ring");
	if (vq->kind == VQ_BLK) {
		b[0] = (struct vring_buf){ r->slot, BLK_HDR_BYTES, false };
		b[1] = (struct vring_buf){ r->slot, r->bytes, !r->write };
		b[2] = (struct vring_buf){ r->slot, BLK_STATUS_BYTES, true };
		n = 3;
	} else {
		b[0] = (struct vring_buf){ r->slot, r->bytes, false };
		n = 1;
	}
	int rc = vring_driver_add(&vq->drv, b, n, r);
	return rc < 0 ? rc : 0;
}

struct request *vq_get_used(struct virtqueue *vq)
{
	return vring_driver_get_used(&vq->drv, NULL);
}

struct request *vq_pop(struct virtqueue *vq)
{
	struct vring_chain c;
	for (;;) {
		int rc = vring_device_pop(&vq->dev, &c);
		if (rc == -EAGAIN || (rc && vq->dev.broken))
			return NULL;
		if (rc)
			continue; /* rejected and counted; look at the next one */
		uint64_t slot = c.bufs[0].addr;
		if (slot >= vq->pool->size || !vq->pool->reqs[slot].in_use)
			return NULL; /* cannot happen with our own driver; never follow it */
		struct request *r = &vq->pool->reqs[slot];
		r->head = c.head;
		r->bytes = vq->kind == VQ_BLK ? c.bufs[1].len : c.out_bytes;
		return r;
	}
}

void vq_push(struct virtqueue *vq, struct request *r)
{
	VS_BUG_ON(!r->in_use, "completing request slot %u that the guest does not own", r->slot);
	VS_BUG_ON(r->node.queued, "completing request slot %u still on a timed queue", r->slot);
	uint32_t written = vq->kind == VQ_BLK ? (r->write ? 1u : r->bytes + 1u) : 0u;
	vring_device_push(&vq->dev, r->head, written);
}

/* ---- Receive buffers ---- */

/* The RX ring's cookies are buffer indices + 1 (a cookie may not be NULL). */
unsigned vq_rx_refill(struct virtqueue *vq)
{
	unsigned n = 0;
	while (vq->drv.num_free) {
		uint16_t slot = vq->drv.free_head; /* any free index works as a buffer number */
		struct vring_buf b = { slot, vq->rx_buf_bytes, true };
		if (vring_driver_add(&vq->drv, &b, 1, (void *)(uintptr_t)(slot + 1u)) < 0)
			break;
		n++;
	}
	if (n)
		vring_driver_kick_prepare(&vq->drv); /* publish; a device that polls needs no kick */
	return n;
}

int vq_rx_fill(struct virtqueue *vq, struct pkt *p)
{
	struct vring_chain c;
	for (;;) {
		int rc = vring_device_pop(&vq->dev, &c);
		if (rc == -EAGAIN || (rc && vq->dev.broken))
			return -ENOSPC;
		if (rc)
			continue;
		uint64_t slot = c.bufs[0].addr;
		if (slot >= vq->size)
			return -ENOSPC;
		vq->content[slot] = p;
		vring_device_push(&vq->dev, c.head, c.in_bytes);
		return 0;
	}
}

struct pkt *vq_rx_get(struct virtqueue *vq)
{
	void *cookie = vring_driver_get_used(&vq->drv, NULL);
	if (!cookie)
		return NULL;
	uint16_t slot = (uint16_t)((uintptr_t)cookie - 1u);
	struct pkt *p = vq->content[slot];
	vq->content[slot] = NULL;
	return p;
}

struct pkt *vq_rx_peek(const struct virtqueue *vq)
{
	void *cookie = vring_driver_peek_used(&vq->drv);
	return cookie ? vq->content[(uint16_t)((uintptr_t)cookie - 1u)] : NULL;
}

unsigned vq_used_pending(const struct virtqueue *vq)
{
	const struct vring_driver *d = &vq->drv;
	uint16_t used = le16toh(__atomic_load_n(&d->vr.used->idx, __ATOMIC_ACQUIRE));
	return (uint16_t)(used - d->last_used_idx);
}
