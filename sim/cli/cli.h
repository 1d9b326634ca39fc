/*
 * cli — the subcommands of `vriosim`: argument parsing and messages only; the work is in
 * sim/run, sim/sweep, validation/src and validation/calibrate.
 *
 * Each takes argv with argv[0] = the subcommand's name (or the program's, for a bare `vriosim
 * [FILE]`) and returns the process exit code.
 */
#ifndef VRIOSIM_CLI_H
#define VRIOSIM_CLI_H

#include <stdio.h>

#define EXIT_INPUT 2   /* usage or input error */
#define EXIT_RUNTIME 1 /* a run that cannot be trusted, a file that cannot be written */

/* `vriosim [run] [FILE] [options]` (cmd_run.c). */
int cmd_run(int argc, char **argv);
/* The usage of every subcommand (main.c). */
void cli_usage(FILE *out);
/* `vriosim sweep | merge | plot` (cmd_sweep.c). */
int cmd_sweep(int argc, char **argv);
int cmd_merge(int argc, char **argv);
int cmd_plot(int argc, char **argv);
/* `vriosim capacity` (cmd_capacity.c). */
int cmd_capacity(int argc, char **argv);
/* `vriosim dynamic` (cmd_dynamic.c). */
int cmd_dynamic(int argc, char **argv);
/* `vriosim calibrate` (cmd_calibrate.c). */
int cmd_calibrate(int argc, char **argv);
/* `vriosim validate` (cmd_validate.c). */
int cmd_validate(int argc, char **argv);
int cmd_keys(int argc, char **argv);

#endif
