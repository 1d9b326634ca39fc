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

/* @s for a POSIX shell: inside single quotes (put: without the quotes themselves). */
void sweep_shell_put(FILE *f, const char *s);
void sweep_shell_word(FILE *f, const char *s);

#endif
