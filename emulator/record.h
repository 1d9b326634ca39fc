/*
 * record — `vrioemu run ... --record FILE`: every request completed in the measured window, as
 * a trace the simulator replays (workload.kind = trace): a '#' stamp line, then
 * t_s,vm,bytes,resp_bytes sorted by issue time, t_s from the first issue. Samples are kept in
 * memory on the hot path (one store each) and written, atomically, after the run.
 */
#ifndef VRIOEMU_RECORD_H
#define VRIOEMU_RECORD_H

#include <stddef.h>
#include <stdint.h>

struct record {
	uint64_t *t;        /* issue times (ns) */
	uint32_t *port;
	size_t n, cap;
	unsigned bytes, resp_bytes;
};

/* 0 or -ENOMEM. */
int record_init(struct record *r, size_t cap, unsigned bytes, unsigned resp_bytes);
/* guest_cfg.on_complete; samples beyond the capacity are not kept (the trace says so). */
void record_complete(void *ctx, unsigned port, uint64_t t_issue, uint64_t t_done);
/* Write the trace (tmp + rename). 0 or negative errno. */
int record_write(struct record *r, const char *path, const char *stamp);
void record_free(struct record *r);

#endif
