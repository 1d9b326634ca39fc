/*
 * check_sim.h — one SimGrid simulation for a check.h test: a one-host platform written,
 * loaded and removed. The test then ends with _exit (CHECK_ENGINE_RAN: check.h says why).
 */
#ifndef VRIOSIM_CHECK_SIM_H
#define VRIOSIM_CHECK_SIM_H

#include <simgrid/engine.h>
#include <simgrid/host.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "check.h"

/* Host "h": @cores cores of @speed flops (cycles) per second. */
static inline sg_host_t check_sim_start(const char *prog, double speed, int cores)
{
	char *argv[] = { (char *)prog, "--log=root.thresh:critical", NULL };
	int argc = 2;
	simgrid_init(&argc, argv);
	CHECK_ENGINE_RAN();
	char path[] = "/tmp/vriosim-test-XXXXXX.xml";
	int fd = mkstemps(path, 4);
	FILE *f = fd >= 0 ? fdopen(fd, "w") : NULL;
	if (!f)
		CHECK_FAIL("cannot write a platform file");
	fprintf(f, "<?xml version='1.0'?>\n"
		   "<!DOCTYPE platform SYSTEM \"https://simgrid.org/simgrid.dtd\">\n"
		   "<platform version=\"4.1\"><zone id=\"z\" routing=\"None\">\n"
		   "<host id=\"h\" speed=\"%gf\" core=\"%d\"/></zone></platform>\n",
		speed, cores);
	fclose(f);
	simgrid_load_platform(path);
	unlink(path);
	return sg_host_by_name("h");
}

#endif
