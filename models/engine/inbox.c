/*
 * inbox — doorbell + timed arrivals on SimGrid semaphores.
 */
#include "inbox.h"

#include <math.h>
#include <simgrid/engine.h>

void inbox_init(struct inbox *ib)
{
	ib->bell = sg_sem_init(0);
	ib->waiters = 0;
	ib->wakes_pending = 0;
	ib->deadline = INFINITY;
}

bool inbox_wait(struct inbox *ib, double deadline)
{
	double now = simgrid_get_clock();
	if (time_reached(deadline, now))
		return false;
	ib->waiters++;
	if (deadline < ib->deadline)
		ib->deadline = deadline;
	bool rung;
	if (isinf(deadline)) {
		sg_sem_acquire(ib->bell);
		rung = true;
	} else {
		rung = sg_sem_acquire_timeout(ib->bell, deadline - now) == 0;
	}
	ib->waiters--;
	if (rung)
		ib->wakes_pending--;
	if (ib->waiters == 0)
		ib->deadline = INFINITY;
	return rung;
}

void inbox_ring(struct inbox *ib)
{
	if (ib->waiters > ib->wakes_pending) {
		ib->wakes_pending++;
		sg_sem_release(ib->bell);
	}
}

void inbox_ring_at(struct inbox *ib, double t)
{
	if (ib->waiters > ib->wakes_pending && t < ib->deadline) {
		/* The woken waiter re-reads its queues and sleeps again until t. */
		ib->deadline = t;
		ib->wakes_pending++;
		sg_sem_release(ib->bell);
	}
}

void timedq_init(struct timedq *q, struct inbox *owner)
{
	q->head = q->tail = NULL;
	q->len = 0;
	q->owner = owner;
}

void timedq_post(struct timedq *q, struct tq_node *n, double ready)
{
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
	if (q->owner)
		inbox_ring_at(q->owner, ready);
}

struct tq_node *timedq_pop_ready(struct timedq *q, double now)
{
	struct tq_node *n = q->head;
	if (!n || !time_reached(n->ready, now))
		return NULL;
	q->head = n->next;
	if (!q->head)
		q->tail = NULL;
	q->len--;
	n->next = NULL;
	return n;
}

unsigned timedq_ready_count(const struct timedq *q, double now, unsigned limit)
{
	unsigned k = 0;
	for (const struct tq_node *n = q->head; n && time_reached(n->ready, now) && k < limit; n = n->next)
		k++;
	return k;
}
