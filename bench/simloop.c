/*
 * vriosim-simloop — the raw SimGrid primitive the benchmarks are measured against: one actor
 * on one host sleeping 1 µs, N times (each sleep is one simcall, one sleep activity, one
 * engine time step and two context switches). vriosim-bench runs it in the same session as
 * the simulator's cases and reports each case's cost per simulated request in these sleeps,
 * which takes most of the machine's speed and noise out of the comparison.
 *
 * usage: vriosim-simloop N      (prints "sleeps N clock S")
 */
#define _GNU_SOURCE
#include <simgrid/actor.h>
#include <simgrid/engine.h>
#include <simgrid/host.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

static long n_sleeps;

static void sleeper(int argc, char **argv)
{
	for (long i = 0; i < n_sleeps; i++)
		sg_actor_sleep_for(1e-6);
}

int main(int argc, char **argv)
{
	if (argc != 2 || (n_sleeps = atol(argv[1])) < 1) {
		fprintf(stderr, "usage: vriosim-simloop N\n");
		return 2;
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
	sg_actor_t a = sg_actor_init("sleeper", sg_host_by_name("h"));
	sg_actor_start_(a, sleeper, 0, NULL);
	simgrid_run();
	printf("sleeps %ld clock %.9f\n", n_sleeps, simgrid_get_clock());
	return 0;
}
