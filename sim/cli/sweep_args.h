/*
 * sweep_args — what the sweep-like subcommands (sweep, capacity, dynamic) share on their
 * command lines: --axis, --set, --seed, -j, -o, --force, a whole-number option, and the lock
 * of the output directory, each with its one message.
 */
#ifndef VRIOSIM_SWEEP_ARGS_H
#define VRIOSIM_SWEEP_ARGS_H

#include <stdbool.h>
#include <stddef.h>

#include "plan.h"

/* The getopt_long entries of the shared options (their letters: a s S j o f). */
#define SWEEP_ARGS_OPTIONS                                                                  \
	{ "axis", required_argument, NULL, 'a' }, { "set", required_argument, NULL, 's' },  \
	{ "seed", required_argument, NULL, 'S' }, { "jobs", required_argument, NULL, 'j' }, \
	{ "out", required_argument, NULL, 'o' },  { "force", no_argument, NULL, 'f' }

/* @spec emptied: as many jobs as online CPUs, the progress line when stderr is a terminal. */
void sweep_args_init(struct sweep_spec *spec);
/* Option @c with @arg, if it is one of the shared ones, into @spec (--seed's "run.seed=N" kept
 * in @seedset, @seedn bytes). 1: taken; 0: not one of them; -1: bad (said, as `vriosim
 * @cmd: ...`). */
int sweep_args_option(const char *cmd, int c, const char *arg, struct sweep_spec *spec,
		      char *seedset, size_t seedn);
/* @v as a whole number from @min to @max into @out; 0, or -1 after a message. */
int sweep_args_int(const char *cmd, const char *flag, const char *v, int min, int max, int *out);
/* Lock @dir for this process (sweepdir_lock; @shared: one job among many); 0, or the exit
 * code after a message. */
int sweep_args_lock(const char *cmd, const char *dir, bool shared);

#endif
