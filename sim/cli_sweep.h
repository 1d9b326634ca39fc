/*
 * cli_sweep — the `sweep`, `merge` and `plot` subcommands (argument parsing and messages; the
 * work is in sweep.h, merge.h, sweep_plot.h and plot.h).
 *
 * Each takes argv with argv[0] = the subcommand's name and returns the process exit code:
 * 0 ok, 1 runtime failure (a point failed, gnuplot failed), 2 usage or input error.
 */
#ifndef VRIOSIM_CLI_SWEEP_H
#define VRIOSIM_CLI_SWEEP_H

int cli_sweep(int argc, char **argv);
int cli_merge(int argc, char **argv);
int cli_plot(int argc, char **argv);

#endif
