/*
 * cmd_sweep — `vriosim sweep | merge | plot`: argument parsing and messages; the work is in
 * sim/sweep (plan.h, pool.h, emit.h, merge.h, sweep_plot.h) and sim/run/plot.h.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "capacity.h"
#include "cli.h"
#include "sweep_args.h"
#include "emit.h"
#include "fsutil.h"
#include "merge.h"
#include "plan.h"
#include "plot.h"
#include "pool.h"
#include "sweep_plot.h"
#include "sweepdir.h"

static void sweep_usage(FILE *out)
{
	fprintf(out,
		"usage: vriosim sweep [SCENARIO.ini] [options]   run the cartesian product of the axes\n"
		"  --axis SECTION.KEY=V1,V2,...  an axis (repeatable; also [sweep] axis = ... in the file;\n"
		"                                on the command line it replaces the file's axis of that key)\n"
		"  --set SECTION.KEY=VALUE       override a key in every point (repeatable)\n"
		"  --seed N                      same as --set run.seed=N\n"
		"  -j, --jobs N                  points run in parallel (default: the number of cores)\n"
		"  -o, --out DIR                 output directory (default: vriosim-out/<scenario>-sweep)\n"
		"  --force                       re-run points whose results are up to date\n"
		"  --force-runs                  run points even when their cost estimate says they\n"
		"                                cannot finish here (vriosim run --force)\n"
		"  --progress | --no-progress    progress line on stderr (default: only on a terminal)\n"
		"  --plot                        render the sweep figures into DIR when done\n"
		"  --list                        print the points (directory names) and exit\n"
		"  --emit-jobs FILE              write one shell command per point to FILE (GNU parallel,\n"
		"                                Slurm array) and DIR/sweep.plan.csv; run nothing\n"
		"  --job N                       run point N only (what the emitted commands do)\n"
		"  -q, --quiet                   no closing line on stderr\n"
		"Writes DIR/sweep.csv (see docs/sweeps.md). Exit 1 if a point failed (the others are kept).\n");
}

static int bad_option(const char *cmd, char **argv)
{
	fprintf(stderr, "vriosim %s: %s: unknown option or missing value (see vriosim %s --help)\n",
		cmd, argv[optind - 1], cmd);
	return EXIT_INPUT;
}

int cmd_sweep(int argc, char **argv)
{
	static const struct option opts[] = {
		SWEEP_ARGS_OPTIONS,
		{ "progress", no_argument, NULL, 'p' },     { "no-progress", no_argument, NULL, 'P' },
		{ "plot", no_argument, NULL, 'g' },         { "list", no_argument, NULL, 'l' },
		{ "emit-jobs", required_argument, NULL, 'e' }, { "job", required_argument, NULL, 'J' },
		{ "quiet", no_argument, NULL, 'q' },        { "help", no_argument, NULL, 'h' },
		{ "force-runs", no_argument, NULL, 'F' },   { NULL, 0, NULL, 0 }
	};
	static struct sweep_spec spec;
	sweep_args_init(&spec);
	const char *emit = NULL;
	int only = -1;
	bool plot = false, list = false;
	char seedset[64];
	int c;
	optind = 1;
	opterr = 0;
	while ((c = getopt_long(argc, argv, "j:o:qh", opts, NULL)) != -1) {
		int shared = sweep_args_option("sweep", c, optarg, &spec, seedset, sizeof(seedset));
		if (shared < 0)
			return EXIT_INPUT;
		if (shared)
			continue;
		switch (c) {
		case 'F': spec.force_runs = true; break;
		case 'p': spec.progress = 1; break;
		case 'P': spec.progress = 0; break;
		case 'g': plot = true; break;
		case 'l': list = true; break;
		case 'e': emit = optarg; break;
		case 'J':
			if (sweep_args_int("sweep", "--job", optarg, 0, 1 << 30, &only))
				return EXIT_INPUT;
			break;
		case 'q': spec.quiet = true; break;
		case 'h': sweep_usage(stdout); return 0;
		default: return bad_option("sweep", argv);
		}
	}
	if (argc - optind > 1) {
		fprintf(stderr, "vriosim sweep: expected at most one scenario file (see vriosim sweep --help)\n");
		return EXIT_INPUT;
	}
	spec.file = optind < argc ? argv[optind] : NULL;

	struct sweep_plan plan;
	char err[1024];
	if (sweep_plan_build(&plan, &spec, err, sizeof(err))) {
		fprintf(stderr, "vriosim sweep: %s\n", err);
		return EXIT_INPUT;
	}
	if (plan.note[0] && !spec.quiet && only < 0)
		fprintf(stderr, "vriosim sweep: warning: %s\n", plan.note);
	char defdir[PATH_MAX];
	if (!spec.dir) {
		snprintf(defdir, sizeof(defdir), "vriosim-out/%s-sweep", plan.scenario);
		spec.dir = defdir;
	}
	int rc = 0;
	if (only >= plan.n_points) {
		fprintf(stderr, "vriosim sweep: --job %d: the sweep has %d points (0 to %d)\n", only,
			plan.n_points, plan.n_points - 1);
		rc = EXIT_INPUT;
	} else if (list) {
		for (int p = 0; p < plan.n_points; p++)
			printf("%d %s%s%s\n", p, plan.points[p].name, plan.points[p].invalid[0] ? "  # " : "",
			       plan.points[p].invalid);
	} else if (fs_mkdir_p(spec.dir)) {
		fprintf(stderr, "vriosim sweep: -o %s: cannot create the directory (%s)\n", spec.dir,
			strerror(errno));
		rc = EXIT_INPUT;
	} else if ((rc = sweep_args_lock("sweep", spec.dir, only >= 0 && !emit))) {
		/* another sweep is writing it: said so */
	} else if (emit) {
		if (sweep_emit_jobs(&plan, &spec, emit, err, sizeof(err))) {
			fprintf(stderr, "vriosim sweep: %s\n", err);
			rc = 1;
		} else if (!spec.quiet) {
			fprintf(stderr, "vriosim sweep: wrote %d commands to %s; run them, then: vriosim "
					"merge %s\n",
				plan.n_points, emit, spec.dir);
		}
	} else {
		struct sweep_stats st;
		rc = sweep_execute(&plan, &spec, only, &st);
		if (plot && only < 0 && !st.interrupted) {
			struct sweep_plot_opts po = { .formats = "png", .quiet = spec.quiet };
			if (sweep_plot_render(spec.dir, &po, err, sizeof(err))) {
				fprintf(stderr, "vriosim sweep: plot: %s\n", err);
				rc = 1;
			}
		}
	}
	sweep_plan_free(&plan);
	return rc;
}

