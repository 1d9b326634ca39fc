/*
 * test_vring — the split ring on its own: layout, wrap-around of the 16-bit indices, notification
 * suppression (EVENT_IDX and the flags), backpressure, chained and indirect descriptors, and a
 * misbehaving guest whose every malformed chain must be rejected, counted and never followed.
 *
 * Ring memory is allocated at exactly vring_mem_size() and indirect tables at exactly their
 * length, so that under ASan any read past them is a failure, not a silent pass.
 */
#include "check.h"
#include "vring.h"

#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* A ring pair (driver + device views of the same memory). */
struct pair {
	void *mem;
	struct vring_driver drv;
	struct vring_device dev;
};

static void pair_init(struct pair *p, unsigned num, bool event_idx)
{
	size_t sz = vring_mem_size(num);
	p->mem = aligned_alloc(16, sz);
	CHECK(p->mem);
	CHECK_EQ(vring_driver_init(&p->drv, p->mem, num, event_idx), 0);
	vring_device_init(&p->dev, p->mem, num, event_idx);
}

static void pair_free(struct pair *p)
{
	vring_driver_free(&p->drv);
	free(p->mem);
}

/* Distinct non-NULL cookies without allocating. */
static char cookie_base[4096];
#define COOKIE(i) ((void *)&cookie_base[(i) % sizeof(cookie_base)])

static int add1(struct pair *p, uint64_t addr, uint32_t len, bool writes, unsigned tag)
{
	struct vring_buf b = {.addr = addr, .len = len, .device_writes = writes};
	return vring_driver_add(&p->drv, &b, 1, COOKIE(tag));
}

/* ---- layout ---------------------------------------------------------------------------- */

CHECK_TEST(layout)
{
	for (unsigned num = 1; num <= VRING_MAX_NUM; num *= 2) {
		/* The kernel's own formula (align 4 for the used ring), then our 16-byte tail. */
		size_t linux_sz = vring_size(num, 4);
		CHECK_EQ(vring_mem_size(num), (linux_sz + 15) & ~(size_t)15);
	}
	struct vring vr;
	char *mem = aligned_alloc(16, vring_mem_size(256));
	CHECK_EQ(vring_layout(&vr, mem, 256), 0);
	CHECK_EQ((char *)vr.avail - mem, 16 * 256);
	CHECK_EQ((uintptr_t)vr.used % 4, 0);
	CHECK_EQ(vring_layout(&vr, mem, 0), -EINVAL);
	CHECK_EQ(vring_layout(&vr, mem, 100), -EINVAL);      /* not a power of 2 */
	CHECK_EQ(vring_layout(&vr, mem, 65536), -EINVAL);    /* over the spec's maximum */
	CHECK_EQ(vring_layout(&vr, mem + 4, 256), -EINVAL);  /* misaligned */
	free(mem);
	return 0;
}

/* ---- wrap-around ----------------------------------------------------------------------- */

/* One request at a time, > 65536 times: every free-running index wraps at least once. */
CHECK_TEST(wrap_single)
{
	struct pair p;
	pair_init(&p, 8, true);
	const unsigned cycles = 70000;
	for (unsigned i = 0; i < cycles; i++) {
		CHECK_GE(add1(&p, 0x1000 + i, 64 + (i % 100), i & 1, i), 0);
		vring_driver_kick_prepare(&p.drv);
		struct vring_chain c;
		CHECK_EQ(vring_device_pop(&p.dev, &c), 0);
		CHECK_EQ(c.n, 1);
		CHECK_EQ(c.bufs[0].addr, 0x1000 + i);
		CHECK_EQ(c.bufs[0].len, 64 + (i % 100));
		CHECK_EQ(c.bufs[0].device_writes, i & 1);
		vring_device_push(&p.dev, c.head, i & 0xffff);
		vring_device_notify_prepare(&p.dev);
		uint32_t len = 0;
		CHECK(vring_driver_get_used(&p.drv, &len) == COOKIE(i));
		CHECK_EQ(len, i & 0xffff);
		CHECK(vring_driver_get_used(&p.drv, &len) == NULL);
		CHECK_EQ(vring_driver_in_flight(&p.drv), 0);
	}
	CHECK_EQ(p.drv.avail_idx, (uint16_t)cycles);
	CHECK_EQ(p.drv.last_used_idx, (uint16_t)cycles);
	CHECK_EQ(p.dev.last_avail_idx, (uint16_t)cycles);
	CHECK_EQ(p.dev.used_idx, (uint16_t)cycles);
	CHECK_EQ(vring_device_faults(&p.dev), 0);
	CHECK_EQ(p.drv.num_free, 8);
	pair_free(&p);
	return 0;
}

/* Batches of varying size and chains of varying length, completed out of order, across the
 * wrap: the free list must survive, and the ring must never lose or duplicate a request. */
