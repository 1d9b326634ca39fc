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

/* What the list's writer holds. */
struct emit_list {
	const struct sweep_spec *spec;
	const struct sweep_plan *plan;
	const char *sub;                /* the subcommand */
	int n;                          /* lines */
	sweep_emit_tail_fn *tail;       /* each line's end */
	void *ctx;
	char exe[PATH_MAX];             /* this binary, absolute */
	char file[PATH_MAX];            /* the scenario, absolute (unused without spec->file) */
	char dir[PATH_MAX];             /* the output directory, absolute */
};

static int fill_list(FILE *f, void *ctx)
{
	const struct emit_list *l = ctx;
	for (int i = 0; i < l->n; i++) {
		/* Every path absolute and every axis spelled out: the line runs from any directory,
		 * on any machine that sees the same files. */
		sweep_shell_word(f, l->exe);
		fprintf(f, " %s", l->sub);
		if (l->spec->file) {
			fputc(' ', f);
			sweep_shell_word(f, l->file);
		}
		for (int k = 0; k < l->spec->n_sets; k++) {
			fputs(" --set ", f);
			sweep_shell_word(f, l->spec->sets[k]);
		}
		for (int a = 0; a < l->plan->n_axes; a++) {
			char *axis = scenario_axis_text(&l->plan->axes[a]);
			if (!axis)
				return -1;
			fputs(" --axis ", f);
			sweep_shell_word(f, axis);
			free(axis);
		}
		l->tail(f, l->ctx, i);
		fputs(" -o ", f);
		sweep_shell_word(f, l->dir);
		fprintf(f, " -q --job %d\n", i);
	}
	return ferror(f) ? -1 : 0;
}

int sweep_emit_list(const struct sweep_spec *spec, const struct sweep_plan *plan, const char *sub,
		    int n, sweep_emit_tail_fn *tail, void *ctx, const char *path, char *err,
		    size_t errn)
{
	struct emit_list *l = calloc(1, sizeof(*l));
	if (!l) {
		snprintf(err, errn, "--emit-jobs %s: %s", path, strerror(errno));
		return -1;
	}
	*l = (struct emit_list){ .spec = spec, .plan = plan, .sub = sub, .n = n, .tail = tail,
				 .ctx = ctx };
	int rc = -1;
	ssize_t k = readlink("/proc/self/exe", l->exe, sizeof(l->exe) - 1);
	if (k < 0)
		snprintf(err, errn, "/proc/self/exe: %s", strerror(errno));
	else if (l->exe[k] = 0, spec->file && !realpath(spec->file, l->file))
		snprintf(err, errn, "%s: %s", spec->file, strerror(errno));
	else if (!realpath(spec->dir, l->dir))
		snprintf(err, errn, "-o %s: %s", spec->dir, strerror(errno));
	else if (fs_atomic_write(path, fill_list, l))
		snprintf(err, errn, "--emit-jobs %s: %s", path, strerror(errno));
	else
		rc = 0;
	free(l);
	return rc;
}

/* A sweep point's line ends with --force-runs when the sweep has it. */
static void sweep_tail(FILE *f, void *ctx, int point)
{
	(void)point;
	const struct sweep_spec *spec = ctx;
	if (spec->force_runs)
		fputs(" --force-runs", f);
}

int sweep_emit_jobs(const struct sweep_plan *plan, const struct sweep_spec *spec, const char *path,
		    char *err, size_t errn)
{
	if (sweep_plan_write(plan, spec->dir, err, errn))
		return -1;
	return sweep_emit_list(spec, plan, "sweep", plan->n_points, sweep_tail, (void *)spec, path,
			       err, errn);
}
