/*
 * budget — refuse, before it starts, a run that cannot finish on this machine: one that would
 * need more than 70% of the memory available, more SimGrid actors than vm.max_map_count
 * allows (each maps a stack and a guard page), or more than an hour of simulation, as the
 * models' estimate (vs_estimate) puts it. The message names the key to blame and --force.
 */
#ifndef VRIOSIM_BUDGET_H
#define VRIOSIM_BUDGET_H

#include <stddef.h>
#include <stdio.h>

#include "scenario.h"

#define BUDGET_MEM_SHARE 0.7     /* of MemAvailable */
#define BUDGET_WALL_S 3600.0     /* estimated wall seconds of all the scenario's runs */

/* The whole scenario's cost (every model and replication), summed or at its worst. */
struct budget {
	double bytes;        /* the largest run's peak memory */
	double actors;       /* the largest run's actors */
	double wall_s;       /* all runs one after the other */
	double requests;     /* all runs */
	const char *bytes_key, *actors_key, *wall_key; /* the keys to blame */
};

/* Estimate @s into @b. 0, or -1 when a model cannot be estimated. */
int budget_estimate(const struct scenario *s, struct budget *b);
/* The estimate, a line per figure, against this machine's limits (`vriosim run --estimate`). */
void budget_print(const struct scenario *s, FILE *out);
/* 0 when @s can run here; else -1 with the one-line reason in @err, which names @force as
 * the way to override ("--force", "--force-runs"). */
int budget_check(const struct scenario *s, const char *force, char *err, size_t errn);

#endif
