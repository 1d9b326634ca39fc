/* validate — see validate.h. */
#define _GNU_SOURCE
#include "validate.h"

#include <csv.h>
#include <errno.h>
#include <getopt.h>
#include <gsl/gsl_cdf.h>
#include <gsl/gsl_sf_gamma.h>
#include <gsl/gsl_sort.h>
#include <gsl/gsl_statistics_double.h>
#include <limits.h>
#include <math.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "results.h"

/* ======================= closed forms ======================= */

double vq_mm1_mean(double lambda, double mu) { return 1.0 / (mu - lambda); }

double vq_mm1_quantile(double lambda, double mu, double q) { return -log1p(-q) / (mu - lambda); }

double vq_md1_mean(double lambda, double d)
{
	double rho = lambda * d;
	return d + rho * d / (2 * (1 - rho));
}

/* P(W <= t) for M/D/1 FCFS. The series alternates with terms up to e^{lambda t}; long double
 * keeps it exact enough for the quantiles we need (lambda t below ~30). */
static double md1_wait_cdf(double lambda, double d, double t)
{
	if (t < 0)
		return 0;
	long double rho = lambda * d, sum = 0;
	for (int k = 0; k <= (int)floor(t / d); k++) {
		long double x = lambda * (k * d - t); /* <= 0 */
		long double term = expl(-x);
		if (k)
			term *= powl(x, k) / expl(lgammal(k + 1));
		sum += term;
	}
	double p = (double)((1 - rho) * sum);
	return p < 0 ? 0 : p > 1 ? 1 : p;
}

/* The smallest t with cdf(t) >= q, by bisection on [lo, hi] (cdf non-decreasing). */
static double bisect(double (*cdf)(const double *a, double t), const double *a, double q,
		     double lo, double hi)
{
	while (cdf(a, hi) < q)
		hi *= 2;
	for (int i = 0; i < 200 && hi - lo > 1e-12 * hi; i++) {
		double m = 0.5 * (lo + hi);
		if (cdf(a, m) < q)
			lo = m;
		else
			hi = m;
	}
	return 0.5 * (lo + hi);
}

static double md1_sojourn_cdf(const double *a, double t) { return md1_wait_cdf(a[0], a[1], t - a[1]); }

double vq_md1_quantile(double lambda, double d, double q)
{
	double a[2] = { lambda, d };
	return bisect(md1_sojourn_cdf, a, q, d, 4 * d);
}

double vq_erlang_c(int c, double a)
{
	/* Through Erlang B's stable recursion: B(0) = 1, B(k) = a B / (k + a B); then
	 * C = c B / (c - a (1 - B)). */
	double b = 1;
	for (int k = 1; k <= c; k++)
		b = a * b / (k + a * b);
	return c * b / (c - a * (1 - b));
}

double vq_mmc_mean(double lambda, double mu, int c)
{
	return vq_erlang_c(c, lambda / mu) / (c * mu - lambda) + 1 / mu;
}

/* P(T <= t), T = W + S: with probability 1-C, T = S; else T is hypoexponential(theta, mu). */
static double mmc_sojourn_cdf(const double *a, double t)
{
	double mu = a[0], theta = a[1], C = a[2];
	double s_tail = exp(-mu * t), h_tail;
	if (fabs(theta - mu) < 1e-9 * mu)
		h_tail = exp(-mu * t) * (1 + mu * t); /* Erlang-2 */
	else
		h_tail = (theta * exp(-mu * t) - mu * exp(-theta * t)) / (theta - mu);
	return 1 - ((1 - C) * s_tail + C * h_tail);
}

double vq_mmc_quantile(double lambda, double mu, int c, double q)
{
	double a[3] = { mu, c * mu - lambda, vq_erlang_c(c, lambda / mu) };
	return bisect(mmc_sojourn_cdf, a, q, 0, 10 / mu);
}

/* ======================= running the simulator ======================= */

#define V_MAX_ROWS 4096
struct vrow {
	char model[32], metric[64];
	double value;
};
struct vres {
	int n;
	struct vrow r[V_MAX_ROWS];
	int field;
	struct vrow cur;
	bool header_seen;
	int cols;
	int col_model, col_metric, col_value; /* from the header: the emulator's CSV has no
					       * replication column, the simulator's has */
};

static void on_field(void *s, size_t len, void *ctx)
{
	struct vres *v = ctx;
	char buf[128];
	snprintf(buf, sizeof(buf), "%.*s", (int)(len < 127 ? len : 127), s ? (char *)s : "");
	if (!v->header_seen) {
		if (!strcmp(buf, "model"))
			v->col_model = v->field;
		else if (!strcmp(buf, "metric"))
			v->col_metric = v->field;
		else if (!strcmp(buf, "value"))
			v->col_value = v->field;
	} else if (v->field == v->col_model) {
		snprintf(v->cur.model, sizeof(v->cur.model), "%s", buf);
	} else if (v->field == v->col_metric) {
		snprintf(v->cur.metric, sizeof(v->cur.metric), "%s", buf);
	} else if (v->field == v->col_value) {
		v->cur.value = strtod(buf, NULL);
	}
	v->field++;
}