int cmd_merge(int argc, char **argv)
{
	if (argc == 2 && (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h"))) {
		printf("usage: vriosim merge DIR   assemble DIR/sweep.csv from DIR/runs/*/ (after "
		       "--emit-jobs)\n");
		return 0;
	}
	if (argc != 2 || argv[1][0] == '-') {
		fprintf(stderr, "vriosim merge: usage: vriosim merge DIR\n");
		return EXIT_INPUT;
	}
	char err[1024], plan[PATH_MAX];
	int missing = 0;
	struct stat st;
	if (!stat(argv[1], &st) && S_ISDIR(st.st_mode) && sweep_args_lock("merge", argv[1], false))
		return EXIT_INPUT;
	/* A capacity run's directory: its jobs' rows into capacity.csv. */
	snprintf(plan, sizeof(plan), "%s/%s", argv[1], CAP_PLAN);
	bool capacity = !access(plan, R_OK);
	if (capacity ? cap_merge(argv[1], true, &missing, err, sizeof(err))
		     : merge_sweep(argv[1], true, &missing, err, sizeof(err))) {
		fprintf(stderr, "vriosim merge: %s\n", err);
		return access(argv[1], F_OK) ? EXIT_INPUT : 1;
	}
	if (missing) {
		fprintf(stderr, "vriosim merge: wrote %s/%s without %d %s%s (run them, then merge "
				"again)\n",
			argv[1], capacity ? CAP_CSV : SWEEP_CSV, missing, capacity ? "job" : "point",
			missing == 1 ? "" : "s");
		return 1;
	}
	printf("wrote %s/%s\n", argv[1], capacity ? CAP_CSV : SWEEP_CSV);
	return 0;
}

int cmd_plot(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "x", required_argument, NULL, 'x' }, { "format", required_argument, NULL, 'f' },
		{ "logy", no_argument, NULL, 'y' },    { "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	const char *xkey = NULL, *formats = "png";
	bool logy = false;
	int c;
	optind = 1;
	opterr = 0;
	while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (c) {
		case 'x': xkey = optarg; break;
		case 'f': formats = optarg; break;
		case 'y': logy = true; break;
		case 'h':
			printf("usage: vriosim plot DIR [--x SECTION.KEY] [--format png,pdf,svg] [--logy]\n"
			       "  DIR with a sweep.csv: the sweep figures (throughput, latency, efficiency,\n"
			       "  cpu, block) against the first numeric axis or --x (--logy: log y axes;\n"
			       "  latency spanning two decades gets one anyway); with a capacity.csv: the\n"
			       "  capacity figure; DIR of one run: compare.png and cdf.png\n");
			return 0;
		default: return bad_option("plot", argv);
		}
	}
	if (argc - optind != 1) {
		fprintf(stderr, "vriosim plot: usage: vriosim plot DIR [--x SECTION.KEY] [--format png,pdf,svg] "
				"[--logy]\n");
		return EXIT_INPUT;
	}
	for (const char *f = formats; *f;) {
		size_t n = strcspn(f, ",");
		if (!((n == 3 && (!strncmp(f, "png", 3) || !strncmp(f, "pdf", 3) || !strncmp(f, "svg", 3))))) {
			fprintf(stderr, "vriosim plot: --format %s: expected a comma list of png, pdf, svg\n",
				formats);
			return EXIT_INPUT;
		}
		f += n + (f[n] == ',');
	}
	const char *dir = argv[optind];
	char path[PATH_MAX], err[1024];
	snprintf(path, sizeof(path), "%s/%s", dir, CAP_CSV);
	if (!access(path, R_OK)) { /* a capacity run's figure */
		if (cap_plot(dir, xkey, formats, false, err, sizeof(err))) {
			fprintf(stderr, "vriosim plot: %s\n", err);
			return 1;
		}
		return 0;
	}
	snprintf(path, sizeof(path), "%s/%s", dir, SWEEP_CSV);
	if (!access(path, R_OK)) {
		struct sweep_plot_opts po = { .xkey = xkey, .formats = formats, .logy = logy };
		int rc = sweep_plot_render(dir, &po, err, sizeof(err));
		if (rc)
			fprintf(stderr, "vriosim plot: %s\n", err);
		return rc < 0 ? 1 : rc;
	}
	snprintf(path, sizeof(path), "%s/compare.dat", dir);
	if (access(path, R_OK)) {
		fprintf(stderr, "vriosim plot: %s: neither %s nor compare.dat (run vriosim run -o %s or "
				"vriosim sweep -o %s first)\n",
			dir, SWEEP_CSV, dir, dir);
		return EXIT_INPUT;
	}
	if (plot_run_dir(dir, formats, err, sizeof(err))) {
		fprintf(stderr, "vriosim plot: %s\n", err);
		return 1;
	}
	return 0;
}
