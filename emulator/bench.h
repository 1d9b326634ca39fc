/*
 * bench — one run that sets the emulator's forwarding rates against their slowest stage alone:
 *  1. raw tap write rate of one pinned thread vs sidecore forwarding rate (goal ratio >= 0.9);
 *  2. raw AF_PACKET send over the veth and raw tap write vs vRIO end-to-end forwarding
 *     (goal: vrio / slowest stage >= 0.8).
 */
#ifndef VRIOEMU_BENCH_H
#define VRIOEMU_BENCH_H

#include <signal.h>

#include "opts.h"

int bench_main(const struct opts *o, const sigset_t *sigs);

#endif
