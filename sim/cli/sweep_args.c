/*
 * sweep_args — the sweep-like subcommands' shared options (sweep_args.h).
 */
#define _GNU_SOURCE
#include "sweep_args.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "sweepdir.h"

void sweep_args_init(struct sweep_spec *spec)
{
	memset(spec, 0, sizeof(*spec));
	spec->progress = -1;
	long ncpu = sysconf(_SC_NPROCESSORS_ONLN);
	spec->jobs = ncpu > 0 ? (int)ncpu : 1;
}

int sweep_args_int(const char *cmd, const char *flag, const char *v, int min, int max, int *out)
{
	char *end;
	errno = 0;
	long n = strtol(v, &end, 10);
	if (end == v || *end || errno || n < min || n > max) {
		fprintf(stderr, "vriosim %s: %s %s: expected a whole number from %d to %d\n", cmd, flag,
			v, min, max);
		return -1;
	}
	*out = (int)n;
	return 0;
}

int sweep_args_option(const char *cmd, int c, const char *arg, struct sweep_spec *spec,
		      char *seedset, size_t seedn)
{
	switch (c) {
	case 'a':
		if (spec->n_cli_axes == SCN_MAX_AXES) {
			fprintf(stderr, "vriosim %s: --axis: at most %d axes\n", cmd, SCN_MAX_AXES);
			return -1;
		}
		spec->cli_axes[spec->n_cli_axes++] = arg;
		return 1;
	case 's':
	case 'S':
		if (spec->n_sets == SWEEP_MAX_SETS) {
			fprintf(stderr, "vriosim %s: too many --set options (at most %d)\n", cmd,
				SWEEP_MAX_SETS);
			return -1;
		}
		if (c == 'S') {
			snprintf(seedset, seedn, "run.seed=%s", arg);
			spec->sets[spec->n_sets++] = seedset;
		} else {
			spec->sets[spec->n_sets++] = arg;
		}
		return 1;
	case 'j':
		return sweep_args_int(cmd, "-j", arg, 1, 4096, &spec->jobs) ? -1 : 1;
	case 'o':
		spec->dir = arg;
		return 1;
	case 'f':
		spec->force = true;
		return 1;
	default:
		return 0;
	}
}

int sweep_args_lock(const char *cmd, const char *dir, bool shared)
{
	int fd = sweepdir_lock(dir, shared);
	if (fd >= 0)
		return 0; /* held until the process ends */
	if (fd == -EWOULDBLOCK)
		fprintf(stderr, "vriosim %s: %s: another sweep is writing this directory (%s/.lock); "
				"wait for it to end, or choose another -o\n", cmd, dir, dir);
	else
		fprintf(stderr, "vriosim %s: %s/.lock: cannot lock (%s)\n", cmd, dir, strerror(-fd));
	return EXIT_INPUT;
}