static void on_row(int c, void *ctx)
{
	(void)c;
	struct vres *v = ctx;
	if (v->header_seen && v->field > v->col_value && v->n < V_MAX_ROWS)
		v->r[v->n++] = v->cur;
	v->header_seen = true;
	v->field = 0;
}

static int read_summary(const char *path, struct vres *v)
{
	FILE *f = fopen(path, "r");
	if (!f)
		return -1;
	memset(v, 0, sizeof(*v));
	v->col_model = 2; /* run_id,scenario,model,seed,replication,metric,value,unit */
	v->col_metric = 5;
	v->col_value = 6;
	struct csv_parser p;
	csv_init(&p, CSV_APPEND_NULL);
	char line[4096];
	while (fgets(line, sizeof(line), f)) {
		if (line[0] == '#')
			continue;
		csv_parse(&p, line, strlen(line), on_field, on_row, v);
	}
	csv_fini(&p, on_field, on_row, v);
	csv_free(&p);
	fclose(f);
	return 0;
}

/* The value of @metric for @model (NULL: the first model), NAN when absent. */
static double vget(const struct vres *v, const char *model, const char *metric)
{
	for (int i = 0; i < v->n; i++)
		if ((!model || !strcmp(v->r[i].model, model)) && !strcmp(v->r[i].metric, metric))
			return v->r[i].value;
	return NAN;
}

struct vctx {
	char self[PATH_MAX];   /* this binary */
	char src[PATH_MAX];    /* the source tree (scenarios/, validation/) */
	char out[PATH_MAX];    /* report directory */
	char work[PATH_MAX];   /* run directories */
	bool fast;
	int runs, failed_runs;
};

/* Run `vriosim run SRC/@rel --set ... -o WORK/@tag` and read its summary. 0 or -1. */
static int sim_run(struct vctx *x, const char *rel, const char *tag, const char *const *sets,
		   struct vres *v)
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
	fflush(NULL);
	x->runs++;
	pid_t pid = fork();
	if (pid < 0)
		return -1;
	if (pid == 0) {
		execv(x->self, (char **)argv);
		_exit(127);
	}
	int st;
	while (waitpid(pid, &st, 0) < 0 && errno == EINTR)
		;
	char sum[PATH_MAX * 2 + 16];
	snprintf(sum, sizeof(sum), "%s/summary.csv", dir);
	if (!WIFEXITED(st) || WEXITSTATUS(st) || read_summary(sum, v)) {
		fprintf(stderr, "vriosim validate: run %s (%s) failed (status %d)\n", tag, rel,
			WIFEXITED(st) ? WEXITSTATUS(st) : -1);
		x->failed_runs++;
		return -1;
	}
	return 0;
}

/* ======================= checks ======================= */

#define V_MAX_CHECKS 128
struct vcheck {
	char layer[16], name[96];
	double measured, expected;  /* expected NAN: a range check */
	double lo, hi;              /* the bound on measured (or on the relative error) */
	char bound[64], unit[16], note[200];
	int status;                 /* 1 pass, 0 fail, -1 skipped */
};
static struct vcheck checks[V_MAX_CHECKS];
static int n_checks;

static struct vcheck *add(const char *layer, const char *name)
{
	struct vcheck *c = &checks[n_checks < V_MAX_CHECKS - 1 ? n_checks++ : n_checks];
	memset(c, 0, sizeof(*c));
	snprintf(c->layer, sizeof(c->layer), "%s", layer);
	snprintf(c->name, sizeof(c->name), "%s", name);
	c->expected = NAN;
	return c;
}

/* measured vs expected within a relative tolerance. */
static void check_rel(const char *layer, const char *name, double m, double e, double tol,
		      const char *unit, const char *note)
{
	struct vcheck *c = add(layer, name);
	c->measured = m;
	c->expected = e;
	c->lo = -tol;
	c->hi = tol;
	snprintf(c->bound, sizeof(c->bound), "|err| <= %.0f%%", tol * 100);
	snprintf(c->unit, sizeof(c->unit), "%s", unit);
	snprintf(c->note, sizeof(c->note), "%s", note ? note : "");
	c->status = isfinite(m) && fabs(m / e - 1) <= tol;
}

static void check_range(const char *layer, const char *name, double m, double lo, double hi,
			const char *unit, const char *note)
{
	struct vcheck *c = add(layer, name);
	c->measured = m;
	c->lo = lo;
	c->hi = hi;
	snprintf(c->bound, sizeof(c->bound), "%g <= x <= %g", lo, hi);
	snprintf(c->unit, sizeof(c->unit), "%s", unit);
	snprintf(c->note, sizeof(c->note), "%s", note ? note : "");
	c->status = isfinite(m) && m >= lo && m <= hi;
}

static void check_skip(const char *layer, const char *name, const char *why)
{
	struct vcheck *c = add(layer, name);
	c->measured = NAN;
	c->status = -1;
	snprintf(c->note, sizeof(c->note), "%s", why);
}

