/*
 * vring — the virtio 1.x split virtqueue, driver side and device side.
 *
 * This is the one place ring logic lives. The emulator drives it in real shared memory (memfd)
 * between a synthetic guest thread and a polling core; the simulator runs the very same code in
 * simulated time, so notification suppression (EVENT_IDX, NO_NOTIFY / NO_INTERRUPT) behaves
 * identically in both. Layout is <linux/virtio_ring.h>: descriptor table (16 B each, align 16),
 * avail ring (6 + 2*num, align 2), used ring (6 + 8*num, align 4). Indices are free-running
 * 16-bit counters that wrap at 65536.
 *
 * Memory ordering follows the spec: the driver writes descriptors and the avail ring entry before
 * publishing avail->idx (store-release); the device reads avail->idx with load-acquire before
 * reading the entry; symmetric on the used side. Event-index checks are preceded by a full
 * barrier (virtio_mb) because suppression is not synchronized: a notification may be spurious
 * and must be tolerated, but must never be lost.
 *
 * The device side never trusts the guest: every head, next index, chain length and indirect
 * table (its size, bounds, nesting, and the alignment of the memory it translates to) is
 * checked, and so is each chain's byte total (it must fit the 32-bit length the used ring
 * reports); a malformed chain is rejected and counted, never followed.
 *
 * The driver side never trusts the device either: a used entry whose id is not a request in
 * flight (out of range, or returned twice) is skipped and counted in used_faults, and the
 * driver goes on collecting the entries after it. It neither stalls nor frees what it did not
 * hand out; the request the device should have returned stays in flight, where the caller's
 * own accounting (in flight at the end) shows it.
 *
 * No dependency on SimGrid or on anything outside libc.
 */
#ifndef VRIOSIM_VRING_H
#define VRIOSIM_VRING_H

#include <linux/virtio_ring.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define VRING_MAX_NUM 32768u /* the spec's largest split-queue size */

/* Bytes needed for a ring of @num entries (descriptor table + avail + used, with alignment). */
size_t vring_mem_size(unsigned num);
/* Lay a ring of @num (power of 2, <= 32768) entries over @mem (zeroed here). 0 or -EINVAL. */
int vring_layout(struct vring *vr, void *mem, unsigned num);

/* The spec's need-event test: has the index moved from @old past @event to @new_idx? */
static inline bool vring_event_crossed(uint16_t event, uint16_t new_idx, uint16_t old)
{
	return (uint16_t)(new_idx - event - 1) < (uint16_t)(new_idx - old);
}

/* One buffer of a request as the driver offers it. */
struct vring_buf {
	uint64_t addr;    /* guest-physical address (the emulator: offset in shared memory) */
	uint32_t len;     /* bytes */
	bool device_writes; /* VRING_DESC_F_WRITE: device-writable (an "in" buffer) */
};

/* ---- Driver side (the guest's virtio front end) ---- */

struct vring_driver {
	struct vring vr;       /* the shared ring */
	bool event_idx;        /* VIRTIO_F_EVENT_IDX negotiated */
	uint16_t free_head;    /* first descriptor of the free list */
	uint16_t num_free;     /* descriptors on the free list */
	uint16_t avail_idx;    /* our copy of avail->idx (next slot to publish) */
	uint16_t kicked_idx;   /* avail idx at the last notify decision */
	uint16_t last_used_idx; /* last used idx we have consumed */
	uint16_t in_flight;    /* requests added and not yet returned (skipped entries aside) */
	uint16_t *chain_len;   /* per head: descriptors in its chain (for freeing) */
	void **cookie;         /* per head: the caller's token for the request */
	uint64_t kicks;        /* notifications the driver decided to send */
	uint64_t kicks_suppressed; /* notify decisions that said "no" */
	uint64_t used_faults;  /* used entries with an id not in flight: skipped (a device bug) */
};

/* @mem must hold vring_mem_size(num) bytes. Returns 0, -EINVAL or -ENOMEM. */
int vring_driver_init(struct vring_driver *d, void *mem, unsigned num, bool event_idx);
void vring_driver_free(struct vring_driver *d);
/* Chain @n buffers (device-readable first, then device-writable) and put the head in the avail
 * ring (not yet published). Returns the head, or -ENOSPC when the ring is full (backpressure),
 * -EINVAL for an empty or over-long chain. */
int vring_driver_add(struct vring_driver *d, const struct vring_buf *bufs, unsigned n,
		     void *cookie);
/* Publish added entries (avail->idx, store-release) and decide whether to notify the device:
 * EVENT_IDX → avail_event crossed; otherwise the device's NO_NOTIFY flag. Counts the decision. */
bool vring_driver_kick_prepare(struct vring_driver *d);
/* Next completed request: its cookie (and @len written by the device), or NULL when none is
 * left. Entries naming an id not in flight are skipped and counted in used_faults. */
void *vring_driver_get_used(struct vring_driver *d, uint32_t *len);
/* The cookie vring_driver_get_used would return next, left in place (NULL: none, or an entry
 * that get_used would skip as a device bug). */
