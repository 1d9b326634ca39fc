/*
 * flow — windows, cumulative acknowledgements, loss detection.
 */
#include "flow.h"

#include <math.h>

#include "bug.h"
#include "inbox.h"
#include "virtqueue.h"

void flow_init(struct flow *f, bool tcp, double window_bytes)
{
	*f = (struct flow){ .tcp = tcp, .window = window_bytes };
}

bool flow_can_send(const struct flow *f, uint32_t bytes)
{
	/* One send always fits an empty window, however large it is. */
	return !f->tcp || f->in_flight <= 0 || f->in_flight + bytes <= f->window;
}

void flow_sent(struct flow *f, struct request *q, double t)
{
	q->seq = f->next_seq++;
	q->t_sent = t;
	q->lost = false;
	q->dupacks = 0;
	q->flow_next = NULL;
	if (f->tail)
		f->tail->flow_next = q;
	else
		f->head = q;
	f->tail = q;
	f->in_flight += q->bytes;
}

void flow_ack(struct flow *f, struct request *q, void (*acked)(void *ctx, struct request *r),
	      void *ctx)
{
	if (!f->tcp || q->seq >= f->next_seq)
		return;
	struct request **pp = &f->head, *prev = NULL;
	while (*pp && (*pp)->seq <= q->seq) {
		struct request *r = *pp;
		if (r->lost) { /* a hole: this ACK is a duplicate for it */
			if (r->dupacks < 255)
				r->dupacks++;
			prev = r;
			pp = &r->flow_next;
			continue;
		}
		*pp = r->flow_next;
		if (f->tail == r)
			f->tail = prev;
		r->flow_next = NULL;
		f->in_flight -= r->bytes;
		VS_BUG_ON(f->in_flight < -0.5, "negative bytes in flight: %g", f->in_flight);
		acked(ctx, r);
	}
}

/* The lost list reuses flow_next only for UDP requests (never on the unacked list); TCP
 * requests stay on the unacknowledged list with lost set. */
void flow_lost(struct flow *f, struct request *q, double t_detect)
{
	VS_BUG_ON(q->lost, "request %llu lost twice", (unsigned long long)q->id);
	q->lost = true;
	q->t_detect = t_detect;
	if (!f->tcp) {
		q->flow_next = f->lost;
		f->lost = q;
	}
}

double flow_next_detect(const struct flow *f)
{
	double t = INFINITY;
	const struct request *r = f->tcp ? f->head : f->lost;
	for (; r; r = r->flow_next)
		if (r->lost && r->t_detect < t)
			t = r->dupacks >= 3 ? -INFINITY : r->t_detect;
	return t;
}

struct request *flow_take_noticed(struct flow *f, double now)
{
	if (f->tcp) {
		for (struct request *r = f->head; r; r = r->flow_next)
			if (r->lost && (r->dupacks >= 3 || time_reached(r->t_detect, now))) {
				r->lost = false; /* it goes out again; it stays on the unacked list */
				r->dupacks = 0;
				return r;
			}
		return NULL;
	}
	for (struct request **pp = &f->lost; *pp; pp = &(*pp)->flow_next)
		if (time_reached((*pp)->t_detect, now)) {
			struct request *r = *pp;
			*pp = r->flow_next;
			r->flow_next = NULL;
			return r;
		}
	return NULL;
}

unsigned flow_peer_acks(struct flow *f, unsigned segments, unsigned every, bool gro)
{
	if (gro && segments >= every)
		return 1; /* one merged burst, one ACK */
	f->rcv_segments += segments;
	unsigned n = f->rcv_segments / every;
	f->rcv_segments %= every;
	return n;
}
