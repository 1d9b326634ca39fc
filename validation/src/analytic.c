/*
 * analytic — layer 1: scenarios in validation/analytic/ that reduce to one queue (every cost
 * but the IOhost sidecore's per-request work is zero), against the closed forms (queueing.h).
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "layers.h"
#include "queueing.h"

/* Which closed form a scenario reduces to. */
enum aq {
	AQ_MM1,   /* M/M/1 */
	AQ_MD1,   /* M/D/1 */
	AQ_MMC,   /* M/M/c: one FIFO queue, c servers */
	AQ_PART,  /* c independent M/M/1 at lambda/c */
};

/* An analytic scenario. These parameters restate the scenario files (validation/analytic/
 * *.ini); the measured throughput is checked against lambda so that a drift between the two
 * shows. */
struct ascn {
	const char *file;    /* relative to the source tree */
	const char *tag;     /* its run directory and the checks' names */
	enum aq kind;        /* the closed form */
	double lambda;       /* total arrival rate, 1/s */
	double s;            /* mean service time, s */
	int c;               /* servers */
	bool fast;           /* in the --fast subset */
	const char *note;    /* how the scenario makes the queue */
};

static const struct ascn ascns[] = {
	{ "validation/analytic/mm1.ini", "mm1", AQ_MM1, 50000, 10e-6, 1, true, NULL },
	{ "validation/analytic/md1.ini", "md1", AQ_MD1, 70000, 10e-6, 1, true, NULL },
	{ "validation/analytic/mmc.ini", "mmc", AQ_MMC, 300000, 10e-6, 4, true,
	  "one receive ring, its descriptors claimed one at a time by 4 sidecores" },
	{ "validation/analytic/part.ini", "part", AQ_PART, 300000, 10e-6, 4, false,
	  "4 receive rings, one per sidecore: 4 FIFO queues" },
};
#define N_ASCNS (int)(sizeof(ascns) / sizeof(ascns[0]))

/* The closed form's mean and p99 sojourn of @a, in seconds. */
static void closed_form(const struct ascn *a, double *mean, double *p99)
{
	double mu = 1 / a->s;
	*mean = *p99 = NAN;
	switch (a->kind) {
	case AQ_MM1:
		*mean = queueing_mm1_mean(a->lambda, mu);
		*p99 = queueing_mm1_quantile(a->lambda, mu, 0.99);
		break;
	case AQ_MD1:
		*mean = queueing_md1_mean(a->lambda, a->s);
		*p99 = queueing_md1_quantile(a->lambda, a->s, 0.99);
		break;
	case AQ_MMC:
		*mean = queueing_mmc_mean(a->lambda, mu, a->c);
		*p99 = queueing_mmc_quantile(a->lambda, mu, a->c, 0.99);
		break;
	case AQ_PART:
		*mean = queueing_mm1_mean(a->lambda / a->c, mu);
		*p99 = queueing_mm1_quantile(a->lambda / a->c, mu, 0.99);
		break;
	}
}

/* Run @a and check it; its measured mean sojourn (us) into @measured_mean. */
static void check_scenario(struct vctx *x, const struct ascn *a, FILE *dat, double *measured_mean)
{
	const char *fast_sets[] = { "run.duration_s=1", "run.replications=4", NULL };
	struct csvio_table t;
	char name[96];
	if (vctx_sim_run(x, a->file, a->tag, x->fast ? fast_sets : NULL, &t)) {
		snprintf(name, sizeof(name), "%s run", a->tag);
		check_range(&x->checks, "analytic", name, NAN, 0, 0, "", "the simulation failed");
		return;
	}
	double mean, p99;
	closed_form(a, &mean, &p99);
	mean *= 1e6;
	p99 *= 1e6;
	double m = csvio_tidy_value(&t, NULL, "latency_mean_us");
	double p = csvio_tidy_value(&t, NULL, "latency_p99_us");
	double lo = csvio_tidy_value(&t, NULL, "latency_mean_us_ci_lo");
	double hi = csvio_tidy_value(&t, NULL, "latency_mean_us_ci_hi");
	double tp = csvio_tidy_value(&t, NULL, "throughput_rps");
	char note[200];
	snprintf(note, sizeof(note), "95%% CI [%.3f, %.3f] us %s the closed form%s%s", lo, hi,
		 mean >= lo && mean <= hi ? "contains" : "does NOT contain", a->note ? "; " : "",
		 a->note ? a->note : "");
	snprintf(name, sizeof(name), "%s mean sojourn", a->tag);
	check_rel(&x->checks, "analytic", name, m, mean, 0.02, "us", note);
	*measured_mean = m;
	snprintf(name, sizeof(name), "%s p99 sojourn", a->tag);
	check_rel(&x->checks, "analytic", name, p, p99, 0.05, "us", a->note);
	snprintf(name, sizeof(name), "%s throughput = lambda", a->tag);
	check_rel(&x->checks, "analytic", name, tp, a->lambda, 0.01, "1/s", "the scenario offers lambda");
	fprintf(dat, "\"%s\" %.4f %.4f %.4f %.4f %.4f %.4f\n", a->tag, mean, m, lo, hi, p99, p);
	check_conservation(&x->checks, a->tag, &t);
	csvio_free(&t);
}

void layer_analytic(struct vctx *x, FILE *dat)
{
	double measured[N_ASCNS];
	for (int i = 0; i < N_ASCNS; i++) {
		measured[i] = NAN;
		if (!x->fast || ascns[i].fast)
			check_scenario(x, &ascns[i], dat, &measured[i]);
	}
	if (x->fast)
		return;
	/* Pooling beats partitioning at equal load (the qualitative claim behind vRIO). */
	double pooled = NAN, part = NAN;
	for (int i = 0; i < N_ASCNS; i++) {
		if (ascns[i].kind == AQ_MMC)
			pooled = measured[i];
		if (ascns[i].kind == AQ_PART)
			part = measured[i];
	}
	double mmc = queueing_mmc_mean(300000, 1e5, 4), mm1 = queueing_mm1_mean(75000, 1e5);
	char note[160];
	snprintf(note, sizeof(note), "closed forms: %.2f us (M/M/4) vs %.2f us (4 x M/M/1): ratio %.3f",
		 mmc * 1e6, mm1 * 1e6, mmc / mm1);
	check_range(&x->checks, "analytic", "pooled/partitioned mean latency", pooled / part, 0, 0.999,
		    "ratio", note);
}