/* Conservation, read off a summary: issued = completed + dropped + in flight at the end
 * (replication means, so equal to rounding). One check per model in the run. */
static void check_conservation(const char *tag, const struct vres *v)
{
	for (int i = 0; i < v->n; i++) {
		if (strcmp(v->r[i].metric, "requests_issued"))
			continue;
		const char *m = v->r[i].model;
		double iss = v->r[i].value;
		double rest = vget(v, m, "requests_completed") + vget(v, m, "requests_dropped") +
			      vget(v, m, "requests_inflight_end");
		char name[96];
		snprintf(name, sizeof(name), "conservation %s/%s", tag, m);
		check_range("conserve", name, iss - rest, -1e-6 * iss - 1e-9, 1e-6 * iss + 1e-9,
			    "requests", "issued - (completed + dropped + inflight_end)");
	}
}

/* ---- layer 1: analytic ---- */

enum aq { AQ_MM1, AQ_MD1, AQ_MMC, AQ_PART };
struct ascn {
	const char *file, *tag;
	enum aq kind;
	double lambda;   /* total arrival rate, 1/s */
	double s;        /* mean service time, s */
	int c;           /* servers */
	bool fast;       /* in the --fast subset */
	const char *note;
};
/* These parameters restate the scenario files (validation/analytic/ *.ini); the measured
 * throughput is checked against lambda so that a drift between the two shows. */
static const struct ascn ascns[] = {
	{ "validation/analytic/mm1.ini", "mm1", AQ_MM1, 50000, 10e-6, 1, true, NULL },
	{ "validation/analytic/md1.ini", "md1", AQ_MD1, 70000, 10e-6, 1, true, NULL },
	{ "validation/analytic/mmc.ini", "mmc", AQ_MMC, 300000, 10e-6, 4, true,
	  "one receive ring, its descriptors claimed one at a time by 4 sidecores" },
	{ "validation/analytic/part.ini", "part", AQ_PART, 300000, 10e-6, 4, false,
	  "4 receive rings, one per sidecore: 4 FIFO queues" },
};

static void layer_analytic(struct vctx *x, FILE *dat)
{
	for (size_t i = 0; i < sizeof(ascns) / sizeof(ascns[0]); i++) {
		const struct ascn *a = &ascns[i];
		if (x->fast && !a->fast)
			continue;
		const char *fast_sets[] = { "run.duration_s=1", "run.replications=4", NULL };
		struct vres *v = malloc(sizeof(*v));
		char name[96];
		if (!v || sim_run(x, a->file, a->tag, x->fast ? fast_sets : NULL, v)) {
			snprintf(name, sizeof(name), "%s run", a->tag);
			check_range("analytic", name, NAN, 0, 0, "", "the simulation failed");
			free(v);
			continue;
		}
		double mu = 1 / a->s, mean, p99;
		switch (a->kind) {
		case AQ_MM1:
			mean = vq_mm1_mean(a->lambda, mu);
			p99 = vq_mm1_quantile(a->lambda, mu, 0.99);
			break;
		case AQ_MD1:
			mean = vq_md1_mean(a->lambda, a->s);
			p99 = vq_md1_quantile(a->lambda, a->s, 0.99);
			break;
		case AQ_MMC:
			mean = vq_mmc_mean(a->lambda, mu, a->c);
			p99 = vq_mmc_quantile(a->lambda, mu, a->c, 0.99);
			break;
		default: /* c independent M/M/1 at lambda/c */
			mean = vq_mm1_mean(a->lambda / a->c, mu);
			p99 = vq_mm1_quantile(a->lambda / a->c, mu, 0.99);
			break;
		}
		mean *= 1e6;
		p99 *= 1e6;
		double m = vget(v, NULL, "latency_mean_us"), p = vget(v, NULL, "latency_p99_us");
		double lo = vget(v, NULL, "latency_mean_us_ci_lo"), hi = vget(v, NULL, "latency_mean_us_ci_hi");
		double tp = vget(v, NULL, "throughput_rps");
		char note[200];
		snprintf(note, sizeof(note), "95%% CI [%.3f, %.3f] us %s the closed form%s%s", lo, hi,
			 mean >= lo && mean <= hi ? "contains" : "does NOT contain",
			 a->note ? "; " : "", a->note ? a->note : "");
		snprintf(name, sizeof(name), "%s mean sojourn", a->tag);
		check_rel("analytic", name, m, mean, 0.02, "us", note);
		snprintf(name, sizeof(name), "%s p99 sojourn", a->tag);
		check_rel("analytic", name, p, p99, 0.05, "us", a->note);
		snprintf(name, sizeof(name), "%s throughput = lambda", a->tag);
		check_rel("analytic", name, tp, a->lambda, 0.01, "1/s", "the scenario offers lambda");
		fprintf(dat, "\"%s\" %.4f %.4f %.4f %.4f %.4f %.4f\n", a->tag, mean, m, lo, hi, p99, p);
		check_conservation(a->tag, v);
		free(v);
	}
	/* Pooling beats partitioning at equal load (the qualitative claim behind vRIO). */
	if (!x->fast) {
		double pooled = NAN, part = NAN;
		for (int i = 0; i < n_checks; i++) {
			if (!strcmp(checks[i].name, "mmc mean sojourn"))
				pooled = checks[i].measured;
			if (!strcmp(checks[i].name, "part mean sojourn"))
				part = checks[i].measured;
		}
		char note[160];
		snprintf(note, sizeof(note), "closed forms: %.2f us (M/M/4) vs %.2f us (4 x M/M/1): "
			 "ratio %.3f", vq_mmc_mean(300000, 1e5, 4) * 1e6, vq_mm1_mean(75000, 1e5) * 1e6,
			 vq_mmc_mean(300000, 1e5, 4) / vq_mm1_mean(75000, 1e5));
		check_range("analytic", "pooled/partitioned mean latency", pooled / part, 0, 0.999,
			    "ratio", note);
	}
}

