/*
 * emulator — layer 3: the simulator, given a profile fitted on this machine, against vrioemu's
 * measurements of configurations the fit did not see (validation/emulator/configs.csv; the
 * measurements are EMUDIR/<id>.csv, written by validation/run).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <gsl/gsl_sort.h>
#include <gsl/gsl_statistics_double.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "layers.h"

#define EMU_MAX_CONFIGS 64
#define EMU_MAX_REPS 9

/* One row of configs.csv: id,scenario,msg_bytes,vms,rate_rps,in_fit,emu_args. */
struct ecfg {
	char id[32];          /* its measurement: EMUDIR/<id>.csv */
	char scenario[64];    /* the simulator's mirror, in validation/emulator/ */
	int bytes;            /* message size */
	int vms;              /* guest queues */
	double rate;          /* total offered rate (0: as fast as the path allows) */
	int in_fit;           /* the calibration measured it: not a prediction */
};

/* The configurations (at most @max). Rows that do not parse are left out. -1 if unreadable. */
static int read_configs(const char *path, struct ecfg *e, int max)
{
	struct csvio_table t;
	char err[PATH_MAX + 64];
	if (csvio_read(path, &t, err, sizeof(err)))
		return -1;
	int c_id = csvio_column(&t, "id"), c_scn = csvio_column(&t, "scenario"),
	    c_bytes = csvio_column(&t, "msg_bytes"), c_vms = csvio_column(&t, "vms"),
	    c_rate = csvio_column(&t, "rate_rps"), c_fit = csvio_column(&t, "in_fit");
	int n = 0;
	for (int r = 1; r < t.n_rows && n < max; r++) {
		char **f = t.rows[r], *end;
		if (c_id < 0 || c_scn < 0 || c_bytes < 0 || c_vms < 0 || c_rate < 0 || c_fit < 0 ||
		    t.n_fields[r] < 6)
			continue;
		struct ecfg *c = &e[n];
		snprintf(c->id, sizeof(c->id), "%s", f[c_id]);
		snprintf(c->scenario, sizeof(c->scenario), "%s", f[c_scn]);
		c->bytes = (int)strtol(f[c_bytes], &end, 10);
		if (end == f[c_bytes])
			continue;
		c->vms = (int)strtol(f[c_vms], &end, 10);
		if (end == f[c_vms])
			continue;
		c->rate = strtod(f[c_rate], &end);
		if (end == f[c_rate])
			continue;
		c->in_fit = (int)strtol(f[c_fit], &end, 10);
		if (end == f[c_fit])
			continue;
		n++;
	}
	csvio_free(&t);
	return n;
}

/* A configuration's measurement: ID.csv, and when validation/run repeated it, ID.rep2.csv ...
 * ID.repN.csv. Every metric is then the median over the repetitions (this machine is noisy:
 * one run can be 40% off its neighbours). */
struct emeas {
	struct csvio_table rep[EMU_MAX_REPS]; /* rep[0]: ID.csv */
	int n;                                /* repetitions read */
};

static int read_meas(const char *dir, const char *id, struct emeas *m)
{
	char p[PATH_MAX * 2], err[PATH_MAX * 2 + 64];
	m->n = 0;
	snprintf(p, sizeof(p), "%s/%s.csv", dir, id);
	if (csvio_read(p, &m->rep[0], err, sizeof(err)))
		return -1;
	m->n = 1;
	for (int r = 2; r <= EMU_MAX_REPS; r++) {
		snprintf(p, sizeof(p), "%s/%s.rep%d.csv", dir, id, r);
		if (access(p, R_OK))
			break;
		if (csvio_read(p, &m->rep[m->n], err, sizeof(err)))
			continue; /* a broken repetition is left out, not averaged in */
		m->n++;
	}
	return 0;
}

static void meas_free(struct emeas *m)
{
	for (int i = 0; i < m->n; i++)
		csvio_free(&m->rep[i]);
	m->n = 0;
}

/* The median of @metric over the repetitions that have it (NAN if the first has not). */
static double meas_value(const struct emeas *m, const char *metric)
{
	double x[EMU_MAX_REPS];
	int k = 0;
	x[k++] = csvio_tidy_value(&m->rep[0], NULL, metric);
	if (isnan(x[0]))
		return NAN;
	for (int r = 1; r < m->n; r++) {
		double v = csvio_tidy_value(&m->rep[r], NULL, metric);
		if (!isnan(v))
			x[k++] = v;
	}
	gsl_sort(x, 1, (size_t)k);
	return gsl_stats_median_from_sorted_data(x, 1, (size_t)k);
}