CHECK_TEST(wrap_batched)
{
	struct pair p;
	pair_init(&p, 16, true);
	uint64_t seq = 0, done = 0;
	unsigned rng = 12345;
	for (unsigned round = 0; round < 40000; round++) {
		unsigned batch = 1 + (rng = rng * 1103515245u + 12345u) % 6;
		for (unsigned b = 0; b < batch; b++) {
			unsigned n = 1 + (seq % 3);
			struct vring_buf bufs[3] = {{seq, 10, false}, {seq + 1, 20, false}, {seq + 2, 30, true}};
			if (n == 2)
				bufs[1].device_writes = true;
			int h = vring_driver_add(&p.drv, bufs + (3 - n), n, COOKIE(seq));
			if (h == -ENOSPC)
				break;
			CHECK_GE(h, 0);
			seq++;
		}
		vring_driver_kick_prepare(&p.drv);
		/* Pop everything, complete in reverse order (a device may reorder). */
		struct vring_chain c[16];
		unsigned got = 0;
		while (got < 16 && vring_device_pop(&p.dev, &c[got]) == 0)
			got++;
		for (unsigned k = got; k-- > 0;)
			vring_device_push(&p.dev, c[k].head, c[k].in_bytes);
		vring_device_notify_prepare(&p.dev);
		uint32_t len;
		while (vring_driver_get_used(&p.drv, &len))
			done++;
	}
	CHECK_GT(seq, 65536);
	CHECK_EQ(done, seq);
	CHECK_EQ(vring_driver_in_flight(&p.drv), 0);
	CHECK_EQ(p.drv.num_free, 16);
	CHECK_EQ(vring_device_faults(&p.dev), 0);
	pair_free(&p);
	return 0;
}

/* ---- notification suppression ---------------------------------------------------------- */

CHECK_TEST(event_crossed)
{
	static const struct {
		uint16_t event, new_idx, old;
		bool want;
	} t[] = {
		{0, 1, 0, true},         /* event at old: the first new entry crosses it */
		{0, 0, 0, false},        /* nothing moved */
		{1, 1, 0, false},        /* event == new: not yet crossed */
		{1, 2, 0, true},
		{5, 10, 0, true},
		{9, 10, 0, true},        /* last entry of the batch */
		{10, 10, 0, false},
		{0, 10, 1, false},       /* event behind old: already crossed earlier */
		{65535, 0, 65535, true}, /* across the wrap */
		{65535, 1, 65534, true},
		{65534, 1, 65535, false},
		{0, 5, 65530, true},
		{4, 5, 65530, true},
		{5, 5, 65530, false},
		{65529, 5, 65530, false},
		{100, 99, 50, false},
	};
	for (size_t i = 0; i < sizeof(t) / sizeof(t[0]); i++)
		if (vring_event_crossed(t[i].event, t[i].new_idx, t[i].old) != t[i].want)
			CHECK_FAIL("case %zu: event=%u new=%u old=%u want %d", i, t[i].event,
				   t[i].new_idx, t[i].old, t[i].want);
	/* Exhaustive against the definition on a small window: crossed iff event in [old, new). */
	for (unsigned old = 65530; old < 65546; old++)
		for (unsigned d = 0; d < 12; d++)
			for (unsigned e = old - 4; e < old + 16; e++) {
				bool want = e >= old && e < old + d;
				CHECK_EQ(vring_event_crossed((uint16_t)e, (uint16_t)(old + d), (uint16_t)old),
					 want);
			}
	return 0;
}

CHECK_TEST(event_idx_kick)
{
	struct pair p;
	pair_init(&p, 8, true);
	struct vring_chain c;
	/* Fresh ring: avail_event is 0, so the first publish crosses it. */
	add1(&p, 1, 1, false, 1);
	CHECK(vring_driver_kick_prepare(&p.drv));
	/* The device has not moved avail_event: further kicks are suppressed. */
	add1(&p, 2, 1, false, 2);
	CHECK(!vring_driver_kick_prepare(&p.drv));
	CHECK(!vring_driver_kick_prepare(&p.drv)); /* nothing new: no decision at all */
	CHECK_EQ(p.drv.kicks, 1);
	CHECK_EQ(p.drv.kicks_suppressed, 1);
	/* Device drains and re-arms: enable says "nothing pending" only once drained. */
	CHECK(!vring_device_enable_notify(&p.dev));
	CHECK_EQ(vring_device_pop(&p.dev, &c), 0);
	CHECK_EQ(vring_device_pop(&p.dev, &c), 0);
	CHECK_EQ(vring_device_pop(&p.dev, &c), -EAGAIN);
	CHECK(vring_device_enable_notify(&p.dev));
	add1(&p, 3, 1, false, 3);
	CHECK(vring_driver_kick_prepare(&p.drv));
	/* Device polling: disable → suppressed, however many are published. */
	vring_device_disable_notify(&p.dev);
	CHECK_EQ(vring_device_pop(&p.dev, &c), 0);
	for (unsigned i = 0; i < 3; i++) {
		add1(&p, 4 + i, 1, false, 4 + i);
		CHECK(!vring_driver_kick_prepare(&p.drv));
	}
	CHECK_EQ(p.drv.kicks, 2);
	CHECK_EQ(p.drv.kicks_suppressed, 4);
	/* Re-enabling with entries pending must report them (no lost wake-up). */
	CHECK(!vring_device_enable_notify(&p.dev));
	pair_free(&p);
	return 0;
}