/* ---- layer 2: published claims ---- */

static double ratio_of(const struct vres *v, const char *m1, const char *m2, const char *metric)
{
	return vget(v, m1, metric) / vget(v, m2, metric);
}

static void layer_claims(struct vctx *x)
{
	struct vres *v = malloc(sizeof(*v));
	if (!v)
		return;
	if (!sim_run(x, "scenarios/netperf-rr.ini", "netperf-rr", NULL, v)) {
		check_range("claims", "netperf-rr latency vrio/elvis", ratio_of(v, "vrio", "elvis", "latency_mean_us"),
			    1.0, 1.18, "ratio", "vRIO ASPLOS'16: at most 18% longer");
		check_range("claims", "netperf-rr latency sriov/baremetal",
			    ratio_of(v, "sriov", "baremetal", "latency_mean_us"), 0.97, 1.03, "ratio",
			    "ELI ASPLOS'12: 97-100% of bare metal");
		check_range("claims", "netperf-rr throughput sriov/baremetal",
			    ratio_of(v, "sriov", "baremetal", "throughput_rps"), 0.97, 1.0, "ratio", "ELI");
		check_conservation("netperf-rr", v);
	}
	double first = NAN, last = NAN;
	for (int vms = 1; vms <= 7; vms += 2) {
		char set[64], tag[32], name[96];
		snprintf(set, sizeof(set), "rack.vms_per_vmhost=%d", vms);
		snprintf(tag, sizeof(tag), "elvis-vs-trap-%d", vms);
		const char *sets[] = { set, NULL };
		if (sim_run(x, "scenarios/elvis-vs-trap.ini", tag, sets, v))
			continue;
		double r = ratio_of(v, "elvis", "trap", "throughput_rps");
		snprintf(name, sizeof(name), "throughput elvis/trap, %d VMs/host", vms);
		check_range("claims", name, r, 1.2, 3.0, "ratio", "Elvis ATC'13: 1.2x-3x");
		if (vms == 1)
			first = r;
		last = r;
		check_conservation(tag, v);
	}
	check_range("claims", "elvis/trap grows with VMs/host (7 vs 1)", last / first, 1.03, 1e9, "ratio",
		    "vhost degrades as guests per host grow");
	if (!sim_run(x, "scenarios/consolidation.ini", "consolidation", NULL, v)) {
		check_range("claims", "consolidation throughput vrio(2 sc)/elvis(4 sc)",
			    ratio_of(v, "vrio", "elvis", "throughput_rps"), 0.9, 1.01, "ratio",
			    "comparable with fewer sidecores (>= 0.9 [E])");
		check_conservation("consolidation", v);
	}
	if (!sim_run(x, "scenarios/imbalance.ini", "imbalance", NULL, v)) {
		check_range("claims", "imbalance throughput vrio/elvis (same sidecores)",
			    ratio_of(v, "vrio", "elvis", "throughput_rps"), 1.0, 10, "ratio",
			    "better under imbalanced load");
		check_conservation("imbalance", v);
	}
	free(v);
}

/* ---- layer 3: simulator vs emulator ---- */

/* validation/emulator/configs.csv: id,scenario,msg_bytes,vms,rate_rps,in_fit,emu_args.
 * For each row, EMUDIR/<id>.csv is the emulator's measurement (written by validation/run). */
struct ecfg {
	char id[32], scenario[64], emu_args[160];
	int bytes, vms, in_fit;
	double rate;
};

static int read_configs(const char *path, struct ecfg *e, int max)
{
	FILE *f = fopen(path, "r");
	if (!f)
		return -1;
	char line[512];
	int n = 0;
	while (fgets(line, sizeof(line), f) && n < max) {
		if (line[0] == '#' || !strncmp(line, "id,", 3) || line[0] == '\n')
			continue;
		struct ecfg *c = &e[n];
		if (sscanf(line, "%31[^,],%63[^,],%d,%d,%lf,%d,%159[^\n]", c->id, c->scenario, &c->bytes,
			   &c->vms, &c->rate, &c->in_fit, c->emu_args) >= 6)
			n++;
	}
	fclose(f);
	return n;
}

