/*
 * vriosim — the command line. It knows scenarios, runs and files; nothing of model internals.
 *
 * Exit codes: 0 ok, 1 runtime failure (a run that cannot be trusted), 2 usage or input error.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "version.h"

void cli_usage(FILE *out)
{
	fprintf(out,
		"usage: vriosim [run] [SCENARIO.ini] [options]   simulate (no file: built-in default)\n"
		"       vriosim sweep [SCENARIO.ini] --axis SECTION.KEY=V1,V2 ... [-j N] [-o DIR]\n"
		"       vriosim capacity [SCENARIO.ini] --slo p99=200us [--axis ...] [-j N] [-o DIR]\n"
		"                                                 capacity at a latency SLO, per model and point\n"
		"       vriosim dynamic [SCENARIO.ini] [--axis LOAD=V1,V2 ...] [-j N] [-o DIR]\n"
		"                                                 a dynamic configuration vs the best static one per load step\n"
		"       vriosim merge DIR                         assemble DIR/sweep.csv or capacity.csv\n"
		"       vriosim plot DIR                          render DIR/compare.png, or a sweep's figures\n"
		"       vriosim calibrate MEASURED.csv -o PROFILE.ini   fit a cost profile (vrioemu calibrate)\n"
		"       vriosim validate [--fast] [-o DIR]         all validation layers, DIR/report.md\n"
		"       vriosim keys [--markdown]                  every key: unit, default, source, meaning\n"
		"       vriosim --version | --help\n"
		"run options:\n"
		"  --set SECTION.KEY=VALUE  override a scenario key (repeatable)\n"
		"  --seed N                 same as --set run.seed=N\n"
		"  -o, --out DIR            output directory (default: vriosim-out/<scenario>)\n"
		"  --trace FILE             write every completed request to FILE (CSV)\n"
		"  --no-plot                do not render the comparison plot\n"
		"  --params                 print every resolved key and exit\n"
		"  --estimate               print what the run will cost (memory, actors, time) and exit\n"
		"  --force                  run even what the estimate refuses (memory over 70%% of\n"
		"                           what is available, actors beyond vm.max_map_count, or\n"
		"                           over an hour of simulation)\n"
		"  -q, --quiet              no table on stdout, no progress line\n"
		"A run longer than a few seconds shows its progress on stderr when that is a terminal.\n"
		"SimGrid's own --cfg options are refused: vriosim runs SimGrid on one thread (parallel\n"
		"contexts would change the results); sweep and capacity -j use more cores.\n");
}

/* The subcommands; a bare `vriosim [FILE] [options]` is `run`. */
static const struct {
	const char *name;                   /* argv[1] */
	int (*fn)(int argc, char **argv);   /* gets argv from the subcommand's name on */
} commands[] = {
	{ "run", cmd_run },           { "sweep", cmd_sweep },       { "merge", cmd_merge },
	{ "plot", cmd_plot },         { "calibrate", cmd_calibrate }, { "validate", cmd_validate },
	{ "capacity", cmd_capacity }, { "dynamic", cmd_dynamic },
	{ "keys", cmd_keys },
};

/* What went to stdout must have got there (a full disk, /dev/full): else exit 1, saying why. */
static int flushed(int rc)
{
	errno = 0;
	if (fflush(stdout) == 0 && !ferror(stdout))
		return rc;
	fprintf(stderr, "vriosim: stdout: %s\n", strerror(errno ? errno : EIO));
	return rc ? rc : EXIT_RUNTIME;
}

/* SimGrid's own options (--cfg=...) are not passed through: vriosim configures SimGrid itself
 * (models/rack/engine.c). Parallel contexts get their reason: the models' actors share queues
 * and rings without locks, and `contexts/nthreads:2` was seen to change results. Returns the
 * exit code for the first --cfg on the line, or -1 when there is none. */
static int refuse_cfg(int argc, char **argv)
{
	for (int i = 1; i < argc; i++) {
		const char *v;
		if (!strcmp(argv[i], "--"))
			break;
		if (!strncmp(argv[i], "--cfg=", 6))
			v = argv[i] + 6;
		else if (!strcmp(argv[i], "--cfg"))
			v = i + 1 < argc ? argv[i + 1] : "";
		else
			continue;
		if (!strncmp(v, "contexts/nthreads:", 18) && atoi(v + 18) != 1)
			fprintf(stderr, "vriosim: --cfg=%s: parallel SimGrid contexts are refused: the "
					"models' actors share queues without locks, so results would differ "
					"from one thread (use -j on sweep or capacity to use more cores)\n", v);
		else
			fprintf(stderr, "vriosim: --cfg=%s: SimGrid options are not passed through "
					"(vriosim configures SimGrid itself: one thread, its own stack size)\n", v);
		return EXIT_INPUT;
	}
	return -1;
}

int main(int argc, char **argv)
{
	int rc = refuse_cfg(argc, argv);
	if (rc >= 0)
		return flushed(rc);
	if (argc > 1 && (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h"))) {
		cli_usage(stdout);
		return flushed(0);
	}
	if (argc > 1 && !strcmp(argv[1], "--version")) {
		printf("%s\n", version_string());
		return flushed(0);
	}
	for (size_t i = 0; argc > 1 && i < sizeof(commands) / sizeof(commands[0]); i++)
		if (!strcmp(argv[1], commands[i].name))
			return flushed(commands[i].fn(argc - 1, argv + 1));
	return flushed(cmd_run(argc, argv));
}
