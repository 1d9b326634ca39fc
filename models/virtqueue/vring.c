/*
 * vring — virtio 1.x split virtqueue (see vring.h for the contract).
 *
 * Little-endian host assumed for the shared fields (x86-64, aarch64-le): virtio 1.x rings are
 * little-endian, so the le*toh conversions below are no-ops here but keep the intent visible.
 */
#include "vring.h"

#include <endian.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

/* Barriers: the spec's virtio_wmb/rmb become release/acquire on the index fields; virtio_mb (before
 * reading the other side's event index) is a full fence. */
#define vr_load_acquire(p) __atomic_load_n((p), __ATOMIC_ACQUIRE)
#define vr_store_release(p, v) __atomic_store_n((p), (v), __ATOMIC_RELEASE)
#define vr_load(p) __atomic_load_n((p), __ATOMIC_RELAXED)
#define vr_store(p, v) __atomic_store_n((p), (v), __ATOMIC_RELAXED)
#define vr_mb() __atomic_thread_fence(__ATOMIC_SEQ_CST)

static inline uint16_t *used_event_p(const struct vring *vr) { return &vr->avail->ring[vr->num]; }
static inline uint16_t *avail_event_p(const struct vring *vr)
{
	return (uint16_t *)&vr->used->ring[vr->num];
}

static size_t align_up(size_t v, size_t a) { return (v + a - 1) & ~(a - 1); }

static bool num_ok(unsigned num) { return num && num <= VRING_MAX_NUM && !(num & (num - 1)); }

size_t vring_mem_size(unsigned num)
{
	size_t desc = 16u * num;
	size_t avail = 6u + 2u * num;
	size_t used = 6u + 8u * num;
	return align_up(align_up(desc + avail, 4) + used, 16);
}

int vring_layout(struct vring *vr, void *mem, unsigned num)
{
	if (!num_ok(num) || !mem || ((uintptr_t)mem & 15))
		return -EINVAL;
	memset(mem, 0, vring_mem_size(num));
	vr->num = num;
	vr->desc = mem;
	vr->avail = (void *)((char *)mem + 16u * num);
	vr->used = (void *)((char *)mem + align_up(16u * num + 6u + 2u * num, 4));
	return 0;
}

/* ------------------------------------------------------------------------------------------ */
/* Driver side                                                                                  */
/* ------------------------------------------------------------------------------------------ */

int vring_driver_init(struct vring_driver *d, void *mem, unsigned num, bool event_idx)
{
	memset(d, 0, sizeof(*d));
	if (vring_layout(&d->vr, mem, num))
		return -EINVAL;
	d->chain_len = calloc(num, sizeof(*d->chain_len));
	d->cookie = calloc(num, sizeof(*d->cookie));
	if (!d->chain_len || !d->cookie) {
		vring_driver_free(d);
		return -ENOMEM;
	}
	d->event_idx = event_idx;
	d->num_free = (uint16_t)(num > 65535 ? 65535 : num);
	for (unsigned i = 0; i + 1 < num; i++)
		d->vr.desc[i].next = htole16((uint16_t)(i + 1));
	return 0;
}

void vring_driver_free(struct vring_driver *d)
{
	free(d->chain_len);
	free(d->cookie);
	d->chain_len = NULL;
	d->cookie = NULL;
}

int vring_driver_add(struct vring_driver *d, const struct vring_buf *bufs, unsigned n, void *cookie)
{
	/* A NULL cookie would be indistinguishable from "free" in get_used: refuse it. */
	if (n == 0 || n > d->vr.num || n > VRING_CHAIN_MAX || !cookie)
		return -EINVAL;
	if (n > d->num_free)
		return -ENOSPC;
	uint16_t head = d->free_head, i = head;
	for (unsigned k = 0; k < n; k++) {
		struct vring_desc *desc = &d->vr.desc[i];
		uint16_t flags = bufs[k].device_writes ? VRING_DESC_F_WRITE : 0;
		if (k + 1 < n)
			flags |= VRING_DESC_F_NEXT;
		desc->addr = htole64(bufs[k].addr);
		desc->len = htole32(bufs[k].len);
		i = le16toh(desc->next);
		desc->flags = htole16(flags);
	}
	/* The free list continues after the chain's last descriptor, whose 'next' still points
	 * there; only NEXT in flags says whether the device follows it. */
	d->free_head = i;
	d->num_free = (uint16_t)(d->num_free - n);
	d->chain_len[head] = (uint16_t)n;
	d->cookie[head] = cookie;
	d->vr.avail->ring[d->avail_idx & (d->vr.num - 1)] = htole16(head);
	d->avail_idx++;
	d->in_flight++;
	return head;
}

