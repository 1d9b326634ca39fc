/*
 * emit — a sweep as jobs for other runners: one self-contained shell command per point.
 */
#define _GNU_SOURCE
#include "emit.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "fsutil.h"

/* @s inside POSIX shell single quotes: the only character that needs care is ' itself. */
void sweep_shell_put(FILE *f, const char *s)
{
	for (; *s; s++) {
		if (*s == '\'')
			fputs("'\\''", f);
		else
			fputc(*s, f);
	}
}

void sweep_shell_word(FILE *f, const char *s)
{
	fputc('\'', f);
	sweep_shell_put(f, s);
	fputc('\'', f);
}

/* What every line holds. */
struct emit_ctx {
	const struct sweep_plan *plan;  /* the points */
	const struct sweep_spec *spec;  /* the sets */
	const char *exe;                /* this binary, absolute */
	const char *file;               /* the scenario, absolute (unused without spec->file) */
	const char *dir;                /* the output directory, absolute */
};

static int fill_jobs(FILE *f, void *ctx)
{
	const struct emit_ctx *c = ctx;
	const struct sweep_plan *plan = c->plan;
	for (int p = 0; p < plan->n_points; p++) {
		/* Every path absolute and every axis spelled out: the line runs from any directory,
		 * on any machine that sees the same files. */
		sweep_shell_word(f, c->exe);
		fputs(" sweep", f);
		if (c->spec->file) {
			fputc(' ', f);
			sweep_shell_word(f, c->file);
		}
		for (int i = 0; i < c->spec->n_sets; i++) {
			fputs(" --set ", f);
			sweep_shell_word(f, c->spec->sets[i]);
		}
		for (int a = 0; a < plan->n_axes; a++) {
			const struct scn_axis *ax = &plan->axes[a];
			const char *sep = ",";
			for (int i = 0; i < ax->n; i++)
				if (strchr(ax->values[i], ','))
					sep = "|"; /* list values: keep them whole */
			fputs(" --axis '", f);
			sweep_shell_put(f, ax->key);
			fputc('=', f);
			for (int i = 0; i < ax->n; i++) {
				fputs(i ? sep : "", f);
				sweep_shell_put(f, ax->values[i]);
			}
			fputc('\'', f);
		}
		fputs(" -o ", f);
		sweep_shell_word(f, c->dir);
		fprintf(f, "%s -q --job %d\n", c->spec->force_runs ? " --force-runs" : "", p);
	}
	return ferror(f) ? -1 : 0;
}

int sweep_emit_jobs(const struct sweep_plan *plan, const struct sweep_spec *spec, const char *path,
		    char *err, size_t errn)
{
	char exe[PATH_MAX], file[PATH_MAX], dir[PATH_MAX];
	ssize_t k = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
	if (k < 0) {
		snprintf(err, errn, "/proc/self/exe: %s", strerror(errno));
		return -1;
	}
	exe[k] = 0;
	if (spec->file && !realpath(spec->file, file)) {
		snprintf(err, errn, "%s: %s", spec->file, strerror(errno));
		return -1;
	}
	if (sweep_plan_write(plan, spec->dir, err, errn))
		return -1;
	if (!realpath(spec->dir, dir)) {
		snprintf(err, errn, "-o %s: %s", spec->dir, strerror(errno));
		return -1;
	}
	struct emit_ctx c = { plan, spec, exe, file, dir };
	if (fs_atomic_write(path, fill_jobs, &c)) {
		snprintf(err, errn, "--emit-jobs %s: %s", path, strerror(errno));
		return -1;
	}
	return 0;
}