/* Read an emulator CSV (same tidy layout as summary.csv). */
/* An emulator configuration's measurement: ID.csv, and when validation/run repeated it,
 * ID.rep2.csv ... ID.repN.csv: then every metric is the median over the repetitions (this
 * machine is noisy: one run can be 40% off its neighbours). */
#define EMU_MAX_REPS 9
static int read_emu(const char *dir, const char *id, struct vres *v, int *reps)
{
	char p[PATH_MAX * 2];
	snprintf(p, sizeof(p), "%s/%s.csv", dir, id);
	*reps = 0;
	if (read_summary(p, v))
		return -1;
	*reps = 1;
	struct vres *more = malloc(sizeof(*more));
	double(*vals)[V_MAX_ROWS] = malloc(EMU_MAX_REPS * sizeof(*vals));
	int n = 1;
	for (int r = 2; more && vals && r <= EMU_MAX_REPS; r++) {
		snprintf(p, sizeof(p), "%s/%s.rep%d.csv", dir, id, r);
		if (access(p, R_OK))
			break;
		if (read_summary(p, more))
			continue; /* a broken repetition is left out, not averaged in */
		for (int i = 0; i < v->n; i++)
			vals[n][i] = vget(more, v->r[i].model, v->r[i].metric);
		n++;
	}
	free(more);
	for (int i = 0; n > 1 && i < v->n; i++) {
		double x[EMU_MAX_REPS];
		int k = 0;
		x[k++] = v->r[i].value;
		for (int r = 1; r < n; r++)
			if (!isnan(vals[r][i]))
				x[k++] = vals[r][i];
		gsl_sort(x, 1, (size_t)k);
		v->r[i].value = gsl_stats_median_from_sorted_data(x, 1, (size_t)k);
	}
	free(vals);
	*reps = n;
	return 0;
}

static void layer_emulator(struct vctx *x, const char *emudir, const char *profile, FILE *dat)
{
	char cfgpath[PATH_MAX * 2];
	snprintf(cfgpath, sizeof(cfgpath), "%s/validation/emulator/configs.csv", x->src);
	struct ecfg cf[64];
	int n = read_configs(cfgpath, cf, 64);
	if (n <= 0) {
		check_skip("emulator", "simulator vs emulator", "validation/emulator/configs.csv missing");
		return;
	}
	if (!emudir || !profile) {
		check_skip("emulator", "simulator vs emulator",
			   "no emulator measurements given (--emu DIR --profile FILE; validation/run "
			   "makes them, as root)");
		return;
	}
	/* The profile's cycles are at the measured machine's clock: simulate that clock. */
	double ghz = 0;
	FILE *pf = fopen(profile, "r");
	char pl[512];
	while (pf && fgets(pl, sizeof(pl), pf))
		if (sscanf(pl, "cpu_ghz = %lf", &ghz) == 1)
			break;
	if (pf)
		fclose(pf);
	char s6[64];
	snprintf(s6, sizeof(s6), "rack.cpu_ghz=%.4f", ghz > 0 ? ghz : 3.0);
	struct vres *ev = malloc(sizeof(*ev)), *sv = malloc(sizeof(*sv));
	if (!ev || !sv) {
		free(ev);
		free(sv);
		return;
	}
	for (int i = 0; i < n; i++) {
		const struct ecfg *c = &cf[i];
		char name[96];
		int reps;
		if (read_emu(emudir, c->id, ev, &reps)) {
			snprintf(name, sizeof(name), "%s (emulator run missing)", c->id);
			check_skip("emulator", name, "no measurement: vrioemu could not run");
			continue;
		}
		char s1[PATH_MAX + 32], s2[64], s3[64], s4[64], s5[64], rel[128], tag[64];
		snprintf(s1, sizeof(s1), "costs.profile=%s", profile);
		snprintf(s2, sizeof(s2), "workload.msg_bytes=%d", c->bytes);
		snprintf(s3, sizeof(s3), "rack.vms_per_vmhost=%d", c->vms);
		if (c->rate > 0)
			snprintf(s4, sizeof(s4), "workload.rate_rps=%.6g", c->rate / c->vms);
		else
			snprintf(s4, sizeof(s4), "workload.rate_rps=0");
		snprintf(s5, sizeof(s5), "rack.cores_per_vmhost=%d", c->vms + 1);
		snprintf(rel, sizeof(rel), "validation/emulator/%s", c->scenario);
		snprintf(tag, sizeof(tag), "emu-%s", c->id);
		const char *sets[] = { s1, s2, s3, s4, s5, s6, NULL };
		if (sim_run(x, rel, tag, sets, sv))
			continue;
		double et = vget(ev, NULL, "throughput_rps"), st = vget(sv, NULL, "throughput_rps");
		double el = vget(ev, NULL, "latency_p50_us"), sl = vget(sv, NULL, "latency_p50_us");
		bool busy = vget(ev, NULL, "machine_busy") > 0;
		char note[200];
		snprintf(note, sizeof(note), "%s; emulator: median of %d run%s%s",
			 c->in_fit ? "IN the fit (not a prediction)" : "prediction", reps, reps > 1 ? "s" : "",
			 busy ? "; emulator flagged the machine busy" : "");
		snprintf(name, sizeof(name), "%s throughput", c->id);
		check_rel(c->in_fit ? "emu-fit" : "emulator", name, st, et, 0.10, "1/s", note);
		snprintf(name, sizeof(name), "%s p50 latency", c->id);
		check_rel(c->in_fit ? "emu-fit" : "emulator", name, sl, el, 0.20, "us", note);
		fprintf(dat, "\"%s\" %d %.4f %.4f %.4f %.4f %d\n", c->id, c->bytes, et, st, el, sl, c->in_fit);
		check_conservation(tag, sv);
	}
	free(ev);
	free(sv);
}

