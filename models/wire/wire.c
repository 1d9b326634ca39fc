/*
 * wire — FIFO serializers and fixed latencies, advanced by arithmetic.
 */
#include "wire.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "bug.h"

void wire_framing(const struct wire_cfg *w, uint32_t payload, uint32_t hdr, uint32_t *frames,
		  uint64_t *wire_bytes)
{
	uint32_t per_frame = (uint32_t)w->mtu > hdr ? (uint32_t)w->mtu - hdr : 1u;
	uint32_t n = payload ? (payload + per_frame - 1) / per_frame : 1u;
	/* n - 1 full frames and the rest */
	uint32_t last = payload - (n - 1) * per_frame;
	uint64_t full = (uint64_t)per_frame + hdr, tail = (uint64_t)last + hdr;
	if (full < WIRE_MIN_PAYLOAD)
		full = WIRE_MIN_PAYLOAD;
	if (tail < WIRE_MIN_PAYLOAD)
		tail = WIRE_MIN_PAYLOAD;
	*frames = n;
	*wire_bytes = (uint64_t)(n - 1) * (full + WIRE_FRAME_OVERHEAD) + tail + WIRE_FRAME_OVERHEAD;
}

/* Interval @k of @s (0: the earliest kept). */
static inline struct wire_span *span(const struct wire_sched *s, int k)
{
	return &s->v[(s->head + k) & (s->cap - 1)];
}

static int sched_grow(struct wire_sched *s)
{
	int cap = s->cap ? 2 * s->cap : 16;
	struct wire_span *v = malloc((size_t)cap * sizeof(*v));
	if (!v)
		return -1;
	for (int k = 0; k < s->n; k++)
		v[k] = *span(s, k);
	free(s->v);
	s->v = v;
	s->head = 0;
	s->cap = cap;
	return 0;
}

