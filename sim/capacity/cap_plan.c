/*
 * cap_plan — the SLO, the jobs of a capacity run, their scenarios and stamps, their files.
 */
#define _GNU_SOURCE
#include "capacity.h"

#include <errno.h>
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "csvio.h"
#include "emit.h"
#include "fsutil.h"
#include "sweepdir.h"
#include "version.h"

/* ======================= the SLO ======================= */

int cap_slo_parse(const char *text, struct cap_slo *slo, char *err, size_t errn)
{
	static const struct {
		const char *stat, *metric;
	} stats[] = { { "p50", "latency_p50_us" }, { "p99", "latency_p99_us" },
		      { "p999", "latency_p999_us" }, { "mean", "latency_mean_us" } };
	memset(slo, 0, sizeof(*slo));
	const char *eq = strchr(text, '=');
	int k = -1;
	for (int i = 0; eq && i < 4; i++)
		if ((size_t)(eq - text) == strlen(stats[i].stat) &&
		    !strncasecmp(text, stats[i].stat, (size_t)(eq - text)))
			k = i;
	char *end;
	double v = eq ? strtod(eq + 1, &end) : NAN;
	double scale = 0;
	if (eq && end != eq + 1) {
		if (!strcasecmp(end, "us") || !strcmp(end, "µs"))
			scale = 1;
		else if (!strcasecmp(end, "ms"))
			scale = 1e3;
	}
	if (k < 0 || !(scale > 0) || !isfinite(v) || v <= 0) {
		snprintf(err, errn, "--slo %s: expected STAT=VALUEus or STAT=VALUEms, STAT one of p50, "
				    "p99, p999, mean (e.g. --slo p99=200us)", text);
		return -1;
	}
	snprintf(slo->stat, sizeof(slo->stat), "%s", stats[k].stat);
	snprintf(slo->metric, sizeof(slo->metric), "%s", stats[k].metric);
	slo->us = v * scale;
	/* Normalised in us, the shortest form that reads back: the stamp and the jobs' commands. */
	for (int prec = 6; prec <= 17; prec++) {
		snprintf(slo->text, sizeof(slo->text), "%s=%.*gus", slo->stat, prec, slo->us);
		if (strtod(slo->text + strlen(slo->stat) + 1, NULL) == slo->us)
			break;
	}
	return 0;
}

/* ======================= jobs ======================= */

/* Make @s's workload an open loop at a rate: request-response becomes `open`, sends become
 * `pktgen`. 0 (with @note saying what changed, or "" when nothing did), or -1 with @err. */
static int open_loop(struct scenario *s, char *note, size_t noten, char *err, size_t errn)
{
	const char *kind = vs_vocab_name(VS_VOCAB_WORKLOAD, s->p.workload), *to = NULL;
	note[0] = 0;
	if (!strcmp(kind, "open") || !strcmp(kind, "pktgen"))
		return 0;
	if (!strcmp(kind, "rr") || !strcmp(kind, "udp_rr") || !strcmp(kind, "tcp_rr"))
		to = "open";
	else if (!strcmp(kind, "stream") || !strcmp(kind, "tcp_stream"))
		to = "pktgen";
	if (!to) {
		snprintf(err, errn, "workload.kind = %s: %s", kind,
			 !strcmp(kind, "block")
				 ? "block I/O is a closed loop (workload.outstanding per queue) with no "
				   "open-loop form, so it has no offered rate to raise; sweep "
				   "workload.outstanding with vriosim sweep instead"
			 : !strcmp(kind, "trace")
				 ? "a trace fixes its own arrival times, so it has no offered rate to "
				   "raise; capacity needs workload.kind open, pktgen, or a request-response "
				   "or stream workload (made open-loop)"
				 : "no open-loop form known");
		return -1;
	}
	char asg[64], serr[SCN_ERR_MAX];
	snprintf(asg, sizeof(asg), "workload.kind=%s", to);
	if (scenario_set(s, asg, serr)) {
		snprintf(err, errn, "%s", serr);
		return -1;
	}
	snprintf(note, noten, "workload.kind = %s made open-loop: %s, Poisson arrivals at "
			      "workload.rate_rps per queue%s", kind, to,
		 strstr(kind, "tcp") ? " (UDP-like: the TCP transport is not kept)" : "");
	return 0;
}