/* An 8-entry EVENT_IDX pair with four device-writable buffers published (cookies 0..3). */
static void four_receive_buffers(struct pair *p)
{
	pair_init(p, 8, true);
	for (unsigned i = 0; i < 4; i++)
		add1(p, i, 1, true, i);
	vring_driver_kick_prepare(&p->drv);
}

CHECK_TEST(event_idx_interrupt)
{
	struct pair p;
	four_receive_buffers(&p);
	struct vring_chain c;
	uint32_t len;
	/* used_event starts at 0: the first completion interrupts. */
	CHECK_EQ(vring_device_pop(&p.dev, &c), 0);
	vring_device_push(&p.dev, c.head, 1);
	CHECK(vring_device_notify_prepare(&p.dev));
	/* The driver has not consumed it: the next completion is suppressed. */
	CHECK_EQ(vring_device_pop(&p.dev, &c), 0);
	vring_device_push(&p.dev, c.head, 1);
	CHECK(!vring_device_notify_prepare(&p.dev));
	/* The driver consumes both and thereby asks for the next one. */
	CHECK(vring_driver_get_used(&p.drv, &len));
	CHECK(vring_driver_get_used(&p.drv, &len));
	CHECK(!vring_driver_get_used(&p.drv, &len));
	CHECK(vring_driver_enable_cb(&p.drv));
	CHECK_EQ(vring_device_pop(&p.dev, &c), 0);
	vring_device_push(&p.dev, c.head, 1);
	CHECK(vring_device_notify_prepare(&p.dev));
	/* NAPI-style polling: callbacks disabled → suppressed; get_used must not re-arm. */
	vring_driver_disable_cb(&p.drv);
	CHECK(vring_driver_get_used(&p.drv, &len));
	CHECK_EQ(vring_device_pop(&p.dev, &c), 0);
	vring_device_push(&p.dev, c.head, 1);
	CHECK(!vring_device_notify_prepare(&p.dev));
	/* enable_cb with a completion pending reports it. */
	CHECK(!vring_driver_enable_cb(&p.drv));
	CHECK(vring_driver_get_used(&p.drv, &len));
	CHECK(vring_driver_enable_cb(&p.drv));
	CHECK_EQ(p.dev.interrupts, 2);
	CHECK_EQ(p.dev.interrupts_suppressed, 2);
	pair_free(&p);
	return 0;
}

/* peek_used names what get_used returns next without taking it, and notify_would what
 * notify_prepare would answer (a guest plans ahead with them: guest/handler.c, guest.c). */
CHECK_TEST(peek_used)
{
	struct pair p;
	four_receive_buffers(&p);
	struct vring_chain c;
	uint32_t len;
	CHECK(vring_driver_peek_used(&p.drv) == NULL);
	for (unsigned i = 0; i < 2; i++) {
		CHECK_EQ(vring_device_pop(&p.dev, &c), 0);
		vring_device_push(&p.dev, c.head, 1);
	}
	/* The dry run answers as notify_prepare then does, and changes nothing. */
	CHECK(vring_device_notify_would(&p.dev, 0));
	CHECK(vring_device_notify_would(&p.dev, 1));
	CHECK_EQ(p.dev.interrupts, 0);
	CHECK(vring_device_notify_prepare(&p.dev));
	CHECK(!vring_device_notify_would(&p.dev, 0)); /* nothing new */
	CHECK(!vring_device_notify_would(&p.dev, 1)); /* the driver has not asked again */
	CHECK(vring_driver_peek_used(&p.drv) == COOKIE(0));
	CHECK(vring_driver_peek_used(&p.drv) == COOKIE(0)); /* still there */
	CHECK(vring_driver_get_used(&p.drv, &len) == COOKIE(0));
	CHECK(vring_driver_peek_used(&p.drv) == COOKIE(1));
	CHECK(vring_driver_get_used(&p.drv, &len) == COOKIE(1));
	CHECK(vring_driver_peek_used(&p.drv) == NULL);
	/* A bad id: peek names nothing (get_used skips it as a device bug). */
	vring_device_push(&p.dev, 200, 0);
	vring_device_notify_prepare(&p.dev);
	CHECK(vring_driver_peek_used(&p.drv) == NULL);
	pair_free(&p);
	return 0;
}