/* ---- layer 4: determinism (conservation is checked on every run above) ---- */

static int slurp(const char *path, char **buf, size_t *len)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return -1;
	fseek(f, 0, SEEK_END);
	long n = ftell(f);
	rewind(f);
	*buf = malloc((size_t)n + 1);
	*len = *buf ? fread(*buf, 1, (size_t)n, f) : 0;
	fclose(f);
	return *buf ? 0 : -1;
}

static void layer_determinism(struct vctx *x)
{
	const char *sets[] = { "run.duration_s=0.2", "run.warmup_s=0.02", "run.replications=2", NULL };
	struct vres *v = malloc(sizeof(*v));
	if (!v)
		return;
	const char *file = x->fast ? "validation/analytic/mm1.ini" : "scenarios/netperf-rr.ini";
	int a = sim_run(x, file, "det-a", sets, v), b = sim_run(x, file, "det-b", sets, v);
	free(v);
	if (a || b) {
		check_range("determinism", "same scenario + seed -> identical summary.csv", NAN, 1, 1, "",
			    "a run failed");
		return;
	}
	char pa[PATH_MAX * 2], pb[PATH_MAX * 2], *ba = NULL, *bb = NULL;
	size_t la = 0, lb = 0;
	snprintf(pa, sizeof(pa), "%s/det-a/summary.csv", x->work);
	snprintf(pb, sizeof(pb), "%s/det-b/summary.csv", x->work);
	/* The run_id and output directory do not appear in summary.csv, so the files must be
	 * byte-identical. */
	int same = !slurp(pa, &ba, &la) && !slurp(pb, &bb, &lb) && la == lb && !memcmp(ba, bb, la);
	free(ba);
	free(bb);
	char name[128];
	snprintf(name, sizeof(name), "%s twice, same seed: byte-identical summary.csv",
		 strrchr(file, '/') + 1);
	check_range("determinism", name, same, 1, 1, "flag", NULL);
}

/* ======================= report ======================= */

static const char *status_word(int s) { return s > 0 ? "PASS" : s == 0 ? "FAIL" : "SKIP"; }

static int write_checks_csv(FILE *f, void *ctx)
{
	(void)ctx;
	fprintf(f, "%s\n", results_version());
	fprintf(f, "layer,check,status,measured,expected,error,bound,unit,note\n");
	for (int i = 0; i < n_checks; i++) {
		const struct vcheck *c = &checks[i];
		fprintf(f, "%s,", c->layer);
		csv_fwrite(f, c->name, strlen(c->name));
		fprintf(f, ",%s,%.6g,", status_word(c->status), c->measured);
		if (isfinite(c->expected))
			fprintf(f, "%.6g,%.4f,", c->expected, c->measured / c->expected - 1);
		else
			fprintf(f, ",,");
		csv_fwrite(f, c->bound, strlen(c->bound));
		fprintf(f, ",%s,", c->unit);
		csv_fwrite(f, c->note, strlen(c->note));
		fprintf(f, "\n");
	}
	return ferror(f) ? -1 : 0;
}

struct report_ctx {
	const char *profile, *emudir;
	bool fast, plots_ok[2];
	int pass, fail, skip;
};

