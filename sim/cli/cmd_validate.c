/*
 * cmd_validate — `vriosim validate [--fast] [--only LAYER] [-o DIR] [--src DIR] [--emu DIR
 * --profile FILE]`: where things are; the layers are validation/src/validate.h.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "fsutil.h"
#include "validate.h"

static void usage(FILE *f)
{
	fprintf(f, "usage: vriosim validate [--fast] [--only LAYER] [-o DIR] [--src DIR] [--emu DIR --profile FILE]\n"
		   "  --fast          the analytic M/M/1, M/D/1 and M/M/c subset, conservation, determinism\n"
		   "  --only LAYER    one layer: analytic, claims (validation/claims.csv), emulator,\n"
		   "                  determinism (with the conservation of its runs) or capacity\n"
		   "                  (vriosim capacity on M/M/1 against the closed form)\n"
		   "  -o DIR          where report.md, checks.csv and the plots go (default validation-out)\n"
		   "  --src DIR       the source tree holding scenarios/ and validation/ (default: found\n"
		   "                  from the binary's location, else the current directory)\n"
		   "  --emu DIR       emulator measurements (validation/run writes them)\n"
		   "  --profile FILE  the calibration profile the emulator mirrors use\n"
		   "  --paper DIR     the claims measured by the paper library (claims.csv by = paper),\n"
		   "                  read from DIR (validation/paper/run's sweeps and capacity runs)\n"
		   "exit: 0 every check passed, 1 a check failed or a run could not be made, 2 usage\n");
}

static bool has_tree(const char *dir)
{
	char p[PATH_MAX * 2];
	snprintf(p, sizeof(p), "%s/validation/analytic/mm1.ini", dir);
	return access(p, R_OK) == 0;
}

/* The source tree: --src, else <tree>/<build dir>/bin/vriosim two levels up, else the current
 * directory. 0, or the exit code. */
static int find_tree(const char *self, const char *given, char *src)
{
	if (given) {
		if (!realpath(given, src) || !has_tree(src)) {
			fprintf(stderr, "vriosim validate: --src %s: no validation/analytic/mm1.ini there\n",
				given);
			return EXIT_INPUT;
		}
		return 0;
	}
	char guess[PATH_MAX * 2];
	const char *slash = strrchr(self, '/');
	snprintf(guess, sizeof(guess), "%.*s/../..", (int)(slash - self), self);
	if (!(realpath(guess, src) && has_tree(src)) && !(realpath(".", src) && has_tree(src))) {
		fprintf(stderr, "vriosim validate: cannot find the source tree (give --src DIR)\n");
		return EXIT_INPUT;
	}
	return 0;
}

int cmd_validate(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "fast", no_argument, NULL, 'f' },       { "out", required_argument, NULL, 'o' },
		{ "src", required_argument, NULL, 's' },  { "emu", required_argument, NULL, 'e' },
		{ "profile", required_argument, NULL, 'p' }, { "only", required_argument, NULL, 'l' },
		{ "paper", required_argument, NULL, 'P' },
		{ "help", no_argument, NULL, 'h' },       { NULL, 0, NULL, 0 }
	};
	struct validate_opts o = { 0 };
	const char *out = "validation-out", *src = NULL;
	int c;
	opterr = 0;
	optind = 1;
	while ((c = getopt_long(argc, argv, "o:h", opts, NULL)) != -1) {
		switch (c) {
		case 'f': o.fast = true; break;
		case 'o': out = optarg; break;
		case 's': src = optarg; break;
		case 'e': o.emu = optarg; break;
		case 'p': o.profile = optarg; break;
		case 'P': o.paper = optarg; break;
		case 'l':
			if (!validate_layer_known(optarg)) {
				fprintf(stderr, "vriosim validate: --only %s: expected analytic, claims, "
						"emulator, determinism or capacity\n",
					optarg);
				return EXIT_INPUT;
			}
			o.only = optarg;
			break;
		case 'h': usage(stdout); return 0;
		default:
			fprintf(stderr, "vriosim validate: %s: unknown option or missing value\n", argv[optind - 1]);
			return EXIT_INPUT;
		}
	}
	if (optind < argc) {
		fprintf(stderr, "vriosim validate: %s: unexpected argument\n", argv[optind]);
		return EXIT_INPUT;
	}
	char self[PATH_MAX], tree[PATH_MAX], pabs[PATH_MAX], oabs[PATH_MAX];
	if (!realpath("/proc/self/exe", self)) {
		fprintf(stderr, "vriosim validate: cannot find my own binary\n");
		return EXIT_RUNTIME;
	}
	int rc = find_tree(self, src, tree);
	if (rc)
		return rc;
	if ((o.emu || o.profile) && !(o.emu && o.profile)) {
		fprintf(stderr, "vriosim validate: --emu and --profile go together\n");
		return EXIT_INPUT;
	}
	char papabs[PATH_MAX];
	if (o.paper) {
		if (!realpath(o.paper, papabs)) {
			fprintf(stderr, "vriosim validate: --paper %s: %s\n", o.paper, strerror(errno));
			return EXIT_INPUT;
		}
		o.paper = papabs;
	}
	if (o.profile) {
		if (!realpath(o.profile, pabs)) {
			fprintf(stderr, "vriosim validate: --profile %s: %s\n", o.profile, strerror(errno));
			return EXIT_INPUT;
		}
		o.profile = pabs;
	}
	if (fs_mkdir_p(out) || !realpath(out, oabs)) {
		fprintf(stderr, "vriosim validate: -o %s: cannot create (%s)\n", out, strerror(errno));
		return EXIT_INPUT;
	}
	o.self = self;
	o.src = tree;
	o.out = oabs;
	return validate_run(&o);
}
