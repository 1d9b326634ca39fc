/*
 * validate — the layers in order, the plots, the report (see validate.h).
 */
#define _GNU_SOURCE
#include "validate.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "fsutil.h"
#include "layers.h"
#include "plot.h"
#include "report.h"
#include "spawn.h"

/* ======================= one simulation ======================= */

int vctx_sim_run(struct vctx *x, const char *rel, const char *tag, const char *const *sets,
		 struct csvio_table *t)
{
	char file[PATH_MAX], dir[PATH_MAX * 2];
	snprintf(file, sizeof(file), "%s/%s", x->src, rel);
	snprintf(dir, sizeof(dir), "%s/%s", x->work, tag);
	const char *argv[80];
	int n = 0;
	argv[n++] = x->self;
	argv[n++] = "run";
	argv[n++] = file;
	for (int i = 0; sets && sets[i] && n < 70; i++) {
		argv[n++] = "--set";
		argv[n++] = sets[i];
	}
	argv[n++] = "-o";
	argv[n++] = dir;
	argv[n++] = "-q";
	argv[n++] = "--no-plot";
	argv[n] = NULL;
	x->runs++;
	struct spawn_opts o = { .argv = argv };
	struct spawn_status st;
	int rc = spawn_run(&o, &st);
	if (rc) {
		fprintf(stderr, "vriosim validate: run %s (%s): cannot start (%s)\n", tag, rel,
			strerror(-rc));
		x->failed_runs++;
		return -1;
	}
	char sum[PATH_MAX * 2 + 16], err[PATH_MAX * 2 + 64];
	snprintf(sum, sizeof(sum), "%s/summary.csv", dir);
	if (!spawn_succeeded(&st) || csvio_read(sum, t, err, sizeof(err))) {
		fprintf(stderr, "vriosim validate: run %s (%s) failed (status %d)\n", tag, rel,
			st.exited ? st.code : -1);
		x->failed_runs++;
		return -1;
	}
	return 0;
}

/* ======================= the layers ======================= */

static const char *const layer_names[] = { "analytic", "claims", "emulator", "determinism",
					    "capacity", NULL };

bool validate_layer_known(const char *name)
{
	for (int i = 0; layer_names[i]; i++)
		if (!strcmp(name, layer_names[i]))
			return true;
	return false;
}

/* Does this validation run layer @name? */
static bool runs_layer(const struct validate_opts *o, const char *name)
{
	if (o->paper)
		return !strcmp(name, "claims");
	if (o->only)
		return !strcmp(o->only, name);
	return !o->fast || !strcmp(name, "analytic") || !strcmp(name, "determinism");
}

int vctx_capacity_run(struct vctx *x, const char *rel, const char *tag, const char *slo,
		      const char *const *args, struct csvio_table *t)
{
	char file[PATH_MAX], dir[PATH_MAX * 2], jobs[16];
	snprintf(file, sizeof(file), "%s/%s", x->src, rel);
	snprintf(dir, sizeof(dir), "%s/%s", x->work, tag);
	long ncpu = sysconf(_SC_NPROCESSORS_ONLN);
	snprintf(jobs, sizeof(jobs), "%ld", ncpu > 0 ? ncpu : 1);
	const char *argv[80];
	int n = 0;
	argv[n++] = x->self;
	argv[n++] = "capacity";
	argv[n++] = file;
	argv[n++] = "--slo";
	argv[n++] = slo;
	for (int i = 0; args && args[i] && n < 70; i++)
		argv[n++] = args[i];
	argv[n++] = "-j";
	argv[n++] = jobs;
	argv[n++] = "-o";
	argv[n++] = dir;
	argv[n++] = "-q";
	argv[n++] = "--no-plot";
	argv[n] = NULL;
	x->runs++;
	struct spawn_opts o = { .argv = argv };
	struct spawn_status st;
	int rc = spawn_run(&o, &st);
	char path[PATH_MAX * 2 + 16], err[PATH_MAX * 2 + 64];
	snprintf(path, sizeof(path), "%s/capacity.csv", dir);
	if (rc || !spawn_succeeded(&st) || csvio_read(path, t, err, sizeof(err))) {
		fprintf(stderr, "vriosim validate: capacity %s (%s) failed (status %d)\n", tag, rel,
			st.exited ? st.code : -1);
		x->failed_runs++;
		return -1;
	}
	return 0;
}

