/*
 * cmd_run — `vriosim [run] [SCENARIO.ini] [options]`: load the scenario, apply the overrides,
 * run every model (runner.h), write and show the results (results.h, plot.h).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "fsutil.h"
#include "plot.h"
#include "results.h"
#include "runner.h"
#include "scenario.h"

#define RUN_MAX_SETS 256

/* The command line of a run. */
struct run_args {
	const char *sets[RUN_MAX_SETS]; /* --set (and --seed) assignments, in order */
	int n_sets;                     /* entries in sets[] */
	const char *file;               /* the scenario (NULL: built in) */
	const char *out;                /* -o (NULL: vriosim-out/<scenario>) */
	const char *trace;              /* --trace FILE, or NULL */
	bool plot;                      /* render compare.png */
	bool quiet;                     /* no table */
	bool params;                    /* --params: dump the keys and stop */
	char seedset[64];               /* --seed N as run.seed=N */
};

static int fail_input(const char *msg)
{
	fprintf(stderr, "vriosim: %s\n", msg);
	return EXIT_INPUT;
}

/* Parse @argv into @a. -1 to go on, else the exit code (--help, a usage error). */
static int parse_args(int argc, char **argv, struct run_args *a)
{
	static const struct option opts[] = {
		{ "set", required_argument, NULL, 's' }, { "seed", required_argument, NULL, 'S' },
		{ "out", required_argument, NULL, 'o' }, { "trace", required_argument, NULL, 't' },
		{ "no-plot", no_argument, NULL, 'P' },   { "params", no_argument, NULL, 'p' },
		{ "quiet", no_argument, NULL, 'q' },     { "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	int c;
	a->plot = true;
	opterr = 0;
	while ((c = getopt_long(argc, argv, "o:qh", opts, NULL)) != -1) {
		switch (c) {
		case 's':
		case 'S':
			if (a->n_sets == RUN_MAX_SETS)
				return fail_input("too many --set options");
			if (c == 'S') {
				snprintf(a->seedset, sizeof(a->seedset), "run.seed=%s", optarg);
				a->sets[a->n_sets++] = a->seedset;
			} else {
				a->sets[a->n_sets++] = optarg;
			}
			break;
		case 'o': a->out = optarg; break;
		case 't': a->trace = optarg; break;
		case 'P': a->plot = false; break;
		case 'p': a->params = true; break;
		case 'q': a->quiet = true; break;
		case 'h': cli_usage(stdout); return 0;
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
	a->file = optind < argc ? argv[optind] : NULL;
	return -1;
}

/* Run @s's models into @dir; the table and closing line on stdout unless quiet. */
static int run(const struct scenario *s, const struct run_args *a, const char *dir)
{
	int n = s->n_models * s->p.replications;
	struct run_record *runs = calloc((size_t)n, sizeof(*runs));
	char err[1024];
	int rc = EXIT_RUNTIME;
	if (!runs) {
		fprintf(stderr, "vriosim: no memory for %d run records\n", n);
		return rc;
	}
	if (runner_run(s, runs, a->trace, dir, err, sizeof(err)) ||
	    results_write(dir, s, runs, n, err, sizeof(err))) {
		fprintf(stderr, "vriosim: %s\n", err);
		goto out;
	}
	if (!a->quiet) {
		results_print_table(stdout, s, runs, n);
		printf("\nwrote %s/summary.csv", dir);
		if (s->p.replications > 1)
			printf(" and %s/replications.csv", dir);
		if (a->trace)
			printf(", trace %s", a->trace);
	}
	if (a->plot) {
		if (plot_compare(dir, s, runs, n, err, sizeof(err)))
			fprintf(stderr, "vriosim: plot skipped: %s\n", err);
		else if (!a->quiet)
			printf(", plot %s/compare.png", dir);
	}
	if (!a->quiet)
		printf("\n");
	rc = 0;
out:
	free(runs);
	return rc;
}

int cmd_run(int argc, char **argv)
{
	struct run_args a = { 0 };
	int rc = parse_args(argc, argv, &a);
	if (rc >= 0)
		return rc;
	struct scenario *s = calloc(1, sizeof(*s));
	if (!s) {
		fprintf(stderr, "vriosim: no memory for a scenario (%zu bytes)\n", sizeof(*s));
		return EXIT_RUNTIME;
	}
	char err[SCN_ERR_MAX];
	rc = EXIT_INPUT;
	if (scenario_load(s, a.file, err))
		goto bad_input;
	for (int i = 0; i < a.n_sets; i++)
		if (scenario_set(s, a.sets[i], err))
			goto bad_input;
	if (scenario_check(s, err))
		goto bad_input;
	if (a.params) {
		scenario_dump(s, stdout);
		rc = 0;
		goto out;
	}
	char dir[PATH_MAX];
	if (a.out)
		snprintf(dir, sizeof(dir), "%s", a.out);
	else
		snprintf(dir, sizeof(dir), "vriosim-out/%s", s->name);
	if (fs_mkdir_p(dir)) {
		fprintf(stderr, "vriosim: -o %s: cannot create the directory (%s)\n", dir, strerror(errno));
		goto out;
	}
	rc = run(s, &a, dir);
	goto out;
bad_input:
	fail_input(err);
out:
	scenario_free(s);
	free(s);
	return rc;
}
