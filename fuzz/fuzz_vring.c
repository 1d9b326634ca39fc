/*
 * fuzz_vring — the device side of the split ring (models/virtqueue/vring.c) on ring memory a
 * guest wrote anything into: descriptors, avail ring, used ring, indirect tables.
 *
 * Input: byte 0 picks the ring size (1 to 32768 entries) and EVENT_IDX; then the ring's memory
 * (allocated at exactly vring_mem_size(num), so under ASan any read past it is a finding);
 * the rest is guest memory indirect tables are translated into (also exactly sized, at any
 * offset: a table at an odd address is the guest's choice).
 *
 * Properties besides memory safety: pop returns 0, -EAGAIN or -EPROTO; a chain it returns has
 * a head within the ring, at most VRING_CHAIN_MAX buffers, device-readable ones first, and
 * byte totals that are the sums of its buffers; a broken ring stays broken.
 */
#define _GNU_SOURCE
#include <errno.h>

#include "fuzz.h"
#include "vring.h"

struct guest_mem {
	const uint8_t *base;   /* the guest's memory */
	size_t len;            /* its bytes */
};

static const struct vring_desc *translate(void *opaque, uint64_t addr, uint32_t len)
{
	const struct guest_mem *g = opaque;
	if (addr > g->len || len > g->len - addr)
		return NULL;
	return (const struct vring_desc *)(g->base + addr);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < 1)
		return 0;
	unsigned num = 1u << (data[0] % 16); /* 1 .. 32768 */
	bool event_idx = data[0] & 0x10;
	size_t ring = vring_mem_size(num);
	data++;
	size--;
	uint8_t *mem = aligned_alloc(16, (ring + 15) & ~(size_t)15);
	if (!mem)
		return 0;
	size_t n = size < ring ? size : ring;
	memcpy(mem, data, n);
	memset(mem + n, 0, ring - n);
	size_t glen = size - n;
	uint8_t *guest = malloc(glen ? glen : 1);
	if (!guest) {
		free(mem);
		return 0;
	}
	memcpy(guest, data + n, glen);
	struct guest_mem g = { guest, glen };

	struct vring_device dev;
	vring_device_init(&dev, mem, num, event_idx);
	dev.translate = translate;
	dev.translate_opaque = &g;
	bool broken = false;
	for (unsigned i = 0; i < 2 * num + 2; i++) {
		vring_device_pending(&dev);
		struct vring_chain c;
		int rc = vring_device_pop(&dev, &c);
		FUZZ_ASSERT(rc == 0 || rc == -EAGAIN || rc == -EPROTO, "pop returned %d", rc);
		FUZZ_ASSERT(!broken || rc != 0, "a broken ring popped a chain");
		if (rc == -EPROTO)
			broken = true;
		if (rc)
			break;
		FUZZ_ASSERT(c.head < num, "head %u of %u", c.head, num);
		FUZZ_ASSERT(c.n >= 1 && c.n <= VRING_CHAIN_MAX, "%u buffers", c.n);
		uint64_t out = 0, in = 0;
		bool writes = false;
		for (unsigned b = 0; b < c.n; b++) {
			FUZZ_ASSERT(!writes || c.bufs[b].device_writes, "readable buffer %u after a writable one", b);
			writes = c.bufs[b].device_writes;
			*(writes ? &in : &out) += c.bufs[b].len;
		}
		FUZZ_ASSERT(out == c.out_bytes && in == c.in_bytes,
			    "byte totals %u/%u, buffers sum to %llu/%llu", c.out_bytes, c.in_bytes,
			    (unsigned long long)out, (unsigned long long)in);
		vring_device_push(&dev, c.head, c.in_bytes);
		if (i % 3 == 0)
			vring_device_notify_prepare(&dev);
		if (i % 5 == 0 && !vring_device_enable_notify(&dev))
			vring_device_disable_notify(&dev);
	}
	vring_device_notify_prepare(&dev);
	free(guest);
	free(mem);
	return 0;
}