int cap_job_scenario(const struct cap_plan *cp, const struct cap_spec *spec,
		     const struct cap_job *j, struct scenario *s, char *err, size_t errn)
{
	char note[256], serr[SCN_ERR_MAX], asg[96];
	if (sweep_point_scenario(&cp->sweep, &spec->sweep, &cp->sweep.points[j->point], s, err, errn))
		return -1;
	snprintf(asg, sizeof(asg), "model.kind=%s", vs_model_name(j->model));
	if (scenario_set(s, asg, serr)) {
		snprintf(err, errn, "%s", serr);
		return -1;
	}
	return open_loop(s, note, sizeof(note), err, errn);
}

/* The job's stamp: the point's resolved scenario with its model and open loop, and the search's
 * own inputs. NULL with errno. */
static char *job_stamp(const struct scenario *s, const struct cap_spec *spec)
{
	char *base = sweepdir_stamp(s), *out = NULL;
	if (!base)
		return NULL;
	if (asprintf(&out, "%scapacity.slo=%s\ncapacity.precision=%.17g\ncapacity.start=%.17g\n"
			   "capacity.max=%.17g\n",
		     base, spec->slo.text, spec->precision, spec->start, spec->max) < 0)
		out = NULL;
	free(base);
	return out;
}

/* The jobs of point @p (its models, from its scenario) appended to @cp. 0, or -1 with @err. */
static int plan_point(struct cap_plan *cp, const struct cap_spec *spec, int p, struct scenario *s,
		      char *err, size_t errn)
{
	int rc = -1;
	const struct sweep_point *pt = &cp->sweep.points[p];
	if (sweep_point_scenario(&cp->sweep, &spec->sweep, pt, s, err, errn))
		goto out;
	int models[VS_MAX_MODELS], n = s->n_models;
	memcpy(models, s->models, sizeof(models));
	scenario_free(s);
	struct cap_job *grown = realloc(cp->jobs, (size_t)(cp->n_jobs + n) * sizeof(*grown));
	if (!grown) {
		snprintf(err, errn, "no memory for %d jobs", cp->n_jobs + n);
		goto out;
	}
	cp->jobs = grown;
	for (int m = 0; m < n; m++) {
		struct cap_job *j = &cp->jobs[cp->n_jobs];
		memset(j, 0, sizeof(*j));
		j->index = cp->n_jobs;
		j->point = p;
		j->model = models[m];
		snprintf(j->name, sizeof(j->name), "%s/%s", pt->name, vs_model_name(models[m]));
		cp->n_jobs++;
		char serr[SCN_ERR_MAX];
		if (cap_job_scenario(cp, spec, j, s, err, errn))
			goto out;
		if (pt->invalid[0])
			snprintf(j->invalid, sizeof(j->invalid), "%s", pt->invalid);
		else if (scenario_check(s, serr))
			snprintf(j->invalid, sizeof(j->invalid), "%s", serr);
		if (!(j->stamp = job_stamp(s, spec))) {
			snprintf(err, errn, "job %s: cannot make its stamp (%s)", j->name, strerror(errno));
			goto out;
		}
		j->stamp_hash = sweepdir_hash(j->stamp);
		scenario_free(s);
	}
	rc = 0;
out:
	scenario_free(s);
	return rc;
}

/* The search sets workload.rate_rps itself: an axis of several rates is refused; the file's
 * own axis on it (a latency-vs-load sweep) is replaced by one value, the scenario's rate (the
 * search's start). 0 (@sw possibly with that axis added, @buf holding it), or -1 with @err. */
static int rate_axis(struct sweep_spec *sw, struct scenario *s, char *buf, size_t n, char *err,
		     size_t errn)
{
	static const char key[] = "workload.rate_rps";
	for (int a = 0; a < sw->n_cli_axes; a++)
		if (!strncmp(sw->cli_axes[a], key, sizeof(key) - 1) && sw->cli_axes[a][sizeof(key) - 1] == '=') {
			if (strpbrk(sw->cli_axes[a] + sizeof(key), ",|")) {
				snprintf(err, errn, "--axis %s: the offered rate is what capacity searches; "
						    "give one rate (the start) or none", sw->cli_axes[a]);
				return -1;
			}
			return 0;
		}
	char serr[SCN_ERR_MAX];
	if (scenario_load(s, sw->file, serr)) {
		snprintf(err, errn, "%s", serr);
		return -1;
	}
	bool has = false;
	for (int a = 0; a < s->n_axes; a++)
		has |= !strcmp(s->axes[a].key, key);
	if (has && sw->n_cli_axes < SCN_MAX_AXES) {
		snprintf(buf, n, "%s=%.17g", key, s->p.rate_rps);
		sw->cli_axes[sw->n_cli_axes++] = buf;
	}
	scenario_free(s);
	return 0;
}

