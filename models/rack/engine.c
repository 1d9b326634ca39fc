/*
 * engine — one simulation in this process: start SimGrid, load the rack's platform, run it.
 *
 * SimGrid allows one simulation per process (a second platform load aborts), so whoever calls
 * vs_simulate forks or execs one process per run. C cannot create SimGrid hosts directly: the
 * platform is written as XML to a temporary file, loaded, and removed at once.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <simgrid/engine.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "rack.h"
#include "run.h"

int vs_simulate(const struct vs_params *p, struct vs_results *res, const struct vs_observer *obs)
{
	memset(res, 0, sizeof(*res));
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
		snprintf(res->error, sizeof(res->error), "cannot create the platform file %s: %s",
			 platform, strerror(errno));
		if (fd >= 0)
			close(fd);
		return -1;
	}
	rack_platform_xml(p, f);
	if (fclose(f)) {
		snprintf(res->error, sizeof(res->error), "cannot write the platform file %s: %s",
			 platform, strerror(errno));
		unlink(platform);
		return -1;
	}
	simgrid_load_platform(platform);
	unlink(platform);
	return rack_run(p, res, obs);
}