/* The first interval that ends after @at (s->n if none): ends increase along the schedule. */
static int first_after(const struct wire_sched *s, double at)
{
	int lo = 0, hi = s->n;
	while (lo < hi) {
		int mid = (lo + hi) / 2;
		if (span(s, mid)->end <= at)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

/* The first gap at or after @t that holds @d, looking from interval @i (the first that ends
 * after t) on: its start in *@at; returns the interval it lies before (s->n: after all). */
static int find_gap(const struct wire_sched *s, int i, double t, double d, double *at)
{
	double a = t;
	for (; i < s->n; i++) {
		const struct wire_span *x = span(s, i);
		if (x->end <= a)
			continue;
		if (x->start >= a + d)
			break; /* fits before interval i */
		a = x->end;
	}
	*at = a;
	return i;
}

/* Open a slot at position @i (0..n), moving the shorter side. */
static void insert_at(struct wire_sched *s, int i, double start, double end)
{
	if (i < s->n - i) { /* move the first i one slot back */
		s->head = (s->head - 1) & (s->cap - 1);
		for (int k = 0; k < i; k++)
			*span(s, k) = *span(s, k + 1);
	} else {
		for (int k = s->n; k > i; k--)
			*span(s, k) = *span(s, k - 1);
	}
	s->n++;
	*span(s, i) = (struct wire_span){ start, end };
}

/* Close slot @i (0..n-1), moving the shorter side. */
static void remove_at(struct wire_sched *s, int i)
{
	if (i < s->n - 1 - i) {
		for (int k = i; k > 0; k--)
			*span(s, k) = *span(s, k - 1);
		s->head = (s->head + 1) & (s->cap - 1);
	} else {
		for (int k = i; k < s->n - 1; k++)
			*span(s, k) = *span(s, k + 1);
	}
	s->n--;
}

/* Where a @d-long slot at or after @t would go in @s: the gap's start and the interval it
 * lies before. */
struct slot {
	double at;
	int i;
};

/* Forget what ended by @clock (no request can start before the current time, and @clock never
 * goes back: what ended is never looked at again), then find the first gap at or after @t that
 * holds @d. Finding changes nothing else: a slot found stays valid until @s is reserved. */
static struct slot sched_find(struct wire_sched *s, double clock, double t, double d)
{
	while (s->n && span(s, 0)->end <= clock) {
		s->head = (s->head + 1) & (s->cap - 1);
		s->n--;
	}
	struct slot x;
	x.i = find_gap(s, first_after(s, t), t, d, &x.at);
	return x;
}

/* Reserve @d seconds at slot @x (from sched_find on @s, nothing reserved since). */
static double sched_take(struct wire_sched *s, struct slot x, double d)
{
	double at = x.at;
	int i = x.i;
	/* Merge with touching neighbours to keep the schedule short. */
	double end = at + d;
	bool join_prev = i > 0 && span(s, i - 1)->end >= at;
	bool join_next = i < s->n && span(s, i)->start <= end;
	if (join_prev && join_next) {
		span(s, i - 1)->end = span(s, i)->end;
		remove_at(s, i);
	} else if (join_prev) {
		span(s, i - 1)->end = end;
	} else if (join_next) {
		span(s, i)->start = at;
	} else {
		if (s->n == s->cap && sched_grow(s))
			return at; /* out of memory: keep the timing, lose the reservation */
		insert_at(s, i, at, end);
	}
	if (VS_DEBUG)
		for (int k = 0; k < s->n; k++)
			VS_BUG_ON(span(s, k)->start > span(s, k)->end ||
					  (k && span(s, k - 1)->end > span(s, k)->start),
				  "wire schedule interval %d of %d not sorted and disjoint", k, s->n);
	return at;
}

double wire_sched_reserve(struct wire_sched *s, double clock, double t, double d)
{
	return sched_take(s, sched_find(s, clock, t, d), d);
}

void wire_port_free(struct wire_port *p)
{
	free(p->up.v);
	free(p->down.v);
	memset(p, 0, sizeof(*p));
}

/* Count @d seconds from @at on @s, as far as they fall inside the measured window. */
static void busy(const struct wire_cfg *w, struct wire_sched *s, double at, double d)
{
	double a = at > w->window_start ? at : w->window_start;
	double b = at + d < w->window_end ? at + d : w->window_end;
	if (b > a)
		s->busy_s += b - a;
}

struct wire_times wire_send(const struct wire_cfg *w, struct wire_port *src, struct wire_port *dst,
			    double clock, double t, uint32_t payload, uint32_t hdr)
{
	uint32_t frames;
	uint64_t bytes;
	wire_framing(w, payload, hdr, &frames, &bytes);
	double up_bps = src->bps > 0 ? src->bps : w->bps, down_bps = dst->bps > 0 ? dst->bps : w->bps;
	double up_ser = (double)bytes * 8.0 / up_bps;
	double down_ser = (double)bytes * 8.0 / down_bps;
	struct wire_times r = { .frames = frames };
	double ready = t + w->nic_s;
	if (src->failed || dst->failed) {
		r.drop = WIRE_DROP_FAULT;
		return r;
	}
	/* Each schedule is searched once: the slot found decides the drop and is the one taken. */
	struct slot up = sched_find(&src->up, clock, ready, up_ser);
	if (w->tx_limit_bytes > 0 && (up.at - ready) * up_bps / 8 > w->tx_limit_bytes) {
		r.drop = WIRE_DROP_NIC_TX;
		return r;
	}
	double up_start = up.at;
	/* Cut-through: the first bit leaves the switch after its latency, unless the port is busy. */
	double at_switch = up_start + w->prop_s + w->switch_s;
	struct slot down = sched_find(&dst->down, clock, at_switch, down_ser);
	if (w->switch_limit_bytes > 0 && (down.at - at_switch) * down_bps / 8 > w->switch_limit_bytes) {
		r.drop = WIRE_DROP_SWITCH;
		r.depart = up_start + up_ser; /* it did leave its sender */
		sched_take(&src->up, up, up_ser);
		busy(w, &src->up, up_start, up_ser);
		src->frames_tx += frames;
		src->bytes_tx += bytes;
		return r;
	}
	sched_take(&src->up, up, up_ser);
	src->frames_tx += frames;
	src->bytes_tx += bytes;
	double down_start = sched_take(&dst->down, down, down_ser);
	busy(w, &src->up, up_start, up_ser);
	busy(w, &dst->down, down_start, down_ser);
	/* A slower receiving port delivers at its own pace; a faster one cannot run ahead of the
	 * bits still arriving from the sender. */
	double last_bit = down_start + down_ser;
	if (last_bit < up_start + up_ser + w->prop_s + w->switch_s)
		last_bit = up_start + up_ser + w->prop_s + w->switch_s;
	r.depart = up_start + up_ser;
	r.arrive = last_bit + w->prop_s + w->nic_s;
	return r;
}