/* Without EVENT_IDX only the flags speak: every publish kicks unless NO_NOTIFY. */
CHECK_TEST(flags_suppression)
{
	struct pair p;
	pair_init(&p, 8, false);
	struct vring_chain c;
	uint32_t len;
	add1(&p, 1, 1, true, 1);
	CHECK(vring_driver_kick_prepare(&p.drv));
	add1(&p, 2, 1, true, 2);
	CHECK(vring_driver_kick_prepare(&p.drv)); /* no event index: kicks again */
	vring_device_disable_notify(&p.dev);
	CHECK(p.dev.vr.used->flags & VRING_USED_F_NO_NOTIFY);
	add1(&p, 3, 1, true, 3);
	CHECK(!vring_driver_kick_prepare(&p.drv));
	CHECK(!vring_device_enable_notify(&p.dev)); /* 3 pending */
	CHECK(!(p.dev.vr.used->flags & VRING_USED_F_NO_NOTIFY));
	add1(&p, 4, 1, true, 4);
	CHECK(vring_driver_kick_prepare(&p.drv));
	CHECK_EQ(p.drv.kicks, 3);
	CHECK_EQ(p.drv.kicks_suppressed, 1);

	CHECK_EQ(vring_device_pop(&p.dev, &c), 0);
	vring_device_push(&p.dev, c.head, 0);
	CHECK(vring_device_notify_prepare(&p.dev));
	CHECK_EQ(vring_device_pop(&p.dev, &c), 0);
	vring_device_push(&p.dev, c.head, 0);
	CHECK(vring_device_notify_prepare(&p.dev)); /* unconsumed, but no event index: again */
	vring_driver_disable_cb(&p.drv);
	CHECK(p.drv.vr.avail->flags & VRING_AVAIL_F_NO_INTERRUPT);
	CHECK_EQ(vring_device_pop(&p.dev, &c), 0);
	vring_device_push(&p.dev, c.head, 0);
	CHECK(!vring_device_notify_prepare(&p.dev));
	CHECK(!vring_driver_enable_cb(&p.drv)); /* 3 completions pending */
	while (vring_driver_get_used(&p.drv, &len))
		;
	CHECK(vring_driver_enable_cb(&p.drv));
	CHECK_EQ(vring_device_pop(&p.dev, &c), 0);
	vring_device_push(&p.dev, c.head, 0);
	CHECK(vring_device_notify_prepare(&p.dev));
	CHECK_EQ(p.dev.interrupts, 3);
	CHECK_EQ(p.dev.interrupts_suppressed, 1);
	pair_free(&p);
	return 0;
}

/* ---- backpressure and argument checks -------------------------------------------------- */

CHECK_TEST(full_ring)
{
	struct pair p;
	pair_init(&p, 4, true);
	for (unsigned i = 0; i < 4; i++)
		CHECK_GE(add1(&p, i, 1, false, i), 0);
	CHECK_EQ(add1(&p, 9, 1, false, 9), -ENOSPC);
	CHECK_EQ(vring_driver_in_flight(&p.drv), 4);
	vring_driver_kick_prepare(&p.drv);
	struct vring_chain c;
	CHECK_EQ(vring_device_pop(&p.dev, &c), 0);
	vring_device_push(&p.dev, c.head, 0);
	vring_device_notify_prepare(&p.dev);
	uint32_t len;
	CHECK(vring_driver_get_used(&p.drv, &len) == COOKIE(0));
	/* One free descriptor: a chain of 2 does not fit, a single one does. */
	struct vring_buf two[2] = {{1, 1, false}, {2, 2, true}};
	CHECK_EQ(vring_driver_add(&p.drv, two, 2, COOKIE(7)), -ENOSPC);
	CHECK_GE(add1(&p, 5, 1, false, 5), 0);
	CHECK_EQ(add1(&p, 6, 1, false, 6), -ENOSPC);
	/* Invalid requests are not backpressure. */
	CHECK_EQ(vring_driver_add(&p.drv, two, 0, COOKIE(1)), -EINVAL);
	CHECK_EQ(vring_driver_add(&p.drv, two, 5, COOKIE(1)), -EINVAL); /* longer than the ring */
	CHECK_EQ(vring_driver_add(&p.drv, two, 1, NULL), -EINVAL);
	pair_free(&p);
	return 0;
}

/* ---- chains ---------------------------------------------------------------------------- */

CHECK_TEST(chained)
{
	struct pair p;
	pair_init(&p, 8, true);
	struct vring_buf bufs[4] = {
		{0x100, 12, false}, {0x200, 1500, false}, {0x300, 12, true}, {0x400, 2048, true}};
	int head = vring_driver_add(&p.drv, bufs, 4, COOKIE(1));
	CHECK_GE(head, 0);
	CHECK_EQ(p.drv.num_free, 4);
	vring_driver_kick_prepare(&p.drv);
	struct vring_chain c;
	CHECK_EQ(vring_device_pop(&p.dev, &c), 0);
	CHECK_EQ(c.head, head);
	CHECK_EQ(c.n, 4);
	CHECK_EQ(c.out_bytes, 1512);
	CHECK_EQ(c.in_bytes, 2060);
	for (unsigned i = 0; i < 4; i++) {
		CHECK_EQ(c.bufs[i].addr, bufs[i].addr);
		CHECK_EQ(c.bufs[i].len, bufs[i].len);
		CHECK_EQ(c.bufs[i].device_writes, bufs[i].device_writes);
	}
	vring_device_push(&p.dev, c.head, 100);
	vring_device_notify_prepare(&p.dev);
	uint32_t len;
	CHECK(vring_driver_get_used(&p.drv, &len) == COOKIE(1));
	CHECK_EQ(len, 100);
	CHECK_EQ(p.drv.num_free, 8); /* the whole chain went back to the free list */
	/* A writable-before-readable chain is the driver's bug: the device must catch it. */
	struct vring_buf bad[2] = {{1, 1, true}, {2, 2, false}};
	CHECK_GE(vring_driver_add(&p.drv, bad, 2, COOKIE(2)), 0);
	vring_driver_kick_prepare(&p.drv);
	CHECK_EQ(vring_device_pop(&p.dev, &c), -EPROTO);
	CHECK_EQ(p.dev.faults[VRING_FAULT_ORDER], 1);
	pair_free(&p);
	return 0;
}

