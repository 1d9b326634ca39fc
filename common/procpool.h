/*
 * procpool — run numbered jobs as child processes, a few at a time, until all have ended or a
 * stop signal (SIGINT, SIGTERM, SIGHUP) comes; then the children still running get SIGTERM and
 * are waited for. Sweeps run their points and capacity searches their jobs through it. What a
 * job is, how it starts and what its end means are the caller's (two callbacks).
 */
#ifndef VRIOSIM_PROCPOOL_H
#define VRIOSIM_PROCPOOL_H

#include <stdbool.h>
#include <sys/types.h>

#include "spawn.h"

struct procpool {
	int slots;   /* children at once (at least 1) */
	void *ctx;   /* the callbacks' */
	/* Start job @job; its pid into @pid. Nonzero: it did not start (the callback says why and
	 * counts it); the pool goes on with the next. */
	int (*start)(void *ctx, int job, pid_t *pid);
	/* Job @job's child ended with @st; @stopping: a stop signal has come (its end is the
	 * signal's doing, not its own). */
	void (*done)(void *ctx, int job, const struct spawn_status *st, bool stopping);
	/* Every 20 ms while children run and none has ended (NULL: nothing). */
	void (*idle)(void *ctx);
};

/* Run jobs todo[0..n) through @pp. Returns 0 when all ran, the number of the stop signal that
 * ended it early, or -ENOMEM. The signals' previous handlers are back on return. */
int procpool_run(const struct procpool *pp, const int *todo, int n);

#endif
