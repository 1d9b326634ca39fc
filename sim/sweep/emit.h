/*
 * emit — `vriosim sweep --emit-jobs FILE`: the sweep's points as shell commands, one a line,
 * for GNU parallel, a Slurm array or xargs. Each line is `vriosim sweep ... --job N` with every
 * path absolute and every axis spelled out, so it runs from any directory on any machine that
 * sees the same files; `vriosim merge DIR` then assembles sweep.csv (merge.h).
 */
#ifndef VRIOSIM_EMIT_H
#define VRIOSIM_EMIT_H

#include <stddef.h>
#include <stdio.h>

#include "plan.h"

/* Write the commands to @path (atomically) and the plan into spec->dir. 0, or -1 with @err. */
int sweep_emit_jobs(const struct sweep_plan *plan, const struct sweep_spec *spec, const char *path,
		    char *err, size_t errn);

/* What a job's line holds between its axes and its `-o DIR -q --job N` (its own options). */
typedef void sweep_emit_tail_fn(FILE *f, void *ctx, int job);
/* Write @n lines `EXE SUB ['FILE'] [--set 'k=v']... [--axis 'k=v,...']... <tail> -o 'DIR' -q
 * --job I` to @path (atomically), every path absolute: the file when spec->file is set, the
 * sets of @spec, the axes of @plan. spec->dir must exist (the caller wrote its plan there).
 * 0, or -1 with @err. */
int sweep_emit_list(const struct sweep_spec *spec, const struct sweep_plan *plan, const char *sub,
		    int n, sweep_emit_tail_fn *tail, void *ctx, const char *path, char *err,
		    size_t errn);

/* @s for a POSIX shell: inside single quotes (put: without the quotes themselves). */
void sweep_shell_put(FILE *f, const char *s);
void sweep_shell_word(FILE *f, const char *s);

#endif
