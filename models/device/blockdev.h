/*
 * blockdev — a block device: per-I/O media latency served by queue_depth parallel slots, and
 * a data transfer that shares the device's bandwidth in FIFO order.
 *   start = max(now, earliest free slot); xfer = max(start + latency, bandwidth free at);
 *   done  = xfer + bytes·8 / rate; that slot is busy until done.
 * Submissions come in simulated-time order, so the arithmetic is exact.
 */
#ifndef VRIOSIM_BLOCKDEV_H
#define VRIOSIM_BLOCKDEV_H

#include <stdint.h>

struct blockdev {
	int qd;               /* parallel slots (device queue depth) */
	double *slot_free;    /* per slot: free at */
	double bw_free;       /* transfer channel free at */
	double latency_s, bps;
	uint64_t ios;
	double window_start, window_end; /* the measured window */
	double busy_s;        /* slot-seconds busy inside the window (utilisation: / qd / window) */
};

int blockdev_init(struct blockdev *d, int queue_depth, double latency_s, double bps);
void blockdev_free(struct blockdev *d);
/* Submit an I/O of @bytes at @now; returns its completion time. */
double blockdev_submit(struct blockdev *d, double now, uint32_t bytes);

#endif
