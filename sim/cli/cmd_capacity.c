/*
 * cmd_capacity — `vriosim capacity`: argument parsing and messages; the work is in sim/capacity
 * (capacity.h) on top of the sweep's plan (plan.h).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "capacity.h"
#include "cli.h"
#include "sweep_args.h"
#include "fsutil.h"
#include "numtext.h"

static void capacity_usage(FILE *out)
{
	fprintf(out,
		"usage: vriosim capacity [SCENARIO.ini] --slo STAT=VALUE [options]\n"
		"  For every model at every point of the axes: the highest offered load whose latency\n"
		"  statistic meets the SLO with no drops and no growing queue (docs/capacity.md).\n"
		"  --slo STAT=VALUE        p50, p99, p999 or mean; VALUE in us or ms (e.g. p99=200us)\n"
		"  --axis SECTION.KEY=V1,V2,...  an axis (repeatable; also [sweep] axis = ... in the file)\n"
		"  --set SECTION.KEY=VALUE  override a key everywhere (repeatable); --seed N\n"
		"  -j, --jobs N            processes at a time (default: the number of cores)\n"
		"  -o, --out DIR           output directory (default: vriosim-out/<scenario>-capacity)\n"
		"  --precision F           stop bisecting at a bracket of relative width F (default 0.01)\n"
		"  --start R               first offered rate per queue, req/s (default: the scenario's)\n"
		"  --max R                 highest rate per queue tried (default 1e8)\n"
		"  --cheapest --load L     then name the cheapest configuration carrying L within the SLO\n"
		"                          (L in req/s: 500000, 500k, 1.2M; or Gb/s: 8Gbps)\n"
		"  --x SECTION.KEY         the figure's x axis (default: the first numeric axis)\n"
		"  --no-plot               no DIR/capacity.png\n"
		"  --force                 search again where results are up to date\n"
		"  --list                  print the jobs (one per point and model) and exit\n"
		"  --emit-jobs FILE        one shell command per job into FILE; run nothing (then:\n"
		"                          vriosim merge DIR)\n"
		"  --job N                 run job N only, here (what the emitted commands do)\n"
		"  --rep-jobs N            replications run at once within a job (default 1)\n"
		"  -q, --quiet             no table, no progress\n"
		"Writes DIR/capacity.csv and DIR/capacity.png. Exit 1 if a job failed, 2 on bad input.\n");
}

static int bad(const char *msg, const char *arg)
{
	fprintf(stderr, "vriosim capacity: %s%s\n", arg ? arg : "", msg);
	return EXIT_INPUT;
}

static int parse_double(const char *flag, const char *v, double lo, double *out)
{
	double d;
	if (num_parse_double(v, &d) || d < lo) {
		fprintf(stderr, "vriosim capacity: %s %s: expected a number of at least %g\n", flag, v, lo);
		return -1;
	}
	*out = d;
	return 0;
}

/* What the command line asks besides the spec. */
struct cap_args {
	const char *slo, *emit, *xkey, *load;
	int only;
	bool list, plot, cheapest;
	char seedset[64];
};

