/*
 * cmd_dynamic — `vriosim dynamic`: a dynamic configuration against the best static one at each
 * load step, in one command. The steps run as a sweep (plan.h, pool.h) of one axis, the load;
 * the comparison is sim/sweep/dyncmp.h's.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "sweep_args.h"
#include "dyncmp.h"
#include "fsutil.h"
#include "plan.h"
#include "pool.h"
#include "progress.h"
#include "sweepdir.h"

static void dynamic_usage(FILE *out)
{
	fprintf(out,
		"usage: vriosim dynamic [SCENARIO.ini] [options]\n"
		"  At each load step, the scenario's first model (model.kind: the dynamic one, e.g.\n"
		"  dynamic, or vrio with dynamic.iohost_policy = load) against the best of the others\n"
		"  (the static ones): throughput, I/O CPU (cores' worth of I/O work, polling and exits)\n"
		"  and their ratio, and whether the dynamic one stays within 10%% of the best static at\n"
		"  every step while its I/O CPU falls at low load (docs/model.md, Dynamic I/O cores).\n"
		"  --axis SECTION.KEY=V1,V2,...  the load steps (one axis; also [sweep] axis = ...)\n"
		"  --set SECTION.KEY=VALUE       override a key everywhere (repeatable); --seed N\n"
		"  -j, --jobs N                  runs in parallel (default: the number of cores)\n"
		"  -o, --out DIR                 output directory (default: vriosim-out/<scenario>-dynamic)\n"
		"  --force                       re-run steps whose results are up to date\n"
		"  -q, --quiet                   no progress line\n"
		"Writes DIR/sweep.csv and DIR/dynamic.csv. Exit 0 when the comparison was made (its\n"
		"verdict is in the table), 1 if a run failed, 2 on bad input.\n");
}

int cmd_dynamic(int argc, char **argv)
{
	static const struct option opts[] = {
		SWEEP_ARGS_OPTIONS,
		{ "quiet", no_argument, NULL, 'q' },      { "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	static struct sweep_spec spec;
	sweep_args_init(&spec);
	char seedset[64];
	int c;
	optind = 1;
	opterr = 0;
	while ((c = getopt_long(argc, argv, "j:o:qh", opts, NULL)) != -1) {
		int shared = sweep_args_option("dynamic", c, optarg, &spec, seedset, sizeof(seedset));
		if (shared < 0)
			return EXIT_INPUT;
		if (shared)
			continue;
		switch (c) {
		case 'q': spec.quiet = true; spec.progress = 0; break;
		case 'h': dynamic_usage(stdout); return 0;
		default:
			fprintf(stderr, "vriosim dynamic: %s: unknown option or missing value (see vriosim "
					"dynamic --help)\n", argv[optind - 1]);
			return EXIT_INPUT;
		}
	}
	if (argc - optind > 1) {
		fprintf(stderr, "vriosim dynamic: expected at most one scenario file\n");
		return EXIT_INPUT;
	}
	spec.file = optind < argc ? argv[optind] : NULL;
	struct sweep_plan plan;
	char err[1024];
	if (sweep_plan_build(&plan, &spec, err, sizeof(err))) {
		fprintf(stderr, "vriosim dynamic: %s\n", err);
		return EXIT_INPUT;
	}
	if (plan.n_axes != 1) {
		fprintf(stderr, "vriosim dynamic: expected one axis, the load steps (--axis "
				"workload.rate_rps=..., or [sweep] axis); the scenario has %d\n", plan.n_axes);
		sweep_plan_free(&plan);
		return EXIT_INPUT;
	}
	char defdir[PATH_MAX];
	if (!spec.dir) {
		snprintf(defdir, sizeof(defdir), "vriosim-out/%s-dynamic", plan.scenario);
		spec.dir = defdir;
	}
	if (fs_mkdir_p(spec.dir)) {
		fprintf(stderr, "vriosim dynamic: -o %s: cannot create the directory (%s)\n", spec.dir,
			strerror(errno));
		sweep_plan_free(&plan);
		return EXIT_INPUT;
	}
	if (sweep_args_lock("dynamic", spec.dir, false)) {
		sweep_plan_free(&plan);
		return EXIT_INPUT;
	}
	struct sweep_stats st;
	spec.quiet = true; /* the table says it */
	int rc = sweep_execute(&plan, &spec, -1, &st);
	sweep_plan_free(&plan);
	if (rc || st.interrupted)
		return rc ? rc : 1;
	bool pass;
	if (dyncmp_report(spec.dir, stdout, &pass, err, sizeof(err))) {
		fprintf(stderr, "vriosim dynamic: %s\n", err);
		return 1;
	}
	return 0;
}
