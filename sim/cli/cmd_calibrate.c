/*
 * cmd_calibrate — `vriosim calibrate MEASURED.csv -o PROFILE.ini` (the fit is
 * validation/calibrate/calibrate.h).
 */
#include <getopt.h>
#include <stdio.h>

#include "calibrate.h"
#include "cli.h"

static void usage(FILE *f)
{
	fprintf(f, "usage: vriosim calibrate MEASURED.csv -o PROFILE.ini\n"
		   "  fit the emulator's measurements (vrioemu calibrate -o MEASURED.csv) into a cost\n"
		   "  profile: [costs] keys in cycles at the measured clock, [fit] with standard errors\n"
		   "  and R^2, [profile] with the machine. Include it with [costs] profile = FILE.\n");
}

int cmd_calibrate(int argc, char **argv)
{
	static const struct option lo[] = { { "out", required_argument, NULL, 'o' },
					    { "help", no_argument, NULL, 'h' },
					    { NULL, 0, NULL, 0 } };
	const char *out = NULL;
	int ch;
	opterr = 0;
	optind = 1;
	while ((ch = getopt_long(argc, argv, "o:h", lo, NULL)) != -1) {
		switch (ch) {
		case 'o': out = optarg; break;
		case 'h': usage(stdout); return 0;
		default:
			fprintf(stderr, "vriosim calibrate: %s: unknown option or missing value\n",
				argv[optind - 1]);
			return EXIT_INPUT;
		}
	}
	if (argc - optind != 1 || !out) {
		fprintf(stderr, "vriosim calibrate: expected MEASURED.csv and -o PROFILE.ini\n");
		return EXIT_INPUT;
	}
	return calibrate_run(argv[optind], out);
}