static int parse(int argc, char **argv, struct cap_spec *spec, struct cap_args *a)
{
	static const struct option opts[] = {
		SWEEP_ARGS_OPTIONS,                           { "slo", required_argument, NULL, 'L' },
		{ "precision", required_argument, NULL, 'p' }, { "start", required_argument, NULL, 'b' },
		{ "max", required_argument, NULL, 'm' },      { "cheapest", no_argument, NULL, 'c' },
		{ "load", required_argument, NULL, 'l' },     { "x", required_argument, NULL, 'x' },
		{ "no-plot", no_argument, NULL, 'P' },
		{ "list", no_argument, NULL, 'i' },           { "emit-jobs", required_argument, NULL, 'e' },
		{ "job", required_argument, NULL, 'J' },      { "rep-jobs", required_argument, NULL, 'r' },
		{ "quiet", no_argument, NULL, 'q' },          { "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	struct sweep_spec *sw = &spec->sweep;
	sweep_args_init(sw);
	sw->progress = 0;
	spec->precision = 0.01;
	spec->max = 1e8;
	spec->rep_jobs = 1;
	a->only = -1;
	a->plot = true;
	int c;
	optind = 1;
	opterr = 0;
	while ((c = getopt_long(argc, argv, "j:o:qh", opts, NULL)) != -1) {
		int shared = sweep_args_option("capacity", c, optarg, sw, a->seedset,
						sizeof(a->seedset));
		if (shared < 0)
			return EXIT_INPUT;
		if (shared)
			continue;
		switch (c) {
		case 'L': a->slo = optarg; break;
		case 'p':
			if (parse_double("--precision", optarg, 1e-6, &spec->precision))
				return EXIT_INPUT;
			break;
		case 'b':
			if (parse_double("--start", optarg, 0, &spec->start))
				return EXIT_INPUT;
			break;
		case 'm':
			if (parse_double("--max", optarg, 1e-9, &spec->max))
				return EXIT_INPUT;
			break;
		case 'c': a->cheapest = true; break;
		case 'l': a->load = optarg; break;
		case 'x': a->xkey = optarg; break;
		case 'P': a->plot = false; break;
		case 'i': a->list = true; break;
		case 'e': a->emit = optarg; break;
		case 'J':
			if (sweep_args_int("capacity", "--job", optarg, 0, 1 << 30, &a->only))
				return EXIT_INPUT;
			break;
		case 'r':
			if (sweep_args_int("capacity", "--rep-jobs", optarg, 1, 4096, &spec->rep_jobs))
				return EXIT_INPUT;
			break;
		case 'q': sw->quiet = true; break;
		case 'h': capacity_usage(stdout); return 0;
		default:
			return bad(": unknown option or missing value (see vriosim capacity --help)",
				   argv[optind - 1]);
		}
	}
	if (argc - optind > 1)
		return bad("expected at most one scenario file (see vriosim capacity --help)", NULL);
	sw->file = optind < argc ? argv[optind] : NULL;
	char err[512];
	if (!a->slo)
		return bad("--slo is required (e.g. --slo p99=200us)", NULL);
	if (cap_slo_parse(a->slo, &spec->slo, err, sizeof(err)))
		return bad(err, NULL);
	if (a->cheapest != (a->load != NULL))
		return bad("--cheapest and --load go together", NULL);
	return -1;
}

int cmd_capacity(int argc, char **argv)
{
	static struct cap_spec spec;
	memset(&spec, 0, sizeof(spec));
	struct cap_args a = { 0 };
	int rc = parse(argc, argv, &spec, &a);
	if (rc >= 0)
		return rc;
	double load = 0;
	bool load_gbps = false;
	char err[1024];
	if (a.load && cap_load_parse(a.load, &load, &load_gbps, err, sizeof(err)))
		return bad(err, NULL);
	static struct cap_plan cp;
	if (cap_plan_build(&cp, &spec, err, sizeof(err)))
		return bad(err, NULL);
	char defdir[PATH_MAX];
	if (!spec.sweep.dir) {
		snprintf(defdir, sizeof(defdir), "vriosim-out/%s-capacity", cp.sweep.scenario);
		spec.sweep.dir = defdir;
	}
	rc = 0;
	if (a.only >= cp.n_jobs) {
		fprintf(stderr, "vriosim capacity: --job %d: there are %d jobs (0 to %d)\n", a.only,
			cp.n_jobs, cp.n_jobs - 1);
		rc = EXIT_INPUT;
	} else if (a.list) {
		for (int i = 0; i < cp.n_jobs; i++)
			printf("%d %s%s%s\n", i, cp.jobs[i].name, cp.jobs[i].invalid[0] ? "  # " : "",
			       cp.jobs[i].invalid);
	} else if (fs_mkdir_p(spec.sweep.dir)) {
		fprintf(stderr, "vriosim capacity: -o %s: cannot create the directory (%s)\n",
			spec.sweep.dir, strerror(errno));
		rc = EXIT_INPUT;
	} else if (a.emit) {
		if (cap_emit_jobs(&cp, &spec, a.emit, err, sizeof(err))) {
			fprintf(stderr, "vriosim capacity: %s\n", err);
			rc = 1;
		} else if (!spec.sweep.quiet) {
			fprintf(stderr, "vriosim capacity: wrote %d commands to %s; run them, then: "
					"vriosim merge %s\n", cp.n_jobs, a.emit, spec.sweep.dir);
		}
	} else {
		if (cp.sweep.note[0] && !spec.sweep.quiet && a.only < 0)
			fprintf(stderr, "vriosim capacity: warning: %s\n", cp.sweep.note);
		if (cp.note[0] && !spec.sweep.quiet && a.only < 0)
			fprintf(stderr, "vriosim capacity: %s\n", cp.note);
		rc = cap_execute(&cp, &spec, a.only);
		if (a.only < 0 && access(spec.sweep.dir, F_OK) == 0) {
			if (!spec.sweep.quiet && cap_print(spec.sweep.dir, err, sizeof(err)))
				fprintf(stderr, "vriosim capacity: %s\n", err);
			if (a.plot && cap_plot(spec.sweep.dir, a.xkey, "png", spec.sweep.quiet, err,
					       sizeof(err))) {
				fprintf(stderr, "vriosim capacity: plot: %s\n", err);
			}
			if (a.cheapest) {
				int c = cap_cheapest(spec.sweep.dir, load, load_gbps, err, sizeof(err));
				if (c < 0)
					fprintf(stderr, "vriosim capacity: %s\n", err);
				if (c && !rc)
					rc = 1;
			}
		}
	}
	cap_plan_free(&cp);
	return rc;
}