/* Guest memory for indirect tables: a list of exactly-sized allocations, addressed by index. */
struct gmem {
	struct vring_desc *tables[4];
	uint32_t lens[4];
	unsigned calls;
};

static const struct vring_desc *gmem_translate(void *opaque, uint64_t addr, uint32_t len)
{
	struct gmem *g = opaque;
	g->calls++;
	if (addr >= 4 || !g->tables[addr] || len > g->lens[addr])
		return NULL; /* out of guest memory: the device must not follow */
	return g->tables[addr];
}

/* Publish one descriptor (head) by hand, as a guest with its own driver would. */
static void publish_raw(struct pair *p, uint16_t head)
{
	struct vring *vr = &p->drv.vr;
	vr->avail->ring[vr->avail->idx & (vr->num - 1)] = head;
	__atomic_store_n(&vr->avail->idx, (uint16_t)(vr->avail->idx + 1), __ATOMIC_RELEASE);
}

static void set_desc(struct vring_desc *d, uint64_t addr, uint32_t len, uint16_t flags,
		     uint16_t next)
{
	d->addr = addr;
	d->len = len;
	d->flags = flags;
	d->next = next;
}

CHECK_TEST(indirect)
{
	struct pair p;
	pair_init(&p, 8, true);
	struct gmem g = {0};
	g.lens[1] = 3 * sizeof(struct vring_desc);
	g.tables[1] = malloc(g.lens[1]);
	/* The walk starts at entry 0 and goes 0 → 2 → 1: next is followed inside the table. */
	set_desc(&g.tables[1][0], 0xa0, 12, VRING_DESC_F_NEXT, 2);
	set_desc(&g.tables[1][2], 0xb0, 64, VRING_DESC_F_NEXT, 1);
	set_desc(&g.tables[1][1], 0xc0, 4096, VRING_DESC_F_WRITE, 0);
	p.dev.translate = gmem_translate;
	p.dev.translate_opaque = &g;
	set_desc(&p.drv.vr.desc[5], 1, g.lens[1], VRING_DESC_F_INDIRECT, 0);
	publish_raw(&p, 5);
	struct vring_chain c;
	CHECK_EQ(vring_device_pop(&p.dev, &c), 0);
	CHECK_EQ(c.head, 5);
	CHECK_EQ(c.n, 3);
	CHECK_EQ(c.bufs[0].addr, 0xa0);
	CHECK_EQ(c.bufs[1].addr, 0xb0);
	CHECK_EQ(c.bufs[2].addr, 0xc0);
	CHECK(c.bufs[2].device_writes);
	CHECK_EQ(c.out_bytes, 76);
	CHECK_EQ(c.in_bytes, 4096);
	CHECK_EQ(g.calls, 1);
	CHECK_EQ(vring_device_faults(&p.dev), 0);
	free(g.tables[1]);
	pair_free(&p);
	return 0;
}

/* ---- a misbehaving guest --------------------------------------------------------------- */

/* Each case corrupts a fresh ring, and must end with exactly one fault of the expected kind, a
 * stopped queue, and no read outside the ring or the indirect table (ASan watches). */
enum bad_case {
	BAD_HEAD,
	BAD_NEXT,
	BAD_LOOP,
	BAD_SELF_LOOP,
	BAD_ORDER,
	BAD_ORDER_ZERO_LEN,
	BAD_AVAIL_JUMP,
	BAD_IND_LEN_ZERO,
	BAD_IND_LEN_ODD,
	BAD_IND_TOO_BIG,
	BAD_IND_NESTED,
	BAD_IND_NO_TRANSLATE,
	BAD_IND_TRANSLATE_FAILS,
	BAD_IND_WITH_NEXT,
	BAD_IND_NEXT,
	BAD_IND_LOOP,
	BAD_IND_ORDER,
	BAD_COUNT
};