/* Render validation/@script from @dat into OUT/@png (quietly). */
static bool plot(const struct vctx *x, const char *script, const char *dat, const char *png)
{
	char gp[PATH_MAX * 2], out[PATH_MAX * 2], expr[PATH_MAX * 5], err[PATH_MAX * 2];
	snprintf(gp, sizeof(gp), "%s/validation/%s", x->src, script);
	snprintf(out, sizeof(out), "%s/%s", x->out, png);
	snprintf(expr, sizeof(expr), "in='%s'; out='%s'", dat, out);
	return !plot_gnuplot(gp, expr, true, err, sizeof(err));
}

int validate_run(const struct validate_opts *o)
{
	struct vctx x;
	memset(&x, 0, sizeof(x));
	snprintf(x.self, sizeof(x.self), "%s", o->self);
	snprintf(x.src, sizeof(x.src), "%s", o->src);
	snprintf(x.out, sizeof(x.out), "%s", o->out);
	snprintf(x.work, sizeof(x.work), "%s/runs", x.out);
	x.fast = o->fast;
	if (o->paper)
		snprintf(x.paper, sizeof(x.paper), "%s", o->paper);
	if (fs_mkdir_p(x.work)) {
		fprintf(stderr, "vriosim validate: %s: cannot create (%s)\n", x.work, strerror(errno));
		return 1;
	}

	int rc = 1;
	char adat[PATH_MAX * 2], edat[PATH_MAX * 2], err[PATH_MAX * 3];
	snprintf(adat, sizeof(adat), "%s/runs/analytic.dat", x.out);
	snprintf(edat, sizeof(edat), "%s/runs/emulator.dat", x.out);
	FILE *af = fopen(adat, "w"), *ef = fopen(edat, "w");
	if (!af || !ef) {
		fprintf(stderr, "vriosim validate: cannot write in %s/runs\n", x.out);
		goto out;
	}
	fprintf(af, "# scenario theory_mean sim_mean ci_lo ci_hi theory_p99 sim_p99 (us)\n");
	fprintf(ef, "# id bytes emu_rps sim_rps emu_p50 sim_p50 in_fit\n");
	if (runs_layer(o, "analytic")) {
		fprintf(stderr, "vriosim validate: layer 1 (analytic)\n");
		layer_analytic(&x, af);
	}
	if (runs_layer(o, "claims")) {
		fprintf(stderr, "vriosim validate: layer 2 (published claims)\n");
		layer_claims(&x);
	}
	if (runs_layer(o, "emulator")) {
		fprintf(stderr, "vriosim validate: layer 3 (emulator)\n");
		layer_emulator(&x, o->emu, o->profile, ef);
	}
	if (runs_layer(o, "determinism")) {
		fprintf(stderr, "vriosim validate: layer 4 (determinism)\n");
		layer_determinism(&x);
	}
	if (runs_layer(o, "capacity")) {
		fprintf(stderr, "vriosim validate: layer 5 (capacity against queueing theory)\n");
		layer_capacity(&x);
	}
	long ea = ftell(ef);
	fclose(af);
	fclose(ef);
	af = ef = NULL;

	struct report_info r = { .profile = o->profile, .emudir = o->emu, .fast = o->fast };
	r.plot_analytic = runs_layer(o, "analytic") && plot(&x, "analytic.gp", adat, "analytic.png");
	r.plot_emulator = ea > 60 && plot(&x, "emulator.gp", edat, "emulator.png");
	report_count(&x.checks, &r);
	if (report_write(x.out, &x.checks, &r, err, sizeof(err))) {
		fprintf(stderr, "vriosim validate: %s\n", err);
		goto out;
	}
	char path[PATH_MAX * 2];
	snprintf(path, sizeof(path), "%s/report.md", x.out);
	report_list(stdout, &x.checks, &r, path);
	if (x.checks.lost)
		fprintf(stderr, "vriosim validate: %d checks lost (no memory to keep them)\n",
			x.checks.lost);
	/* A failure on record (a claim the model does not meet, with its reason) is reported as a
	 * failure but does not fail the command; any outcome other than the record does. */
	rc = r.unexpected || x.failed_runs || x.checks.lost ? 1 : 0;
out:
	if (af)
		fclose(af);
	if (ef)
		fclose(ef);
	vchecks_free(&x.checks);
	return rc;
}
