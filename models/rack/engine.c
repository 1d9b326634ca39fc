/*
 * engine — one simulation in this process: start SimGrid, load the rack's platform, run it.
 *
 * SimGrid allows one simulation per process (a second platform load aborts), so whoever calls
 * vs_simulate forks or execs one process per run. C cannot create SimGrid hosts directly: the
 * platform is written as XML to a temporary file, loaded, and removed at once.
 *
 * vs_engine_loop runs the engine alone, the way vriosim's dedicated-core actors use it (an
 * inbox on a kernel timer, a ring), or with bare kernel timers, for the benchmarks' floor of a
 * time step and of a wake.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <math.h>
#include <simgrid/actor.h>
#include <simgrid/engine.h>
#include <simgrid/host.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "inbox.h"
#include "ktimer.h"
#include "rack.h"
#include "run.h"
#include "vclock.h"

/* Start SimGrid as every run does and load the platform @write writes (@arg: its argument).
 * 0, or -1 with @err set. */
static int start(void (*write)(const void *, FILE *), const void *arg, char *err, size_t errn)
{
	/* Quiet SimGrid (results never go through its log), small actor stacks: our actors keep
	 * little on the stack and a 1,024-VM rack has thousands of them. */
	char *argv[] = { "vriosim", "--log=root.thresh:critical", "--cfg=contexts/stack-size:256",
			 NULL };
	int argc = 3;
	simgrid_init(&argc, argv);

	char platform[] = "/tmp/vriosim-platform-XXXXXX.xml";
	int fd = mkstemps(platform, 4);
	FILE *f = fd >= 0 ? fdopen(fd, "w") : NULL;
	if (!f) {
		snprintf(err, errn, "cannot create the platform file %s: %s", platform,
			 strerror(errno));
		if (fd >= 0)
			close(fd);
		return -1;
	}
	write(arg, f);
	if (fclose(f)) {
		snprintf(err, errn, "cannot write the platform file %s: %s", platform,
			 strerror(errno));
		unlink(platform);
		return -1;
	}
	simgrid_load_platform(platform);
	unlink(platform);
	return 0;
}

static void write_rack(const void *p, FILE *f) { rack_platform_xml(p, f); }

int vs_simulate(const struct vs_params *p, struct vs_results *res, const struct vs_observer *obs)
{
	memset(res, 0, sizeof(*res));
	if (start(write_rack, p, res->error, sizeof(res->error)))
		return -1;
	return rack_run(p, res, obs);
}

/* ---- The engine alone (vs_engine_loop) ---- */

struct loop {
	long n;
	bool wake;
	struct inbox stepper, woken;
};

static void write_one_host(const void *arg, FILE *f)
{
	(void)arg;
	fprintf(f, "<?xml version='1.0'?>\n"
		   "<!DOCTYPE platform SYSTEM \"https://simgrid.org/simgrid.dtd\">\n"
		   "<platform version=\"4.1\"><zone id=\"z\" routing=\"None\">"
		   "<host id=\"h\" speed=\"1e9f\"/></zone></platform>\n");
}

/* Waits 1 us at a time on its inbox (no one rings it: its date answers); with wake, rings the
 * other actor's after each. */
static void stepper_main(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	struct loop *l = sg_actor_self_get_data();
	for (long i = 1; i <= l->n; i++) {
		inbox_wait(&l->stepper, (double)i * 1e-6);
		if (l->wake)
			inbox_ring(&l->woken);
	}
}

/* Waits until rung, n times (started first: waiting at the first ring). */
static void woken_main(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	struct loop *l = sg_actor_self_get_data();
	for (long i = 0; i < l->n; i++)
		inbox_wait(&l->woken, INFINITY);
}

static void start_actor(const char *name, sg_host_t h, struct loop *l, void (*fn)(int, char **))
{
	sg_actor_t a = sg_actor_init(name, h);
	sg_actor_set_data(a, l);
	sg_actor_start_(a, fn, 0, NULL);
}

int vs_engine_loop(long n, enum vs_loop kind, double *clock)
{
	char err[256];
	if (n < 1 || start(write_one_host, NULL, err, sizeof(err)))
		return -1;
	static struct loop l; /* the actors' (one simulation per process) */
	l.n = n;
	l.wake = kind == VS_LOOP_WAKE;
	inbox_init(&l.stepper);
	inbox_init(&l.woken);
	sg_host_t h = sg_host_by_name("h");
	if (kind == VS_LOOP_TIMER) {
		vs_timer_chain(1e-6, 1e-6, n);
	} else {
		if (l.wake)
			start_actor("woken", h, &l, woken_main);
		start_actor("stepper", h, &l, stepper_main);
	}
	simgrid_run();
	vclock_forget();
	*clock = vs_now();
	return 0;
}
