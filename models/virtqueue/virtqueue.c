/*
 * virtqueue — a vring over simulated guest memory.
 */
#include "virtqueue.h"

#include "bug.h"
#include "vriosim.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

_Static_assert(VS_MAX_QUEUE_SIZE == VRING_MAX_NUM, "vriosim.h and vring.h disagree on ring size");

#define BLK_HDR_BYTES 16u   /* struct virtio_blk_outhdr: type, ioprio, sector */
#define BLK_STATUS_BYTES 1u

int vq_init(struct virtqueue *vq, unsigned size, bool event_idx, bool block, struct vcpu *owner)
{
	memset(vq, 0, sizeof(*vq));
	size_t bytes = vring_mem_size(size);
	vq->mem = aligned_alloc(16, (bytes + 15) & ~(size_t)15);
	vq->reqs = calloc(size, sizeof(*vq->reqs));
	vq->free_slots = malloc(size * sizeof(*vq->free_slots));
	if (!vq->mem || !vq->reqs || !vq->free_slots) {
		vq_free(vq);
		return -ENOMEM;
	}
	int rc = vring_driver_init(&vq->drv, vq->mem, size, event_idx);
	if (rc) {
		vq_free(vq);
		return rc;
	}
	vring_device_init(&vq->dev, vq->mem, size, event_idx);
	vq->size = size;
	vq->block = block;
	for (unsigned i = 0; i < size; i++) {
		vq->reqs[i].slot = (uint16_t)i;
		vq->reqs[i].vcpu = owner;
		vq->free_slots[i] = (uint16_t)(size - 1 - i);
	}
	vq->n_free = size;
	return 0;
}

void vq_free(struct virtqueue *vq)
{
	vring_driver_free(&vq->drv);
	free(vq->mem);
	free(vq->reqs);
	free(vq->free_slots);
	memset(vq, 0, sizeof(*vq));
}

struct request *vq_req_get(struct virtqueue *vq)
{
	if (!vq->n_free)
		return NULL;
	struct request *r = &vq->reqs[vq->free_slots[--vq->n_free]];
	r->in_use = true;
	return r;
}

void vq_req_put(struct virtqueue *vq, struct request *r)
{
	/* The guest owns a request from vq_req_get to vq_req_put, once. */
	VS_BUG_ON(!r->in_use, "request slot %u freed twice", r->slot);
	VS_BUG_ON(r->node.queued, "request slot %u freed while travelling", r->slot);
	r->in_use = false;
	vq->free_slots[vq->n_free++] = r->slot;
}

int vq_add(struct virtqueue *vq, struct request *r)
{
	struct vring_buf b[3];
	unsigned n;
	if (vq->block) {
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
		if (slot >= vq->size || !vq->reqs[slot].in_use)
			return NULL; /* cannot happen with our own driver; never follow it */
		struct request *r = &vq->reqs[slot];
		r->head = c.head;
		r->bytes = vq->block ? c.bufs[1].len : c.out_bytes;
		return r;
	}
}

void vq_push(struct virtqueue *vq, struct request *r)
{
	VS_BUG_ON(!r->in_use, "completing request slot %u that the guest does not own", r->slot);
	VS_BUG_ON(r->node.queued, "completing request slot %u still on a timed queue", r->slot);
	uint32_t written = vq->block ? (r->write ? 1u : r->bytes + 1u) : 0u;
	vring_device_push(&vq->dev, r->head, written);
}