static int write_report(FILE *f, void *vctx)
{
	struct report_ctx *r = vctx;
	fprintf(f, "# vriosim validation report\n\n");
	fprintf(f, "Generated by `vriosim validate%s` (%s). Every check is listed with its measured "
		   "value and bound; failures are listed as failures.\n\n",
		r->fast ? " --fast" : "", results_version() + 2);
	fprintf(f, "**%d PASS, %d FAIL, %d SKIP.**\n\n", r->pass, r->fail, r->skip);
	if (r->profile)
		fprintf(f, "Calibration profile: `%s`; emulator measurements: `%s`.\n\n", r->profile,
			r->emudir ? r->emudir : "-");
	const char *layers[] = { "analytic", "claims", "emulator", "emu-fit", "conserve", "determinism" };
	const char *titles[] = {
		"1. Analytic (closed-form queueing)", "2. Published claims",
		"3. Simulator vs emulator (predictions: configurations not used in the fit)",
		"3b. Simulator vs emulator at the fitted configurations (for reference)",
		"4a. Conservation (issued = completed + dropped + in flight)", "4b. Determinism"
	};
	for (int l = 0; l < 6; l++) {
		bool any = false;
		for (int i = 0; i < n_checks; i++) {
			const struct vcheck *c = &checks[i];
			if (strcmp(c->layer, layers[l]))
				continue;
			if (!any)
				fprintf(f, "## %s\n\n| status | check | measured | expected | error | bound | note |\n"
					   "|---|---|---|---|---|---|---|\n", titles[l]);
			any = true;
			fprintf(f, "| %s | %s | ", status_word(c->status), c->name);
			if (isfinite(c->measured))
				fprintf(f, "%.4g %s", c->measured, c->unit);
			else
				fprintf(f, "-");
			if (isfinite(c->expected))
				fprintf(f, " | %.4g | %+.2f%% | %s | %s |\n", c->expected,
					100 * (c->measured / c->expected - 1), c->bound, c->note);
			else
				fprintf(f, " | - | - | %s | %s |\n", c->status < 0 ? "-" : c->bound, c->note);
		}
		if (any)
			fprintf(f, "\n");
		if (any && l == 0 && r->plots_ok[0])
			fprintf(f, "![analytic](analytic.png)\n\n");
		if (any && l == 2 && r->plots_ok[1])
			fprintf(f, "![emulator](emulator.png)\n\n");
	}
	fprintf(f, "## Notes\n\n"
		   "- Analytic scenarios reduce the vRIO IOhost sidecore to a single queue: every cost but the "
		   "sidecore's per-request work is zero (validation/analytic/*.ini say how).\n"
		   "- M/M/c: one FIFO queue served by c sidecores is one IOhost receive ring that all of "
		   "them consume, each claiming the descriptor at the head when it is idle "
		   "(rack.iohost_rx_claim = descriptor). With the default (a ring drained by one sidecore "
		   "at a time) several rings are needed to keep c sidecores busy, and service across "
		   "rings is not FIFO: the tail is heavier than Erlang C's. Partitioned: 4 rings, one per "
		   "sidecore, are exactly 4 FIFO M/M/1 queues.\n"
		   "- The emulator mirror (validation/emulator/mirror.ini) models vrioemu's own loop: the "
		   "TX work per frame (lognormal: its measured mean over its median), the epoll that ends "
		   "every polling pass (poll_pass_ns: what a frame arriving mid-pass waits for), and "
		   "pktgen's queues all timed from one clock (workload.phase = aligned: with 4 or 16 "
		   "queues their frames arrive together and wait for each other).\n"
		   "- Exit and interrupt-injection costs are literature values (no hardware virtualization "
		   "here): the emulator layer exercises only host-side costs.\n");
	return ferror(f) ? -1 : 0;
}

static int run_gnuplot(struct vctx *x, const char *script, const char *dat, const char *png)
{
	char gp[PATH_MAX * 2], cmd[PATH_MAX * 8];
	snprintf(gp, sizeof(gp), "%s/validation/%s", x->src, script);
	snprintf(cmd, sizeof(cmd), "gnuplot -e \"in='%s'; out='%s'\" '%s' >/dev/null 2>&1", dat, png, gp);
	return system(cmd) == 0 ? 0 : -1;
}

static void usage(FILE *f)
{
	fprintf(f, "usage: vriosim validate [--fast] [-o DIR] [--src DIR] [--emu DIR --profile FILE]\n"
		   "  --fast          the analytic M/M/1, M/D/1 and M/M/c subset, conservation, determinism\n"
		   "  -o DIR          where report.md, checks.csv and the plots go (default validation-out)\n"
		   "  --src DIR       the source tree holding scenarios/ and validation/ (default: found\n"
		   "                  from the binary's location, else the current directory)\n"
		   "  --emu DIR       emulator measurements (validation/run writes them)\n"
		   "  --profile FILE  the calibration profile the emulator mirrors use\n"
		   "exit: 0 every check passed, 1 a check failed or a run could not be made, 2 usage\n");
}

static bool has_tree(const char *dir)
{
	char p[PATH_MAX * 2];
	snprintf(p, sizeof(p), "%s/validation/analytic/mm1.ini", dir);
	return access(p, R_OK) == 0;
}

