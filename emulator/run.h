/*
 * run — one emulation run: build the environment, start the guest and the device side of the
 * chosen mode on their cores, wait (interruptible by SIGINT/SIGTERM), tear everything down,
 * check that every frame is accounted for, and report (summary + CSV).
 */
#ifndef VRIOEMU_RUN_H
#define VRIOEMU_RUN_H

#include <signal.h>

#include "opts.h"

/* Returns the process exit code (0, 1 or 2); errors are reported on stderr, once. @sigs are
 * the signals that abort a run (blocked in every thread, taken with sigtimedwait). */
int run_main(const struct opts *o, const sigset_t *sigs);

/* What a caller (bench) needs back from a run. */
struct run_summary {
	double rps;             /* completed requests per second (window) */
	double delivered_pps;   /* frames written to the peer's taps per second (window) */
	int signo;              /* non-zero: interrupted */
};
int run_once(const struct opts *o, const sigset_t *sigs, struct run_summary *out);

/* Set when a signal asked us to stop (returns non-zero if one arrived within @ms). */
int run_wait_signal(const sigset_t *sigs, int ms);

#endif
