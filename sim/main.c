/*
 * vriosim — the command line. It knows scenarios, runs and files; nothing of model internals.
 *
 * Exit codes: 0 ok, 1 runtime failure (a run that cannot be trusted), 2 usage or input error.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "calibrate.h"
#include "cli_sweep.h"
#include "plot.h"
#include "results.h"
#include "runner.h"
#include "scenario.h"
#include "validate.h"

#define EXIT_INPUT 2

static void usage(FILE *out)
{
	fprintf(out,
		"usage: vriosim [run] [SCENARIO.ini] [options]   simulate (no file: built-in default)\n"
		"       vriosim sweep [SCENARIO.ini] --axis SECTION.KEY=V1,V2 ... [-j N] [-o DIR]\n"
		"       vriosim merge DIR                         assemble DIR/sweep.csv (after --emit-jobs)\n"
		"       vriosim plot DIR                          render DIR/compare.png, or a sweep's figures\n"
		"       vriosim calibrate MEASURED.csv -o PROFILE.ini   fit a cost profile (vrioemu calibrate)\n"
		"       vriosim validate [--fast] [-o DIR]         all validation layers, DIR/report.md\n"
		"       vriosim --version | --help\n"
		"run options:\n"
		"  --set SECTION.KEY=VALUE  override a scenario key (repeatable)\n"
		"  --seed N                 same as --set run.seed=N\n"
		"  -o, --out DIR            output directory (default: vriosim-out/<scenario>)\n"
		"  --trace FILE             write every completed request to FILE (CSV)\n"
		"  --no-plot                do not render the comparison plot\n"
		"  --params                 print every resolved key and exit\n"
		"  -q, --quiet              no table on stdout\n");
}

static int fail_input(const char *msg)
{
	fprintf(stderr, "vriosim: %s\n", msg);
	return EXIT_INPUT;
}

static int cmd_run(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "set", required_argument, NULL, 's' }, { "seed", required_argument, NULL, 'S' },
		{ "out", required_argument, NULL, 'o' }, { "trace", required_argument, NULL, 't' },
		{ "no-plot", no_argument, NULL, 'P' },   { "params", no_argument, NULL, 'p' },
		{ "quiet", no_argument, NULL, 'q' },     { "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	const char *sets[256];
	int n_sets = 0;
	const char *out = NULL, *trace = NULL;
	bool plot = true, quiet = false, params = false;
	char seedset[64];
	int c;
	opterr = 0;
	while ((c = getopt_long(argc, argv, "o:qh", opts, NULL)) != -1) {
		switch (c) {
		case 's':
		case 'S':
			if (n_sets == 256)
				return fail_input("too many --set options");
			if (c == 'S') {
				snprintf(seedset, sizeof(seedset), "run.seed=%s", optarg);
				sets[n_sets++] = seedset;
			} else {
				sets[n_sets++] = optarg;
			}
			break;
		case 'o': out = optarg; break;
		case 't': trace = optarg; break;
		case 'P': plot = false; break;
		case 'p': params = true; break;
		case 'q': quiet = true; break;
		case 'h': usage(stdout); return 0;
		default: {
			char msg[256];
			snprintf(msg, sizeof(msg), "%s: unknown option or missing value (see vriosim --help)",
				 argv[optind - 1]);
			return fail_input(msg);
		}
		}
	}
	if (argc - optind > 1)
		return fail_input("expected at most one scenario file (see vriosim --help)");
	const char *file = optind < argc ? argv[optind] : NULL;

	static struct scenario s;
	char err[SCN_ERR_MAX];
	if (scenario_load(&s, file, err))
		return fail_input(err);
	for (int i = 0; i < n_sets; i++)
		if (scenario_set(&s, sets[i], err))
			return fail_input(err);
	if (scenario_check(&s, err))
		return fail_input(err);
	if (params) {
		scenario_dump(&s, stdout);
		return 0;
	}

	char dir[PATH_MAX];
	if (out)
		snprintf(dir, sizeof(dir), "%s", out);
	else
		snprintf(dir, sizeof(dir), "vriosim-out/%s", s.name);
	if (results_mkdir_p(dir)) {
		fprintf(stderr, "vriosim: -o %s: cannot create the directory (%s)\n", dir, strerror(errno));
		return EXIT_INPUT;
	}

	int n = s.n_models * s.p.replications;
	struct run_record *runs = calloc((size_t)n, sizeof(*runs));
	if (!runs) {
		fprintf(stderr, "vriosim: out of memory\n");
		return 1;
	}
	char rerr[1024];
	if (runner_run(&s, runs, trace, rerr, sizeof(rerr))) {
		fprintf(stderr, "vriosim: %s\n", rerr);
		free(runs);
		return 1;
	}
	if (results_write(dir, &s, runs, n, rerr, sizeof(rerr))) {
		fprintf(stderr, "vriosim: %s\n", rerr);
		free(runs);
		return 1;
	}
	if (!quiet) {
		results_print_table(stdout, &s, runs, n);
		printf("\nwrote %s/summary.csv", dir);
		if (s.p.replications > 1)
			printf(" and %s/replications.csv", dir);
		if (trace)
			printf(", trace %s", trace);
	}
	if (plot) {
		if (plot_compare(dir, &s, runs, n, rerr, sizeof(rerr)))
			fprintf(stderr, "vriosim: plot skipped: %s\n", rerr);
		else if (!quiet)
			printf(", plot %s/compare.png", dir);
	}
	if (!quiet)
		printf("\n");
	free(runs);
	scenario_free(&s);
	return 0;
}

int main(int argc, char **argv)
{
	if (argc > 1 && (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h"))) {
		usage(stdout);
		return 0;
	}
	if (argc > 1 && !strcmp(argv[1], "--version")) {
		printf("%s\n", results_version());
		return 0;
	}
	if (argc > 1 && !strcmp(argv[1], "run"))
		return cmd_run(argc - 1, argv + 1);
	if (argc > 1 && !strcmp(argv[1], "sweep"))
		return cli_sweep(argc - 1, argv + 1);
	if (argc > 1 && !strcmp(argv[1], "merge"))
		return cli_merge(argc - 1, argv + 1);
	if (argc > 1 && !strcmp(argv[1], "plot"))
		return cli_plot(argc - 1, argv + 1);
	if (argc > 1 && !strcmp(argv[1], "calibrate"))
		return cli_calibrate(argc - 1, argv + 1);
	if (argc > 1 && !strcmp(argv[1], "validate"))
		return cli_validate(argc - 1, argv + 1);
	return cmd_run(argc, argv);
}