static int run_bad(enum bad_case k, enum vring_fault want)
{
	struct pair p;
	pair_init(&p, 8, true);
	struct vring_desc *d = p.drv.vr.desc;
	struct gmem g = {0};
	g.lens[0] = 4 * sizeof(struct vring_desc);
	g.tables[0] = calloc(1, g.lens[0]);
	p.dev.translate = gmem_translate;
	p.dev.translate_opaque = &g;
	struct vring_desc *t = g.tables[0];
	uint16_t head = 0;
	switch (k) {
	case BAD_HEAD:
		head = 8 + 3;
		break;
	case BAD_NEXT:
		set_desc(&d[0], 0, 1, VRING_DESC_F_NEXT, 1);
		set_desc(&d[1], 0, 1, VRING_DESC_F_NEXT, 8);
		break;
	case BAD_LOOP:
		set_desc(&d[0], 0, 1, VRING_DESC_F_NEXT, 1);
		set_desc(&d[1], 0, 1, VRING_DESC_F_NEXT, 2);
		set_desc(&d[2], 0, 1, VRING_DESC_F_NEXT, 0);
		break;
	case BAD_SELF_LOOP:
		set_desc(&d[0], 0, 1, VRING_DESC_F_NEXT | VRING_DESC_F_WRITE, 0);
		break;
	case BAD_ORDER:
		set_desc(&d[0], 0, 1, VRING_DESC_F_NEXT | VRING_DESC_F_WRITE, 1);
		set_desc(&d[1], 0, 1, 0, 0);
		break;
	case BAD_ORDER_ZERO_LEN:
		set_desc(&d[0], 0, 0, VRING_DESC_F_NEXT | VRING_DESC_F_WRITE, 1);
		set_desc(&d[1], 0, 1, 0, 0);
		break;
	case BAD_AVAIL_JUMP:
		break;
	case BAD_IND_LEN_ZERO:
		set_desc(&d[0], 0, 0, VRING_DESC_F_INDIRECT, 0);
		break;
	case BAD_IND_LEN_ODD:
		set_desc(&d[0], 0, 17, VRING_DESC_F_INDIRECT, 0);
		break;
	case BAD_IND_TOO_BIG:
		set_desc(&d[0], 0, 16 * (VRING_CHAIN_MAX + 1), VRING_DESC_F_INDIRECT, 0);
		break;
	case BAD_IND_NESTED:
		set_desc(&t[0], 0, 1, VRING_DESC_F_NEXT, 1);
		set_desc(&t[1], 0, 16, VRING_DESC_F_INDIRECT, 0);
		set_desc(&d[0], 0, g.lens[0], VRING_DESC_F_INDIRECT, 0);
		break;
	case BAD_IND_NO_TRANSLATE:
		p.dev.translate = NULL;
		set_desc(&d[0], 0, g.lens[0], VRING_DESC_F_INDIRECT, 0);
		break;
	case BAD_IND_TRANSLATE_FAILS:
		/* Longer than the table we have: translate refuses. */
		set_desc(&d[0], 0, g.lens[0] + 16, VRING_DESC_F_INDIRECT, 0);
		break;
	case BAD_IND_WITH_NEXT:
		set_desc(&d[0], 0, g.lens[0], VRING_DESC_F_INDIRECT | VRING_DESC_F_NEXT, 1);
		break;
	case BAD_IND_NEXT:
		set_desc(&t[0], 0, 1, VRING_DESC_F_NEXT, 4); /* one past the table's end */
		set_desc(&d[0], 0, g.lens[0], VRING_DESC_F_INDIRECT, 0);
		break;
	case BAD_IND_LOOP:
		for (unsigned i = 0; i < 4; i++)
			set_desc(&t[i], 0, 1, VRING_DESC_F_NEXT, (uint16_t)((i + 1) % 4));
		set_desc(&d[0], 0, g.lens[0], VRING_DESC_F_INDIRECT, 0);
		break;
	case BAD_IND_ORDER:
		set_desc(&t[0], 0, 1, VRING_DESC_F_NEXT | VRING_DESC_F_WRITE, 1);
		set_desc(&t[1], 0, 1, 0, 0);
		set_desc(&d[0], 0, g.lens[0], VRING_DESC_F_INDIRECT, 0);
		break;
	case BAD_COUNT:
		break;
	}
	if (k == BAD_AVAIL_JUMP)
		p.drv.vr.avail->idx = 8 + 1; /* more entries than the ring holds */
	else
		publish_raw(&p, head);
	CHECK_EQ(vring_device_pending(&p.dev), k == BAD_AVAIL_JUMP ? 0 : 1);
	struct vring_chain c;
	int rc = vring_device_pop(&p.dev, &c);
	if (rc != -EPROTO)
		CHECK_FAIL("case %d: pop returned %d, want -EPROTO", k, rc);
	if (p.dev.faults[want] != 1)
		CHECK_FAIL("case %d: faults[%d] = %" PRIu64 ", want 1", k, want, p.dev.faults[want]);
	CHECK_EQ(vring_device_faults(&p.dev), 1);
	CHECK(p.dev.broken);
	/* A stopped queue stays stopped and counts nothing more, even after a valid publish. */
	set_desc(&d[3], 0, 1, 0, 0);
	publish_raw(&p, 3);
	CHECK_EQ(vring_device_pop(&p.dev, &c), -EPROTO);
	CHECK_EQ(vring_device_faults(&p.dev), 1);
	free(g.tables[0]);
	pair_free(&p);
	return 0;
}

