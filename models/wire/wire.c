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
	uint64_t bytes = 0;
	uint32_t left = payload;
	for (uint32_t i = 0; i < n; i++) {
		uint32_t seg = left > per_frame ? per_frame : left;
		uint32_t l2 = seg + hdr;
		bytes += (l2 < WIRE_MIN_PAYLOAD ? WIRE_MIN_PAYLOAD : l2) + WIRE_FRAME_OVERHEAD;
		left -= seg;
	}
	*frames = n;
	*wire_bytes = bytes;
}

static int sched_grow(struct wire_sched *s)
{
	int cap = s->cap ? 2 * s->cap : 16;
	double *a = realloc(s->start, (size_t)cap * sizeof(*a));
	if (!a)
		return -1;
	s->start = a;
	double *b = realloc(s->end, (size_t)cap * sizeof(*b));
	if (!b)
		return -1;
	s->end = b;
	s->cap = cap;
	return 0;
}

double wire_sched_reserve(struct wire_sched *s, double clock, double t, double d)
{
	/* Forget what ended before now: no request can start before the current time. */
	int drop = 0;
	while (drop < s->n && s->end[drop] <= clock)
		drop++;
	if (drop) {
		memmove(s->start, s->start + drop, (size_t)(s->n - drop) * sizeof(double));
		memmove(s->end, s->end + drop, (size_t)(s->n - drop) * sizeof(double));
		s->n -= drop;
	}
	/* First gap at or after t that holds d. */
	double at = t;
	int i = 0;
	for (; i < s->n; i++) {
		if (s->end[i] <= at)
			continue;
		if (s->start[i] >= at + d)
			break; /* fits before interval i */
		at = s->end[i];
	}
	/* Merge with touching neighbours to keep the list short. */
	double end = at + d;
	bool join_prev = i > 0 && s->end[i - 1] >= at;
	bool join_next = i < s->n && s->start[i] <= end;
	if (join_prev && join_next) {
		s->end[i - 1] = s->end[i];
		memmove(s->start + i, s->start + i + 1, (size_t)(s->n - i - 1) * sizeof(double));
		memmove(s->end + i, s->end + i + 1, (size_t)(s->n - i - 1) * sizeof(double));
		s->n--;
	} else if (join_prev) {
		s->end[i - 1] = end;
	} else if (join_next) {
		s->start[i] = at;
	} else {
		if (s->n == s->cap && sched_grow(s))
			return at; /* out of memory: keep the timing, lose the reservation */
		memmove(s->start + i + 1, s->start + i, (size_t)(s->n - i) * sizeof(double));
		memmove(s->end + i + 1, s->end + i, (size_t)(s->n - i) * sizeof(double));
		s->start[i] = at;
		s->end[i] = end;
		s->n++;
	}
	if (VS_DEBUG)
		for (int k = 0; k < s->n; k++)
			VS_BUG_ON(s->start[k] > s->end[k] || (k && s->end[k - 1] > s->start[k]),
				  "wire schedule interval %d of %d not sorted and disjoint", k, s->n);
	return at;
}

void wire_port_free(struct wire_port *p)
{
	free(p->up.start);
	free(p->up.end);
	free(p->down.start);
	free(p->down.end);
	memset(p, 0, sizeof(*p));
}

/* The earliest start >= @t that @s would give a @d-long slot, without reserving it. */
static double sched_peek(const struct wire_sched *s, double clock, double t, double d)
{
	double at = t;
	for (int i = 0; i < s->n; i++) {
		if (s->end[i] <= clock || s->end[i] <= at)
			continue;
		if (s->start[i] >= at + d)
			break;
		at = s->end[i];
	}
	return at;
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
	if (w->tx_limit_bytes > 0 &&
	    (sched_peek(&src->up, clock, ready, up_ser) - ready) * up_bps / 8 > w->tx_limit_bytes) {
		r.drop = WIRE_DROP_NIC_TX;
		return r;
	}
	double up_start = sched_peek(&src->up, clock, ready, up_ser);
	/* Cut-through: the first bit leaves the switch after its latency, unless the port is busy. */
	double at_switch = up_start + w->prop_s + w->switch_s;
	if (w->switch_limit_bytes > 0 &&
	    (sched_peek(&dst->down, clock, at_switch, down_ser) - at_switch) * down_bps / 8 >
		    w->switch_limit_bytes) {
		r.drop = WIRE_DROP_SWITCH;
		r.depart = up_start + up_ser; /* it did leave its sender */
		wire_sched_reserve(&src->up, clock, ready, up_ser);
		busy(w, &src->up, up_start, up_ser);
		src->frames_tx += frames;
		src->bytes_tx += bytes;
		return r;
	}
	up_start = wire_sched_reserve(&src->up, clock, ready, up_ser);
	src->frames_tx += frames;
	src->bytes_tx += bytes;
	double down_start = wire_sched_reserve(&dst->down, clock, at_switch, down_ser);
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
