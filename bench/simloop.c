/*
 * vriosim-simloop — the raw SimGrid primitives the benchmarks are measured against, N times:
 *
 *   vriosim-simloop N          one actor on one host sleeping 1 µs (each sleep is one simcall,
 *                              one sleep activity, one engine time step and two context
 *                              switches). vriosim-bench reports each case's cost per simulated
 *                              request in these sleeps, which takes most of the machine's
 *                              speed and noise out of the comparison.
 *   vriosim-simloop --step N   vriosim's own engine alone (vs_engine_loop): one actor waiting
 *                              1 µs at a time on its inbox, a kernel timer, as every
 *                              dedicated-core actor of vriosim waits: what one engine time
 *                              step of vriosim's costs at the least.
 *   vriosim-simloop --wake N   as --step, and after each step the actor rings a second actor's
 *                              inbox, which waits again at once: a step plus a wake.
 *   vriosim-simloop --timer N  no actor: a kernel timer whose callback sets the next. SimGrid's
 *                              cheapest time step, the one a model whose guests were no actors
 *                              (callbacks on kernel timers) would take.
 *
 * prints "sleeps N clock S" (the simulated clock at the end: N µs)
 */
#define _GNU_SOURCE
#include <simgrid/actor.h>
#include <simgrid/engine.h>
#include <simgrid/host.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "vriosim.h"

static long n_loops;

static void sleeper(int argc, char **argv)
{
	for (long i = 0; i < n_loops; i++)
		sg_actor_sleep_for(1e-6);
}

static int usage(void)
{
	fprintf(stderr, "usage: vriosim-simloop [--step | --wake | --timer] N\n");
	return 2;
}

int main(int argc, char **argv)
{
	static const char *const modes[] = { "--step", "--wake", "--timer" }; /* enum vs_loop */
	const char *mode = argc == 3 ? argv[1] : "";
	int kind = -1;
	for (int k = 0; k < 3 && *mode; k++)
		if (!strcmp(mode, modes[k]))
			kind = k;
	if (argc < 2 || argc > 3 || (*mode && kind < 0))
		return usage();
	if ((n_loops = atol(argv[argc - 1])) < 1)
		return usage();
	if (*mode) {
		double clock;
		if (vs_engine_loop(n_loops, (enum vs_loop)kind, &clock)) {
			fprintf(stderr, "vriosim-simloop: cannot write the platform file in /tmp\n");
			return 1;
		}
		printf("sleeps %ld clock %.9f\n", n_loops, clock);
		return 0;
	}
	char *sg_argv[] = { argv[0], "--log=root.thresh:critical", NULL };
	int sg_argc = 2;
	simgrid_init(&sg_argc, sg_argv);
	char platform[] = "/tmp/vriosim-simloop-XXXXXX.xml";
	int fd = mkstemps(platform, 4);
	FILE *f = fd >= 0 ? fdopen(fd, "w") : NULL;
	if (!f) {
		perror("vriosim-simloop: platform file");
		return 1;
	}
	fprintf(f, "<?xml version='1.0'?>\n<!DOCTYPE platform SYSTEM \"https://simgrid.org/simgrid.dtd\">\n"
		   "<platform version=\"4.1\"><zone id=\"z\" routing=\"None\">"
		   "<host id=\"h\" speed=\"1e9f\"/></zone></platform>\n");
	fclose(f);
	simgrid_load_platform(platform);
	unlink(platform);
	sg_actor_start_(sg_actor_init("sleeper", sg_host_by_name("h")), sleeper, 0, NULL);
	simgrid_run();
	printf("sleeps %ld clock %.9f\n", n_loops, simgrid_get_clock());
	return 0;
}