int cli_validate(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "fast", no_argument, NULL, 'f' },       { "out", required_argument, NULL, 'o' },
		{ "src", required_argument, NULL, 's' },  { "emu", required_argument, NULL, 'e' },
		{ "profile", required_argument, NULL, 'p' }, { "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	static struct vctx x;
	const char *out = "validation-out", *src = NULL, *emu = NULL, *profile = NULL;
	int c;
	opterr = 0;
	optind = 1;
	while ((c = getopt_long(argc, argv, "o:h", opts, NULL)) != -1) {
		switch (c) {
		case 'f': x.fast = true; break;
		case 'o': out = optarg; break;
		case 's': src = optarg; break;
		case 'e': emu = optarg; break;
		case 'p': profile = optarg; break;
		case 'h': usage(stdout); return 0;
		default:
			fprintf(stderr, "vriosim validate: %s: unknown option or missing value\n", argv[optind - 1]);
			return 2;
		}
	}
	if (optind < argc) {
		fprintf(stderr, "vriosim validate: %s: unexpected argument\n", argv[optind]);
		return 2;
	}
	if (!realpath("/proc/self/exe", x.self)) {
		fprintf(stderr, "vriosim validate: cannot find my own binary\n");
		return 1;
	}
	if (src) {
		if (!realpath(src, x.src) || !has_tree(x.src)) {
			fprintf(stderr, "vriosim validate: --src %s: no validation/analytic/mm1.ini there\n", src);
			return 2;
		}
	} else {
		/* <tree>/<build dir>/bin/vriosim: two levels up is the tree; else the current
		 * directory. */
		char guess[PATH_MAX * 2];
		char *slash = strrchr(x.self, '/');
		snprintf(guess, sizeof(guess), "%.*s/../..", (int)(slash - x.self), x.self);
		if (!(realpath(guess, x.src) && has_tree(x.src)) && !(realpath(".", x.src) && has_tree(x.src))) {
			fprintf(stderr, "vriosim validate: cannot find the source tree (give --src DIR)\n");
			return 2;
		}
	}
	if ((emu || profile) && !(emu && profile)) {
		fprintf(stderr, "vriosim validate: --emu and --profile go together\n");
		return 2;
	}
	char pabs[PATH_MAX];
	if (profile) {
		if (!realpath(profile, pabs)) {
			fprintf(stderr, "vriosim validate: --profile %s: %s\n", profile, strerror(errno));
			return 2;
		}
		profile = pabs;
	}
	if (results_mkdir_p(out) || !realpath(out, x.out)) {
		fprintf(stderr, "vriosim validate: -o %s: cannot create (%s)\n", out, strerror(errno));
		return 2;
	}
	snprintf(x.work, sizeof(x.work), "%s/runs", x.out);
	if (results_mkdir_p(x.work)) {
		fprintf(stderr, "vriosim validate: %s: cannot create (%s)\n", x.work, strerror(errno));
		return 1;
	}

	char adat[PATH_MAX * 2], edat[PATH_MAX * 2];
	snprintf(adat, sizeof(adat), "%s/runs/analytic.dat", x.out);
	snprintf(edat, sizeof(edat), "%s/runs/emulator.dat", x.out);
	FILE *af = fopen(adat, "w"), *ef = fopen(edat, "w");
	if (!af || !ef) {
		fprintf(stderr, "vriosim validate: cannot write in %s/runs\n", x.out);
		return 1;
	}
	fprintf(af, "# scenario theory_mean sim_mean ci_lo ci_hi theory_p99 sim_p99 (us)\n");
	fprintf(ef, "# id bytes emu_rps sim_rps emu_p50 sim_p50 in_fit\n");
	fprintf(stderr, "vriosim validate: layer 1 (analytic)\n");
	layer_analytic(&x, af);
	if (!x.fast) {
		fprintf(stderr, "vriosim validate: layer 2 (published claims)\n");
		layer_claims(&x);
		fprintf(stderr, "vriosim validate: layer 3 (emulator)\n");
		layer_emulator(&x, emu, profile, ef);
	}
	fprintf(stderr, "vriosim validate: layer 4 (determinism)\n");
	layer_determinism(&x);
	long ea = ftell(ef);
	fclose(af);
	fclose(ef);

	struct report_ctx r = { .profile = profile, .emudir = emu, .fast = x.fast };
	char png[PATH_MAX * 2];
	snprintf(png, sizeof(png), "%s/analytic.png", x.out);
	r.plots_ok[0] = !run_gnuplot(&x, "analytic.gp", adat, png);
	snprintf(png, sizeof(png), "%s/emulator.png", x.out);
	r.plots_ok[1] = ea > 60 && !run_gnuplot(&x, "emulator.gp", edat, png);
	for (int i = 0; i < n_checks; i++)
		checks[i].status > 0 ? r.pass++ : checks[i].status == 0 ? r.fail++ : r.skip++;
	char path[PATH_MAX * 2];
	snprintf(path, sizeof(path), "%s/checks.csv", x.out);
	if (results_atomic_write(path, write_checks_csv, NULL)) {
		fprintf(stderr, "vriosim validate: %s: %s\n", path, strerror(errno));
		return 1;
	}
	snprintf(path, sizeof(path), "%s/report.md", x.out);
	if (results_atomic_write(path, write_report, &r)) {
		fprintf(stderr, "vriosim validate: %s: %s\n", path, strerror(errno));
		return 1;
	}
	for (int i = 0; i < n_checks; i++) {
		const struct vcheck *k = &checks[i];
		printf("%s  %-11s %-52s %12.5g", status_word(k->status), k->layer, k->name, k->measured);
		if (isfinite(k->expected))
			printf("  vs %-10.5g (%+.2f%%, %s)", k->expected, 100 * (k->measured / k->expected - 1), k->bound);
		else if (k->status >= 0)
			printf("  (%s)", k->bound);
		else
			printf("  (%s)", k->note);
		printf("\n");
	}
	printf("%d pass, %d fail, %d skipped; report %s\n", r.pass, r.fail, r.skip, path);
	return r.fail || x.failed_runs ? 1 : 0;
}