bool vring_driver_kick_prepare(struct vring_driver *d)
{
	uint16_t old = d->kicked_idx, new_idx = d->avail_idx;
	vr_store_release(&d->vr.avail->idx, htole16(new_idx));
	vr_mb();
	if (old == new_idx)
		return false;
	bool need;
	if (d->event_idx)
		need = vring_event_crossed(le16toh(vr_load(avail_event_p(&d->vr))), new_idx, old);
	else
		need = !(le16toh(vr_load(&d->vr.used->flags)) & VRING_USED_F_NO_NOTIFY);
	d->kicked_idx = new_idx;
	if (need)
		d->kicks++;
	else
		d->kicks_suppressed++;
	return need;
}

void *vring_driver_peek_used(const struct vring_driver *d)
{
	uint16_t used_idx = le16toh(vr_load_acquire(&d->vr.used->idx));
	if (used_idx == d->last_used_idx)
		return NULL;
	uint32_t id = le32toh(d->vr.used->ring[d->last_used_idx & (d->vr.num - 1)].id);
	return id < d->vr.num ? d->cookie[id] : NULL;
}

void *vring_driver_get_used(struct vring_driver *d, uint32_t *len)
{
	uint16_t used_idx = le16toh(vr_load_acquire(&d->vr.used->idx));
	if (used_idx == d->last_used_idx)
		return NULL;
	const struct vring_used_elem *e = &d->vr.used->ring[d->last_used_idx & (d->vr.num - 1)];
	uint32_t id = le32toh(e->id);
	/* A device bug: an id out of range, or one not in flight (returned twice). Never free
	 * what we did not hand out; skip the entry, count it, and collect the next (stopping
	 * here would stall the queue for good behind one bad entry). */
	while (id >= d->vr.num || !d->cookie[id]) {
		d->used_faults++;
		d->last_used_idx++;
		if (used_idx == d->last_used_idx) {
			if (!(le16toh(d->vr.avail->flags) & VRING_AVAIL_F_NO_INTERRUPT) && d->event_idx)
				vr_store(used_event_p(&d->vr), htole16(d->last_used_idx));
			return NULL;
		}
		e = &d->vr.used->ring[d->last_used_idx & (d->vr.num - 1)];
		id = le32toh(e->id);
	}
	void *cookie = d->cookie[id];
	if (len)
		*len = le32toh(e->len);
	/* Return the chain to the free list: walk it by our own chain length. */
	uint16_t last = (uint16_t)id;
	for (unsigned k = 1; k < d->chain_len[id]; k++)
		last = le16toh(d->vr.desc[last].next);
	d->vr.desc[last].next = htole16(d->free_head);
	d->free_head = (uint16_t)id;
	d->num_free = (uint16_t)(d->num_free + d->chain_len[id]);
	d->cookie[id] = NULL;
	d->chain_len[id] = 0;
	d->last_used_idx++;
	d->in_flight--;
	if (!(le16toh(d->vr.avail->flags) & VRING_AVAIL_F_NO_INTERRUPT) && d->event_idx)
		vr_store(used_event_p(&d->vr), htole16(d->last_used_idx));
	return cookie;
}

void vring_driver_disable_cb(struct vring_driver *d)
{
	d->vr.avail->flags = htole16(le16toh(d->vr.avail->flags) | VRING_AVAIL_F_NO_INTERRUPT);
	if (d->event_idx) /* as far behind as the 16-bit space allows: "not soon" */
		vr_store(used_event_p(&d->vr), htole16((uint16_t)(d->last_used_idx - 1)));
}

bool vring_driver_enable_cb(struct vring_driver *d)
{
	d->vr.avail->flags = htole16(le16toh(d->vr.avail->flags) & ~VRING_AVAIL_F_NO_INTERRUPT);
	if (d->event_idx)
		vr_store(used_event_p(&d->vr), htole16(d->last_used_idx));
	vr_mb();
	return le16toh(vr_load(&d->vr.used->idx)) == d->last_used_idx;
}

