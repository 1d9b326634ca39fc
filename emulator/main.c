/*
 * vrioemu — the emulator: real polling cores on virtio split rings against tap devices, in
 * trap, elvis (sidecore) and vRIO modes (DESIGN §6). This file is only the edge: parse, dispatch,
 * signals. See run.c for a run, bench.c for the speed comparison.
 */
#define _GNU_SOURCE
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "bench.h"
#include "calibrate.h"
#include "netns.h"
#include "opts.h"
#include "run.h"
#include "version.h"

int main(int argc, char **argv)
{
	if (argc > 1 && !strcmp(argv[1], "calibrate"))
		return calib_main(argc - 1, argv + 1);
	struct opts o;
	int rc = opts_parse(&o, argc, argv);
	if (rc)
		return rc;
	switch (o.cmd) {
	case OPTS_HELP:
		fputs(opts_usage, stdout);
		return 0;
	case OPTS_VERSION:
		printf("%s\n", emu_version());
		return 0;
	default:
		break;
	}
	/* SIGINT/SIGTERM/SIGHUP are taken synchronously (sigtimedwait) by the main thread, so a
	 * signal never lands in a polling thread and teardown runs in ordinary code. Blocked
	 * before any thread exists, they stay blocked in all of them. */
	sigset_t sigs;
	sigemptyset(&sigs);
	sigaddset(&sigs, SIGINT);
	sigaddset(&sigs, SIGTERM);
	sigaddset(&sigs, SIGHUP);
	sigprocmask(SIG_BLOCK, &sigs, NULL);
	signal(SIGPIPE, SIG_IGN);
	switch (o.cmd) {
	case OPTS_CLEAN: {
		/* Without root nothing can be removed: say so, rather than "removed 0". */
		if (geteuid() != 0) {
			int stale = netns_count_stale();
			fprintf(stderr, "vrioemu clean: needs root (CAP_SYS_ADMIN) to remove network "
					"namespaces; %d stale namespace%s of dead runs left in place\n",
				stale, stale == 1 ? "" : "s");
			return 2;
		}
		int failed = 0, n = netns_clean_stale(&failed);
		printf("vrioemu: removed %d stale namespace%s\n", n, n == 1 ? "" : "s");
		if (failed) {
			fprintf(stderr, "vrioemu clean: %d stale namespace%s could not be removed "
					"(ip netns del failed)\n", failed, failed == 1 ? "" : "s");
			return 1;
		}
		return 0;
	}
	case OPTS_BENCH:
		return bench_main(&o, &sigs);
	default:
		return run_main(&o, &sigs);
	}
}