int cap_plan_build(struct cap_plan *cp, const struct cap_spec *spec, char *err, size_t errn)
{
	memset(cp, 0, sizeof(*cp));
	struct scenario *s = calloc(1, sizeof(*s));
	struct sweep_spec sw = spec->sweep;
	char rate[96];
	if (!s) {
		snprintf(err, errn, "no memory for a scenario");
		return -1;
	}
	if (rate_axis(&sw, s, rate, sizeof(rate), err, errn) ||
	    sweep_plan_build(&cp->sweep, &sw, err, errn)) {
		free(s);
		return -1;
	}
	/* The note: what the first point's workload was, and what the search runs instead. */
	if (sweep_point_scenario(&cp->sweep, &spec->sweep, &cp->sweep.points[0], s, err, errn) ||
	    open_loop(s, cp->note, sizeof(cp->note), err, errn))
		goto fail;
	scenario_free(s);
	for (int p = 0; p < cp->sweep.n_points; p++)
		if (plan_point(cp, spec, p, s, err, errn))
			goto fail;
	free(s);
	return 0;
fail:
	if (s)
		scenario_free(s);
	free(s);
	cap_plan_free(cp);
	return -1;
}

void cap_plan_free(struct cap_plan *cp)
{
	for (int i = 0; i < cp->n_jobs; i++)
		free(cp->jobs[i].stamp);
	free(cp->jobs);
	sweep_plan_free(&cp->sweep);
	memset(cp, 0, sizeof(*cp));
}

/* ======================= files ======================= */

static int fill_plan(FILE *f, void *ctx)
{
	const struct cap_plan *cp = ctx;
	const struct sweep_plan *sp = &cp->sweep;
	fprintf(f, "# %s\n", version_string());
	static const char *const cols[] = { "job", "point", "model", "dir", "stamp" };
	for (int i = 0; i < 5; i++)
		csvio_put_quoted(f, cols[i], i == 4 && sp->n_axes == 0);
	for (int a = 0; a < sp->n_axes; a++)
		csvio_put_quoted(f, sp->axes[a].key, a == sp->n_axes - 1);
	for (int i = 0; i < cp->n_jobs; i++) {
		const struct cap_job *j = &cp->jobs[i];
		char idx[16], pt[16], h[32];
		snprintf(idx, sizeof(idx), "%d", j->index);
		snprintf(pt, sizeof(pt), "%d", j->point);
		snprintf(h, sizeof(h), "%016llx", (unsigned long long)j->stamp_hash);
		csvio_put_quoted(f, idx, false);
		csvio_put_quoted(f, pt, false);
		csvio_put_quoted(f, vs_model_name(j->model), false);
		csvio_put_quoted(f, j->name, false);
		csvio_put_quoted(f, h, sp->n_axes == 0);
		for (int a = 0; a < sp->n_axes; a++)
			csvio_put_quoted(f, sp->points[j->point].values[a], a == sp->n_axes - 1);
	}
	return ferror(f) ? -1 : 0;
}

int cap_plan_write(const struct cap_plan *cp, const char *dir, char *err, size_t errn)
{
	char path[PATH_MAX];
	snprintf(path, sizeof(path), "%s/runs", dir);
	if (fs_mkdir_p(path)) {
		snprintf(err, errn, "-o %s: cannot create the directory (%s)", dir, strerror(errno));
		return -1;
	}
	snprintf(path, sizeof(path), "%s/%s", dir, CAP_PLAN);
	if (fs_atomic_write(path, fill_plan, (void *)cp)) {
		snprintf(err, errn, "%s: cannot write (%s)", path, strerror(errno));
		return -1;
	}
	return 0;
}

/* A capacity job's own options. */
static void cap_tail(FILE *f, void *ctx, int job)
{
	(void)job;
	const struct cap_spec *spec = ctx;
	fputs(" --slo ", f);
	sweep_shell_word(f, spec->slo.text);
	fprintf(f, " --precision %.17g --start %.17g --max %.17g", spec->precision, spec->start,
		spec->max);
}

int cap_emit_jobs(const struct cap_plan *cp, const struct cap_spec *spec, const char *path,
		  char *err, size_t errn)
{
	if (cap_plan_write(cp, spec->sweep.dir, err, errn))
		return -1;
	return sweep_emit_list(&spec->sweep, &cp->sweep, "capacity", cp->n_jobs, cap_tail,
			       (void *)spec, path, err, errn);
}
