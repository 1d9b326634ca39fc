/*
 * blockdev — slots + a bandwidth FIFO.
 */
#include "blockdev.h"

#include <errno.h>
#include <stdlib.h>

int blockdev_init(struct blockdev *d, int queue_depth, double latency_s, double bps)
{
	d->qd = queue_depth;
	d->slot_free = calloc((size_t)queue_depth, sizeof(*d->slot_free));
	d->bw_free = 0;
	d->latency_s = latency_s;
	d->bps = bps;
	d->ios = 0;
	return d->slot_free ? 0 : -ENOMEM;
}

void blockdev_free(struct blockdev *d)
{
	free(d->slot_free);
	d->slot_free = NULL;
}

double blockdev_submit(struct blockdev *d, double now, uint32_t bytes)
{
	int best = 0;
	for (int i = 1; i < d->qd; i++)
		if (d->slot_free[i] < d->slot_free[best])
			best = i;
	double start = d->slot_free[best] > now ? d->slot_free[best] : now;
	double xfer = start + d->latency_s;
	if (d->bw_free > xfer)
		xfer = d->bw_free;
	double done = xfer + (double)bytes * 8.0 / d->bps;
	d->bw_free = done;
	d->slot_free[best] = done;
	double a = start > d->window_start ? start : d->window_start;
	double b = done < d->window_end ? done : d->window_end;
	if (b > a)
		d->busy_s += b - a;
	d->ios++;
	return done;
}