bool vring_driver_enable_cb_delayed(struct vring_driver *d)
{
	if (!d->event_idx)
		return vring_driver_enable_cb(d);
	uint16_t bufs = (uint16_t)(d->in_flight * 3 / 4);
	d->vr.avail->flags = htole16(le16toh(d->vr.avail->flags) & ~VRING_AVAIL_F_NO_INTERRUPT);
	vr_store(used_event_p(&d->vr), htole16((uint16_t)(d->last_used_idx + bufs)));
	vr_mb();
	return (uint16_t)(le16toh(vr_load(&d->vr.used->idx)) - d->last_used_idx) <= bufs;
}

unsigned vring_driver_used_until_interrupt(const struct vring_driver *d)
{
	if (!d->event_idx)
		return 1;
	uint16_t used = le16toh(vr_load(&d->vr.used->idx));
	uint16_t event = le16toh(vr_load(used_event_p(&d->vr)));
	return (uint16_t)(event - used) + 1u;
}

unsigned vring_driver_in_flight(const struct vring_driver *d)
{
	return d->in_flight;
}

/* ------------------------------------------------------------------------------------------ */
/* Device side                                                                                  */
/* ------------------------------------------------------------------------------------------ */

void vring_device_init(struct vring_device *v, void *mem, unsigned num, bool event_idx)
{
	memset(v, 0, sizeof(*v));
	v->vr.num = num;
	v->vr.desc = mem;
	v->vr.avail = (void *)((char *)mem + 16u * num);
	v->vr.used = (void *)((char *)mem + align_up(16u * num + 6u + 2u * num, 4));
	v->event_idx = event_idx;
}

unsigned vring_device_pending(const struct vring_device *v)
{
	uint16_t n = (uint16_t)(le16toh(vr_load_acquire(&v->vr.avail->idx)) - v->last_avail_idx);
	return n > v->vr.num ? 0 : n;
}

/* Any malformed chain stops the queue (the contract in vring.h): its head cannot be trusted, so
 * it cannot be returned in the used ring, and a device that skipped it would leak the guest's
 * descriptors silently. A real device would set DEVICE_NEEDS_RESET here. */
static int fault(struct vring_device *v, enum vring_fault f)
{
	v->faults[f]++;
	v->broken = true;
	return -EPROTO;
}

/* Append one buffer, enforcing "device-readable before device-writable". */
static int chain_append(struct vring_device *v, struct vring_chain *c, const struct vring_desc *d)
{
	if (c->n >= VRING_CHAIN_MAX)
		return fault(v, VRING_FAULT_LOOP);
	uint16_t flags = le16toh(d->flags);
	struct vring_buf *b = &c->bufs[c->n++];
	b->addr = le64toh(d->addr);
	b->len = le32toh(d->len);
	b->device_writes = flags & VRING_DESC_F_WRITE;
	/* Totals are reported in 32 bits (as the used ring's len): one that would wrap is
	 * malformed, not silently small. */
	uint32_t *total = b->device_writes ? &c->in_bytes : &c->out_bytes;
	if (b->len > UINT32_MAX - *total)
		return fault(v, VRING_FAULT_LEN);
	if (b->device_writes) {
		c->in_bytes += b->len;
	} else {
		/* Check the previous buffer's flag, not in_bytes: a zero-length writable buffer
		 * followed by a readable one is just as out of order. Checking only the previous
		 * one suffices because every append enforces the rule. */
		if (c->n > 1 && c->bufs[c->n - 2].device_writes)
			return fault(v, VRING_FAULT_ORDER);
		c->out_bytes += b->len;
	}
	return 0;
}

static int walk_indirect(struct vring_device *v, struct vring_chain *c, const struct vring_desc *d)
{
	uint32_t len = le32toh(d->len);
	if (!v->translate || len == 0 || len % sizeof(struct vring_desc))
		return fault(v, VRING_FAULT_INDIRECT);
	uint32_t count = len / sizeof(struct vring_desc);
	if (count > VRING_CHAIN_MAX)
		return fault(v, VRING_FAULT_INDIRECT);
	const struct vring_desc *table = v->translate(v->translate_opaque, le64toh(d->addr), len);
	/* Read in place below: a table not aligned for its entries is refused (a misaligned
	 * guest address, or a translation that lands off alignment). */
	if (!table || (uintptr_t)table % _Alignof(struct vring_desc))
		return fault(v, VRING_FAULT_INDIRECT);
	uint32_t i = 0;
	for (uint32_t seen = 0;; seen++) {
		if (seen >= count)
			return fault(v, VRING_FAULT_LOOP);
		struct vring_desc e = table[i]; /* one read of guest memory per field set */
		uint16_t flags = le16toh(e.flags);
		if (flags & VRING_DESC_F_INDIRECT)
			return fault(v, VRING_FAULT_INDIRECT); /* nesting is forbidden */
		int rc = chain_append(v, c, &e);
		if (rc)
			return rc;
		if (!(flags & VRING_DESC_F_NEXT))
			return 0;
		i = le16toh(e.next);
		if (i >= count)
			return fault(v, VRING_FAULT_NEXT);
	}
}