CHECK_TEST(malformed)
{
	static const enum vring_fault want[BAD_COUNT] = {
		[BAD_HEAD] = VRING_FAULT_HEAD,
		[BAD_NEXT] = VRING_FAULT_NEXT,
		[BAD_LOOP] = VRING_FAULT_LOOP,
		[BAD_SELF_LOOP] = VRING_FAULT_LOOP,
		[BAD_ORDER] = VRING_FAULT_ORDER,
		[BAD_ORDER_ZERO_LEN] = VRING_FAULT_ORDER,
		[BAD_AVAIL_JUMP] = VRING_FAULT_AVAIL_IDX,
		[BAD_IND_LEN_ZERO] = VRING_FAULT_INDIRECT,
		[BAD_IND_LEN_ODD] = VRING_FAULT_INDIRECT,
		[BAD_IND_TOO_BIG] = VRING_FAULT_INDIRECT,
		[BAD_IND_NESTED] = VRING_FAULT_INDIRECT,
		[BAD_IND_NO_TRANSLATE] = VRING_FAULT_INDIRECT,
		[BAD_IND_TRANSLATE_FAILS] = VRING_FAULT_INDIRECT,
		[BAD_IND_WITH_NEXT] = VRING_FAULT_INDIRECT,
		[BAD_IND_NEXT] = VRING_FAULT_NEXT,
		[BAD_IND_LOOP] = VRING_FAULT_LOOP,
		[BAD_IND_ORDER] = VRING_FAULT_ORDER,
	};
	for (int k = 0; k < BAD_COUNT; k++)
		run_bad((enum bad_case)k, want[k]);
	return 0;
}

/* A chain longer than VRING_CHAIN_MAX in a big ring is rejected as a loop, not overflowed. */
CHECK_TEST(chain_too_long)
{
	struct pair p;
	pair_init(&p, 128, true);
	struct vring_desc *d = p.drv.vr.desc;
	for (unsigned i = 0; i < 100; i++)
		set_desc(&d[i], i, 1, VRING_DESC_F_NEXT, (uint16_t)(i + 1));
	d[99].flags = 0;
	publish_raw(&p, 0);
	struct vring_chain c;
	CHECK_EQ(vring_device_pop(&p.dev, &c), -EPROTO);
	CHECK_EQ(p.dev.faults[VRING_FAULT_LOOP], 1);
	pair_free(&p);
	return 0;
}

/* A device returning an id it never got must not corrupt the driver's free list, nor stop it
 * collecting what the device returns next. */
CHECK_TEST(bad_used_id)
{
	struct pair p;
	pair_init(&p, 8, true);
	int head = add1(&p, 1, 1, false, 1);
	CHECK_GE(head, 0);
	vring_driver_kick_prepare(&p.drv);
	vring_device_push(&p.dev, 200, 0);  /* out of range */
	vring_device_notify_prepare(&p.dev);
	uint32_t len;
	CHECK(vring_driver_get_used(&p.drv, &len) == NULL);
	CHECK_EQ(p.drv.num_free, 7);
	CHECK_EQ(p.drv.used_faults, 1);
	/* The device then returns the real one: collected, not stuck behind the bad entry. */
	vring_device_push(&p.dev, (uint16_t)head, 5);
	vring_device_notify_prepare(&p.dev);
	CHECK(vring_driver_get_used(&p.drv, &len) == COOKIE(1));
	CHECK_EQ(len, 5);
	CHECK_EQ(p.drv.num_free, 8);
	CHECK_EQ(p.drv.used_faults, 1);
	CHECK_EQ(vring_driver_in_flight(&p.drv), 0);
	pair_free(&p);
	return 0;
}

/* A device returning the same id twice: the second is skipped and counted (the request was
 * already freed: following it would free a chain twice), and the entries after it are still
 * collected. The request the device never returned stays in flight. */
CHECK_TEST(duplicate_used_id)
{
	struct pair p;
	pair_init(&p, 8, true);
	int h[3];
	for (unsigned i = 0; i < 3; i++)
		CHECK_GE(h[i] = add1(&p, 0x100 * (i + 1), 64, false, 10 + i), 0);
	vring_driver_kick_prepare(&p.drv);
	struct vring_chain c;
	for (unsigned i = 0; i < 3; i++)
		CHECK_EQ(vring_device_pop(&p.dev, &c), 0);
	vring_device_push(&p.dev, (uint16_t)h[0], 1);
	vring_device_push(&p.dev, (uint16_t)h[0], 2); /* the duplicate */
	vring_device_push(&p.dev, (uint16_t)h[1], 3);
	vring_device_notify_prepare(&p.dev);
	uint32_t len = 0;
	CHECK(vring_driver_get_used(&p.drv, &len) == COOKIE(10));
	CHECK_EQ(len, 1);
	CHECK(vring_driver_get_used(&p.drv, &len) == COOKIE(11));
	CHECK_EQ(len, 3);
	CHECK(vring_driver_get_used(&p.drv, &len) == NULL);
	CHECK_EQ(p.drv.used_faults, 1);
	CHECK_EQ(vring_driver_in_flight(&p.drv), 1); /* the third: never returned */
	CHECK_EQ(p.drv.num_free, 7);
	/* The free list is intact: the ring fills to exactly its size again. */
	unsigned added = 0;
	while (add1(&p, 0x900, 1, false, 20 + added) >= 0)
		added++;
	CHECK_EQ(added, 7);
	pair_free(&p);
	return 0;
}