/* The profile's cycles are at the measured machine's clock: simulate that clock. */
static double profile_ghz(const char *profile)
{
	double ghz = 0;
	FILE *pf = fopen(profile, "r");
	char pl[512];
	while (pf && fgets(pl, sizeof(pl), pf))
		if (sscanf(pl, "cpu_ghz = %lf", &ghz) == 1)
			break;
	if (pf)
		fclose(pf);
	return ghz > 0 ? ghz : 3.0;
}

/* Simulate configuration @c and compare it with its measurement. */
static void check_config(struct vctx *x, const struct ecfg *c, const char *emudir,
			 const char *profile, double ghz, FILE *dat)
{
	char name[96];
	struct emeas ev;
	if (read_meas(emudir, c->id, &ev)) {
		snprintf(name, sizeof(name), "%s (emulator run missing)", c->id);
		check_skip(&x->checks, "emulator", name, "no measurement: vrioemu could not run");
		return;
	}
	char s1[PATH_MAX + 32], s2[64], s3[64], s4[64], s5[64], s6[64], rel[128], tag[64];
	snprintf(s1, sizeof(s1), "costs.profile=%s", profile);
	snprintf(s2, sizeof(s2), "workload.msg_bytes=%d", c->bytes);
	snprintf(s3, sizeof(s3), "rack.vms_per_vmhost=%d", c->vms);
	if (c->rate > 0)
		snprintf(s4, sizeof(s4), "workload.rate_rps=%.6g", c->rate / c->vms);
	else
		snprintf(s4, sizeof(s4), "workload.rate_rps=0");
	snprintf(s5, sizeof(s5), "rack.cores_per_vmhost=%d", c->vms + 1);
	snprintf(s6, sizeof(s6), "rack.cpu_ghz=%.4f", ghz);
	snprintf(rel, sizeof(rel), "validation/emulator/%s", c->scenario);
	snprintf(tag, sizeof(tag), "emu-%s", c->id);
	const char *sets[] = { s1, s2, s3, s4, s5, s6, NULL };
	struct csvio_table sv;
	if (vctx_sim_run(x, rel, tag, sets, &sv)) {
		meas_free(&ev);
		return;
	}
	double et = meas_value(&ev, "throughput_rps"), st = csvio_tidy_value(&sv, NULL, "throughput_rps");
	double el = meas_value(&ev, "latency_p50_us"), sl = csvio_tidy_value(&sv, NULL, "latency_p50_us");
	bool busy = meas_value(&ev, "machine_busy") > 0;
	const char *layer = c->in_fit ? "emu-fit" : "emulator";
	char note[200];
	snprintf(note, sizeof(note), "%s; emulator: median of %d run%s%s",
		 c->in_fit ? "IN the fit (not a prediction)" : "prediction", ev.n, ev.n > 1 ? "s" : "",
		 busy ? "; emulator flagged the machine busy" : "");
	snprintf(name, sizeof(name), "%s throughput", c->id);
	check_rel(&x->checks, layer, name, st, et, 0.10, "1/s", note);
	snprintf(name, sizeof(name), "%s p50 latency", c->id);
	check_rel(&x->checks, layer, name, sl, el, 0.20, "us", note);
	fprintf(dat, "\"%s\" %d %.4f %.4f %.4f %.4f %d\n", c->id, c->bytes, et, st, el, sl, c->in_fit);
	check_conservation(&x->checks, tag, &sv);
	csvio_free(&sv);
	meas_free(&ev);
}

void layer_emulator(struct vctx *x, const char *emudir, const char *profile, FILE *dat)
{
	char cfgpath[PATH_MAX * 2];
	snprintf(cfgpath, sizeof(cfgpath), "%s/validation/emulator/configs.csv", x->src);
	struct ecfg cf[EMU_MAX_CONFIGS];
	int n = read_configs(cfgpath, cf, EMU_MAX_CONFIGS);
	if (n <= 0) {
		check_skip(&x->checks, "emulator", "simulator vs emulator",
			   "validation/emulator/configs.csv missing");
		return;
	}
	if (!emudir || !profile) {
		check_skip(&x->checks, "emulator", "simulator vs emulator",
			   "no emulator measurements given (--emu DIR --profile FILE; validation/run "
			   "makes them, as root)");
		return;
	}
	double ghz = profile_ghz(profile);
	for (int i = 0; i < n; i++)
		check_config(x, &cf[i], emudir, profile, ghz, dat);
}
