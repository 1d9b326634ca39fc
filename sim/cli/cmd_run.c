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
#include <sys/stat.h>
#include <unistd.h>

#include "budget.h"
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
	bool force;                     /* --force: run what the estimate says cannot finish */
	bool estimate;                  /* --estimate: print the cost estimate and stop */
	char seedset[64];               /* --seed N as run.seed=N */
};

/* ======================= arguments ======================= */

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
		{ "force", no_argument, NULL, 'f' },     { "estimate", no_argument, NULL, 'e' },
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
		case 'f': a->force = true; break;
		case 'e': a->estimate = true; break;
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
	/* The progress line: on a terminal only, and not with -q. */
	bool progress = !a->quiet && isatty(STDERR_FILENO);
	if (runner_run(s, runs, a->trace, dir, progress, err, sizeof(err)) ||
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

/* ======================= before simulating ======================= */

/* @path without "./" in front and '/' at the end, for comparing directories by name. */
static void norm_dir(const char *path, char *out, size_t n)
{
	while (path[0] == '.' && path[1] == '/')
		path += 2;
	snprintf(out, n, "%s", path[0] ? path : ".");
	size_t len = strlen(out);
	while (len > 1 && out[len - 1] == '/')
		out[--len] = 0;
}

/* The directory part of @path ("." when none). */
static void parent_dir(const char *path, char *out, size_t n)
{
	snprintf(out, n, "%s", path);
	char *slash = strrchr(out, '/');
	if (!slash)
		snprintf(out, n, ".");
	else
		slash[slash == out] = 0;
}

/* Can -o @dir be used (an existing directory we may write, or one we may create)? Into
 * @top, the outermost directory that will have to be made ("" when @dir exists). 0, or -1
 * with @err. Nothing is created. */
static int check_out_dir(const char *dir, char *top, char *err, size_t errn)
{
	struct stat st;
	char cur[PATH_MAX], up[PATH_MAX];
	top[0] = 0;
	if (snprintf(cur, sizeof(cur), "%s", dir) >= (int)sizeof(cur)) {
		snprintf(err, errn, "-o %.100s...: %s", dir, strerror(ENAMETOOLONG));
		return -1;
	}
	while (stat(cur, &st)) {
		if (errno != ENOENT && errno != ENOTDIR) {
			snprintf(err, errn, "-o %s: %s: %s", dir, cur, strerror(errno));
			return -1;
		}
		snprintf(top, PATH_MAX, "%s", cur);
		parent_dir(cur, up, sizeof(up));
		if (!strcmp(up, cur))
			break;
		snprintf(cur, sizeof(cur), "%s", up);
	}
	if (!S_ISDIR(st.st_mode)) {
		snprintf(err, errn, "-o %s: %s is not a directory", dir, cur);
		return -1;
	}
	if (access(cur, W_OK | X_OK)) {
		snprintf(err, errn, "-o %s: cannot %s %s (%s)", dir, top[0] ? "create a directory in" : "write to",
			 cur, strerror(errno));
		return -1;
	}
	return 0;
}

/* Can --trace @path be written (a new or regular file, in a directory we may write or the
 * -o directory @out about to be made)? 0, or -1 with @err. Nothing is created. */
static int check_trace(const char *path, const char *out, char *err, size_t errn)
{
	struct stat st;
	char dir[PATH_MAX], a[PATH_MAX], b[PATH_MAX];
	if (!stat(path, &st) && !S_ISREG(st.st_mode)) {
		snprintf(err, errn, "--trace %s: %s", path,
			 S_ISDIR(st.st_mode) ? "is a directory" : "not a regular file (it would be replaced)");
		return -1;
	}
	parent_dir(path, dir, sizeof(dir));
	if (stat(dir, &st)) {
		norm_dir(dir, a, sizeof(a));
		norm_dir(out, b, sizeof(b));
		if (errno == ENOENT && !strcmp(a, b))
			return 0; /* the -o directory, made next */
		snprintf(err, errn, "--trace %s: directory %s: %s", path, dir, strerror(errno));
		return -1;
	}
	if (!S_ISDIR(st.st_mode) || access(dir, W_OK | X_OK)) {
		snprintf(err, errn, "--trace %s: cannot write in %s (%s)", path, dir,
			 S_ISDIR(st.st_mode) ? strerror(errno) : "not a directory");
		return -1;
	}
	return 0;
}

/* A failed run leaves no directory it made: remove @dir and its parents up to @top while
 * they are empty. */
static void remove_made(const char *dir, const char *top)
{
	char cur[PATH_MAX], up[PATH_MAX];
	snprintf(cur, sizeof(cur), "%s", dir);
	while (top[0] && !rmdir(cur) && strcmp(cur, top)) {
		parent_dir(cur, up, sizeof(up));
		snprintf(cur, sizeof(cur), "%s", up);
	}
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
	char err[SCN_ERR_MAX + PATH_MAX];
	rc = EXIT_INPUT;
	if (scenario_load(s, a.file, err))
		goto bad_input;
	for (int i = 0; i < a.n_sets; i++)
		if (scenario_set(s, a.sets[i], err))
			goto bad_input;
	if (scenario_check(s, err))
		goto bad_input;
	if (s->note[0] && !a.quiet)
		fprintf(stderr, "vriosim: warning: %s\n", s->note);
	if (a.params || a.estimate) {
		if (a.params)
			scenario_dump(s, stdout);
		if (a.estimate)
			budget_print(s, stdout);
		rc = 0;
		goto out;
	}
	/* What cannot finish here is refused before it starts (the estimate errs high). */
	if (!a.force && budget_check(s, "--force", err, sizeof(err)))
		goto bad_input;
	char dir[PATH_MAX], top[PATH_MAX];
	if (a.out)
		snprintf(dir, sizeof(dir), "%s", a.out);
	else
		snprintf(dir, sizeof(dir), "vriosim-out/%s", s->name);
	/* Everything that can be found out before simulating is: a run is not spent on results
	 * that cannot be written. */
	if (check_out_dir(dir, top, err, sizeof(err)) ||
	    (a.trace && check_trace(a.trace, dir, err, sizeof(err))))
		goto bad_input;
	if (fs_mkdir_p(dir)) {
		fprintf(stderr, "vriosim: -o %s: cannot create the directory (%s)\n", dir, strerror(errno));
		remove_made(dir, top);
		goto out;
	}
	runner_signals_catch();
	rc = run(s, &a, dir);
	if (rc)
		remove_made(dir, top);
	scenario_free(s);
	free(s);
	runner_signals_release(); /* ends the process if a stop signal came */
	return rc;
bad_input:
	fail_input(err);
out:
	scenario_free(s);
	free(s);
	return rc;
}