/* An indirect table at an address not aligned for struct vring_desc is rejected, not read
 * (reading it in place is undefined behaviour: UBSan stops there). */
CHECK_TEST(indirect_unaligned)
{
	for (unsigned off = 1; off < 16; off++) {
		struct pair p;
		pair_init(&p, 8, true);
		struct gmem g = {0};
		char *raw = aligned_alloc(16, 16 + 2 * sizeof(struct vring_desc));
		CHECK(raw);
		memset(raw, 0, 16 + 2 * sizeof(struct vring_desc));
		g.tables[1] = (struct vring_desc *)(void *)(raw + off);
		g.lens[1] = 2 * sizeof(struct vring_desc);
		p.dev.translate = gmem_translate;
		p.dev.translate_opaque = &g;
		set_desc(&p.drv.vr.desc[2], 1, g.lens[1], VRING_DESC_F_INDIRECT, 0);
		publish_raw(&p, 2);
		struct vring_chain c;
		int rc = vring_device_pop(&p.dev, &c);
		bool aligned = off % _Alignof(struct vring_desc) == 0;
		if (aligned) {
			CHECK_EQ(rc, 0); /* 8-byte aligned: a valid table (its zeroed entry 0) */
			CHECK_EQ(c.n, 1);
		} else {
			if (rc != -EPROTO)
				CHECK_FAIL("offset %u: pop returned %d, want -EPROTO", off, rc);
			CHECK_EQ(p.dev.faults[VRING_FAULT_INDIRECT], 1);
			CHECK(p.dev.broken);
		}
		free(raw);
		pair_free(&p);
	}
	return 0;
}

/* Byte totals are 32-bit, as the used ring's length is: a chain whose readable or writable
 * bytes total more than UINT32_MAX is malformed (two 0x80000000 buffers once totalled 0). */
CHECK_TEST(byte_total_overflow)
{
	static const struct {
		uint32_t a, b;
		bool writes, indirect, ok;
	} t[] = {
		{0x80000000u, 0x80000000u, false, false, false},
		{0x80000000u, 0x80000000u, true, false, false},
		{0x80000000u, 0x80000000u, false, true, false},
		{0xffffffffu, 1, true, true, false},
		{0x80000000u, 0x7fffffffu, false, false, true}, /* exactly UINT32_MAX: fine */
		{0xffffffffu, 0, true, false, true},
	};
	for (size_t k = 0; k < sizeof(t) / sizeof(t[0]); k++) {
		struct pair p;
		pair_init(&p, 8, true);
		struct gmem g = {0};
		g.lens[0] = 2 * sizeof(struct vring_desc);
		g.tables[0] = calloc(1, g.lens[0]);
		CHECK(g.tables[0]);
		p.dev.translate = gmem_translate;
		p.dev.translate_opaque = &g;
		uint16_t w = t[k].writes ? VRING_DESC_F_WRITE : 0;
		struct vring_desc *d = t[k].indirect ? g.tables[0] : p.drv.vr.desc;
		set_desc(&d[0], 0x1000, t[k].a, w | VRING_DESC_F_NEXT, 1);
		set_desc(&d[1], 0x2000, t[k].b, w, 0);
		if (t[k].indirect)
			set_desc(&p.drv.vr.desc[4], 0, g.lens[0], VRING_DESC_F_INDIRECT, 0);
		publish_raw(&p, t[k].indirect ? 4 : 0);
		struct vring_chain c;
		int rc = vring_device_pop(&p.dev, &c);
		if (t[k].ok) {
			if (rc != 0)
				CHECK_FAIL("case %zu: pop returned %d, want 0", k, rc);
			uint64_t total = (uint64_t)t[k].a + t[k].b;
			CHECK_EQ(t[k].writes ? c.in_bytes : c.out_bytes, total);
		} else {
			if (rc != -EPROTO)
				CHECK_FAIL("case %zu: pop returned %d (total %u), want -EPROTO", k, rc,
					   t[k].writes ? c.in_bytes : c.out_bytes);
			CHECK_EQ(p.dev.faults[VRING_FAULT_LEN], 1);
			CHECK_EQ(vring_device_faults(&p.dev), 1);
		}
		free(g.tables[0]);
		pair_free(&p);
	}
	return 0;
}

int main(int argc, char **argv) { return check_main(argc, argv); }