int vring_device_pop(struct vring_device *v, struct vring_chain *c)
{
	if (v->broken)
		return -EPROTO;
	uint16_t avail_idx = le16toh(vr_load_acquire(&v->vr.avail->idx));
	uint16_t pending = (uint16_t)(avail_idx - v->last_avail_idx);
	if (pending == 0)
		return -EAGAIN;
	if (pending > v->vr.num) /* we cannot tell which entries are real */
		return fault(v, VRING_FAULT_AVAIL_IDX);
	uint16_t head = le16toh(vr_load(&v->vr.avail->ring[v->last_avail_idx & (v->vr.num - 1)]));
	v->last_avail_idx++; /* consumed even if malformed: it is rejected, not retried */
	memset(c, 0, offsetof(struct vring_chain, bufs));
	c->head = head;
	if (head >= v->vr.num)
		return fault(v, VRING_FAULT_HEAD);
	uint32_t i = head;
	for (unsigned seen = 0;; seen++) {
		if (seen >= v->vr.num)
			return fault(v, VRING_FAULT_LOOP);
		struct vring_desc d = v->vr.desc[i];
		uint16_t flags = le16toh(d.flags);
		int rc;
		if (flags & VRING_DESC_F_INDIRECT) {
			if (flags & VRING_DESC_F_NEXT)
				return fault(v, VRING_FAULT_INDIRECT);
			return walk_indirect(v, c, &d);
		}
		rc = chain_append(v, c, &d);
		if (rc)
			return rc;
		if (!(flags & VRING_DESC_F_NEXT))
			return 0;
		i = le16toh(d.next);
		if (i >= v->vr.num)
			return fault(v, VRING_FAULT_NEXT);
	}
}

void vring_device_push(struct vring_device *v, uint16_t head, uint32_t len)
{
	struct vring_used_elem *e = &v->vr.used->ring[v->used_idx & (v->vr.num - 1)];
	e->id = htole32(head);
	e->len = htole32(len);
	v->used_idx++;
}

/* The driver's wish, for used entries up to @new_idx when it was last told up to @old. */
static bool notify_needed(const struct vring_device *v, uint16_t new_idx, uint16_t old)
{
	if (old == new_idx)
		return false;
	if (v->event_idx)
		return vring_event_crossed(le16toh(vr_load(used_event_p(&v->vr))), new_idx, old);
	return !(le16toh(vr_load(&v->vr.avail->flags)) & VRING_AVAIL_F_NO_INTERRUPT);
}

bool vring_device_notify_would(const struct vring_device *v, unsigned more)
{
	return notify_needed(v, (uint16_t)(v->used_idx + more), v->signalled_used);
}

bool vring_device_notify_prepare(struct vring_device *v)
{
	uint16_t old = v->signalled_used, new_idx = v->used_idx;
	vr_store_release(&v->vr.used->idx, htole16(new_idx));
	vr_mb();
	if (old == new_idx)
		return false;
	bool need = notify_needed(v, new_idx, old);
	v->signalled_used = new_idx;
	if (need)
		v->interrupts++;
	else
		v->interrupts_suppressed++;
	return need;
}

void vring_device_disable_notify(struct vring_device *v)
{
	v->vr.used->flags = htole16(le16toh(v->vr.used->flags) | VRING_USED_F_NO_NOTIFY);
	if (v->event_idx)
		vr_store(avail_event_p(&v->vr), htole16((uint16_t)(v->last_avail_idx - 1)));
}

bool vring_device_enable_notify(struct vring_device *v)
{
	v->vr.used->flags = htole16(le16toh(v->vr.used->flags) & ~VRING_USED_F_NO_NOTIFY);
	if (v->event_idx)
		vr_store(avail_event_p(&v->vr), htole16(v->last_avail_idx));
	vr_mb();
	return le16toh(vr_load(&v->vr.avail->idx)) == v->last_avail_idx;
}

uint64_t vring_device_faults(const struct vring_device *v)
{
	uint64_t n = 0;
	for (int i = 0; i < VRING_FAULT_COUNT; i++)
		n += v->faults[i];
	return n;
}