void *vring_driver_peek_used(const struct vring_driver *d);
/* Ask for no completion interrupts (NAPI polling) / ask for them again. enable returns false
 * when used entries are already pending (the caller must poll again: no lost wake-up). */
void vring_driver_disable_cb(struct vring_driver *d);
bool vring_driver_enable_cb(struct vring_driver *d);
/* As enable_cb, but (EVENT_IDX) ask for the interrupt only once 3/4 of the requests now in
 * flight have completed — Linux's virtqueue_enable_cb_delayed, used when a full TX ring stops
 * the queue. Returns false when that many are already used. */
bool vring_driver_enable_cb_delayed(struct vring_driver *d);
/* Completions (used entries) the device must still add before it interrupts us: the distance
 * to used_event (EVENT_IDX), or 1 when interrupts are simply enabled. */
unsigned vring_driver_used_until_interrupt(const struct vring_driver *d);
/* Requests added and not yet returned through get_used. */
unsigned vring_driver_in_flight(const struct vring_driver *d);

/* ---- Device side (vhost thread, sidecore, IOhost core) ---- */

/* A popped request chain (descriptors resolved, indirect tables followed). */
#define VRING_CHAIN_MAX 64u
struct vring_chain {
	uint16_t head;                    /* the id to return in the used ring */
	unsigned n;                       /* buffers in bufs[] */
	uint32_t out_bytes;               /* total device-readable bytes (<= UINT32_MAX: checked) */
	uint32_t in_bytes;                /* total device-writable bytes (<= UINT32_MAX: checked) */
	struct vring_buf bufs[VRING_CHAIN_MAX];
};

/* Why a chain was rejected. */
enum vring_fault {
	VRING_FAULT_AVAIL_IDX,   /* avail idx moved more than num past our position */
	VRING_FAULT_HEAD,        /* head index out of range */
	VRING_FAULT_NEXT,        /* next index out of range */
	VRING_FAULT_LOOP,        /* chain longer than the table (a loop) or than VRING_CHAIN_MAX */
	VRING_FAULT_INDIRECT,    /* bad indirect table (size, alignment, nesting, bounds) */
	VRING_FAULT_ORDER,       /* device-readable buffer after a device-writable one */
	VRING_FAULT_LEN,         /* readable or writable bytes of a chain total over UINT32_MAX */
	VRING_FAULT_COUNT
};

/* Indirect tables live in guest memory: the device resolves their address through this. A
 * table whose translated address is not aligned for struct vring_desc is rejected
 * (VRING_FAULT_INDIRECT): it is read in place. */
typedef const struct vring_desc *(*vring_translate_fn)(void *opaque, uint64_t addr, uint32_t len);

struct vring_device {
	struct vring vr;          /* the shared ring */
	bool event_idx;           /* VIRTIO_F_EVENT_IDX negotiated */
	uint16_t last_avail_idx;  /* next avail entry to consume */
	uint16_t used_idx;        /* our copy of used->idx (next slot to fill) */
	uint16_t signalled_used;  /* used idx at the last interrupt decision */
	bool broken;              /* a fault was seen: the queue is stopped until reset */
	vring_translate_fn translate; /* indirect tables (NULL: indirect rejected) */
	void *translate_opaque;
	uint64_t faults[VRING_FAULT_COUNT]; /* rejected chains by reason */
	uint64_t interrupts;      /* interrupts the device decided to send */
	uint64_t interrupts_suppressed; /* interrupt decisions that said "no" */
};

void vring_device_init(struct vring_device *v, void *mem, unsigned num, bool event_idx);
/* Entries published by the driver and not yet popped (0 if the avail idx is insane). */
unsigned vring_device_pending(const struct vring_device *v);
/* Pop the next request. 0, -EAGAIN when empty, -EPROTO for a malformed chain (counted in
 * faults[], the queue marked broken: a real device would signal NEEDS_RESET). */
int vring_device_pop(struct vring_device *v, struct vring_chain *c);
/* Return a chain to the driver with @len bytes written (not yet published). */
void vring_device_push(struct vring_device *v, uint16_t head, uint32_t len);
/* Publish pushed entries (used->idx, store-release) and decide whether to interrupt the
 * driver: EVENT_IDX → used_event crossed; otherwise the driver's NO_INTERRUPT flag. */
bool vring_device_notify_prepare(struct vring_device *v);
/* Would vring_device_notify_prepare ask for an interrupt once @more further entries are pushed
 * (a dry run: nothing is published or counted)? */
bool vring_device_notify_would(const struct vring_device *v, unsigned more);
/* Ask the driver not to kick (we are polling) / to kick again. enable returns false when
 * entries are already pending (the caller must poll again before sleeping). */
void vring_device_disable_notify(struct vring_device *v);
bool vring_device_enable_notify(struct vring_device *v);
uint64_t vring_device_faults(const struct vring_device *v);

#endif
