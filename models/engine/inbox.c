/*
 * inbox — doorbell + timed arrivals on blocking simcalls and kernel timers (ktimer.h).
 */
#include "inbox.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <simgrid/engine.h>

#include "bug.h"
#include "vclock.h"

void inbox_waiter_init(struct inbox_waiter *w)
{
	vs_block_init(&w->blk);
	w->deadline = INFINITY;
	w->woken = false;
	w->next = NULL;
}

void inbox_init(struct inbox *ib)
{
	ib->waiting = NULL;
	inbox_waiter_init(&ib->own);
}

static void unlink_waiter(struct inbox *ib, struct inbox_waiter *w)
{
	for (struct inbox_waiter **pp = &ib->waiting; *pp; pp = &(*pp)->next)
		if (*pp == w) {
			*pp = w->next;
			break;
		}
	w->next = NULL;
}

bool inbox_wait_as(struct inbox *ib, struct inbox_waiter *w, double deadline)
{
	double now = vs_now();
	if (time_reached(deadline, now))
		return false;
	w->deadline = deadline;
	w->woken = false;
	w->next = NULL;
	struct inbox_waiter **tail = &ib->waiting;
	while (*tail) {
		VS_BUG_ON(*tail == w, "an actor waits twice on one inbox");
		tail = &(*tail)->next;
	}
	*tail = w;
	bool rung = vs_block_until(&w->blk, deadline);
	vclock_forget();
	unlink_waiter(ib, w);
	w->woken = false;
	return rung;
}

bool inbox_wait(struct inbox *ib, double deadline) { return inbox_wait_as(ib, &ib->own, deadline); }

int inbox_waiters(const struct inbox *ib)
{
	int n = 0;
	for (const struct inbox_waiter *w = ib->waiting; w; w = w->next)
		n++;
	return n;
}

static void wake(struct inbox *ib, struct inbox_waiter *w)
{
	w->woken = true;
	unlink_waiter(ib, w); /* no second ring for it */
	vs_block_wake(&w->blk);
}

void inbox_ring(struct inbox *ib)
{
	if (ib->waiting)
		wake(ib, ib->waiting);
}

void inbox_ring_at(struct inbox *ib, double t)
{
	for (struct inbox_waiter *w = ib->waiting; w; w = w->next)
		if (t < w->deadline) {
			wake(ib, w);
			return;
		}
}

void timedq_init(struct timedq *q, struct inbox *owner)
{
	q->head = q->tail = NULL;
	q->len = 0;
	q->owner = owner;
	q->wake_len = 1;
}

void timedq_post(struct timedq *q, struct tq_node *n, double ready)
{
	/* A request travels on one queue at a time: posting it twice would lose or duplicate it. */
	VS_BUG_ON(n->queued, "posting a node already on a timed queue (ready %.9f)", n->ready);
	n->queued = true;
	n->ready = ready;
	n->next = NULL;
	if (!q->tail || q->tail->ready <= ready) { /* the common case: arrivals in order */
		if (q->tail)
			q->tail->next = n;
		else
			q->head = n;
		q->tail = n;
	} else if (ready < q->head->ready) {
		n->next = q->head;
		q->head = n;
	} else {
		struct tq_node *p = q->head;
		while (p->next && p->next->ready <= ready)
			p = p->next;
		n->next = p->next;
		p->next = n;
	}
	q->len++;
	if (q->owner && q->len >= q->wake_len)
		inbox_ring_at(q->owner, q->wake_len <= 1 ? ready : timedq_nth_time(q, q->wake_len));
}

double timedq_nth_time(const struct timedq *q, unsigned k)
{
	const struct tq_node *n = q->head;
	for (unsigned i = 1; n && i < k; i++)
		n = n->next;
	return n && k ? n->ready : INFINITY;
}

struct tq_node *timedq_pop_ready(struct timedq *q, double now)
{
	struct tq_node *n = q->head;
	if (!n || !time_reached(n->ready, now))
		return NULL;
	VS_BUG_ON(n->next && n->next->ready < n->ready, "timed queue out of order: %.9f before %.9f",
		  n->ready, n->next->ready);
	q->head = n->next;
	if (!q->head)
		q->tail = NULL;
	q->len--;
	n->next = NULL;
	n->queued = false;
	return n;
}

unsigned timedq_ready_count(const struct timedq *q, double now, unsigned limit)
{
	unsigned k = 0;
	for (const struct tq_node *n = q->head; n && time_reached(n->ready, now) && k < limit; n = n->next)
		k++;
	return k;
}

int ring_limit_init(struct ring_limit *l, unsigned size)
{
	*l = (struct ring_limit){ .size = size, .newest = -INFINITY };
	if (!size)
		return 0;
	l->taken_at = calloc(size, sizeof(*l->taken_at));
	return l->taken_at ? 0 : -ENOMEM;
}

void ring_limit_free(struct ring_limit *l)
{
	free(l->taken_at);
	l->taken_at = NULL;
}

/* The k-th take from the newest back (0: the newest). */
static double take_back(const struct ring_limit *l, uint64_t k)
{
	return l->taken_at[(l->taken - 1 - k) % l->size];
}

/* Of the last @known takes, how many came after @arrival: counted from the newest back. */
static uint64_t takes_after_scan(const struct ring_limit *l, uint64_t known, double arrival)
{
	uint64_t later = 0;
	while (later < known && take_back(l, later) > arrival)
		later++;
	return later;
}

/* The same when the takes are in time order (newest latest): those after @arrival are the
 * newest ones, found by a search that doubles its stride from the newest back, then halves it
 * (a few steps when there are few, as under light load; log2 of them when a consumer's backlog
 * is the whole ring, where a scan would take one step per take). */
static uint64_t takes_after_search(const struct ring_limit *l, uint64_t known, double arrival)
{
	uint64_t lo = 0, hi = 1; /* the takes before lo came after the arrival */
	while (hi <= known && take_back(l, hi - 1) > arrival) {
		lo = hi;
		hi *= 2;
	}
	if (hi <= known && hi - 1 == lo)
		return lo; /* take lo was not after it, and those before were */
	if (hi > known)
		hi = known;
	while (lo < hi) {
		uint64_t mid = lo + (hi - lo) / 2;
		if (take_back(l, mid) > arrival)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

bool ring_limit_take(struct ring_limit *l, double arrival, double now)
{
	if (!l->size)
		return true;
	/* Takes after the arrival, counted from the newest back (at most size remembered). */
	uint64_t known = l->taken < l->size ? l->taken : l->size;
	uint64_t later = l->unordered ? takes_after_scan(l, known, arrival)
				      : takes_after_search(l, known, arrival);
	uint64_t waiting = l->admitted - (l->taken - later);
	if (later == known && known == l->size)
		waiting = l->size; /* every remembered take came after it: the ring was full */
	if (waiting >= l->size)
		return false;
	l->admitted++;
	if (now < l->newest)
		l->unordered = true;
	l->newest = now;
	l->taken_at[l->taken % l->size] = now;
	l->taken++;
	return true;
}
