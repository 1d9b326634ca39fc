/*
 * quality — the rules a fit must pass before it is written (see quality.h).
 */
#include "quality.h"

#include <gsl/gsl_statistics_double.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "vriosim.h"

void cal_refuse(struct cal_out *o, const char *fmt, ...)
{
	if (o->n_refused < CAL_MAX_REFUSED) {
		va_list ap;
		va_start(ap, fmt);
		vsnprintf(o->refused[o->n_refused], sizeof(o->refused[0]), fmt, ap);
		va_end(ap);
	}
	o->n_refused++;
}

void cal_quality_rules(char *buf, size_t n)
{
	snprintf(buf, n, "busy rows left out; R^2 >= %.2f (poll_scan); standard errors <= %.0f%% "
			 "of what [costs] takes", CAL_MIN_R2, CAL_MAX_REL_SE * 100);
}

/* ======================= rows ======================= */

int cal_quiet_rows(struct cal_out *o)
{
	const struct cal_in *c = o->in;
	for (int op = 0; op < OP_COUNT; op++) {
		if (!c->n[op])
			continue;
		o->qx[op] = malloc(c->n[op] * sizeof(double));
		o->qy[op] = malloc(c->n[op] * sizeof(double));
		if (!o->qx[op] || !o->qy[op])
			return -1;
		for (size_t i = 0; i < c->n[op]; i++)
			if (!c->busy[op][i]) {
				o->qx[op][o->qn[op]] = c->x[op][i];
				o->qy[op][o->qn[op]++] = c->y[op][i];
			}
		size_t q = o->qn[op];
		if (q < CAL_MIN_QUIET_ROWS || (double)q < CAL_MIN_QUIET_SHARE * (double)c->n[op])
			cal_refuse(o, "%s: %zu of its %zu rows taken on a quiet machine (%zu flagged "
				      "busy): needs %d and at least %.0f%% quiet",
				   cal_ops[op].name, q, c->n[op], c->n_busy[op], CAL_MIN_QUIET_ROWS,
				   CAL_MIN_QUIET_SHARE * 100);
	}
	return 0;
}

/* ======================= fits ======================= */

/* The worst relative standard error of @op's fitted line over its measured x. */
static double worst_rel_se(const struct cal_out *o, int op, double *at, double *val)
{
	const struct cal_fit *f = &o->fit[op];
	double worst = 0;
	*at = 0;
	*val = f->a;
	for (size_t i = 0; i < o->qn[op]; i++) {
		double x = f->linear ? o->qx[op][i] : 0, y = cal_fit_at(f, x);
		double r = y > 0 ? cal_fit_se_at(f, x) / y : INFINITY;
		if (r > worst) {
			worst = r;
			*at = x;
			*val = y;
		}
	}
	return worst;
}

/* Does a [costs] key come from @op? */
static bool feeds_costs(int op)
{
	switch (op) {
	case OP_SIDECORE: case OP_VHOST: case OP_POLL: case OP_WAKEUP: case OP_PASS:
	case OP_CLAIM: case OP_SIDECORE_WARM: case OP_SIDECORE_P50:
		return true;
	default:
		return false;
	}
}

static void check_fit(struct cal_out *o, int op)
{
	const struct cal_fit *f = &o->fit[op];
	const char *name = cal_ops[op].name;
	if (op == OP_POLL && f->r2 < CAL_MIN_R2)
		cal_refuse(o, "%s: R^2 = %.3f, below %.2f (ns per queue does not follow the queue "
			      "count: noise or a loaded machine)", name, f->r2, CAL_MIN_R2);
	if (!feeds_costs(op))
		return;
	/* What the [costs] key takes: poll_scan's slope alone (ns per queue), the intercept
	 * alone of poll_pass and of the warm frames (a ratio of intercepts); the whole line
	 * elsewhere. */
	if (op == OP_POLL || ((op == OP_PASS || op == OP_SIDECORE_WARM) && f->linear)) {
		bool slope = op == OP_POLL;
		double v = slope ? f->b : f->a, se = slope ? f->se_b : f->se_a;
		if (v > 0 && se / v > CAL_MAX_REL_SE)
			cal_refuse(o, "%s: its %s is %.3g ns +- %.0f%% (more than %.0f%%: too noisy)",
				   name, slope ? "slope" : "intercept", v, se / v * 100,
				   CAL_MAX_REL_SE * 100);
		return; /* a negative value is refused with its key (cost()) */
	}
	double at, val, r = worst_rel_se(o, op, &at, &val);
	if (r > CAL_MAX_REL_SE) {
		if (f->linear)
			cal_refuse(o, "%s: its line is %.0f ns +- %.0f%% at %s = %g (more than %.0f%%: "
				      "too noisy)", name, val, r * 100, cal_ops[op].x, at,
				   CAL_MAX_REL_SE * 100);
		else
			cal_refuse(o, "%s: %.1f ns +- %.0f%% (more than %.0f%%: too noisy)", name, f->a,
				   r * 100, CAL_MAX_REL_SE * 100);
	}
}

/* A vRIO frame's p50 latency includes its send over the wire: below (a share of) the send's
 * mean at a measured size, the latency measurement cannot be right. */
static void check_latency_vrio(struct cal_out *o)
{
	if (!o->have[OP_LAT_VRIO] || !o->have[OP_WIRE])
		return;
	const struct cal_fit *l = &o->fit[OP_LAT_VRIO], *w = &o->fit[OP_WIRE];
	for (size_t i = 0; i < o->qn[OP_LAT_VRIO]; i++) {
		double x = o->qx[OP_LAT_VRIO][i], lat = cal_fit_at(l, x), wire = cal_fit_at(w, x);
		if (lat < CAL_LAT_WIRE_SHARE * wire) {
			cal_refuse(o, "latency_vrio: p50 %.0f ns at %g bytes is below %.0f%% of the "
				      "%.0f ns send over the wire it includes (wire_frame): impossible",
				   lat, x, CAL_LAT_WIRE_SHARE * 100, wire);
			return;
		}
	}
}

/* ======================= [costs] ======================= */

/* Add [costs] @key = @text from @op, once the scenario reader's key table accepts the text
 * exactly as it will be written. */
static void cost_text(struct cal_out *o, int op, const char *key, const char *text, bool cycles,
		      const char *what)
{
	if (o->n_costs == CAL_MAX_COSTS)
		return;
	struct cal_cost *c = &o->costs[o->n_costs];
	snprintf(c->text, sizeof(c->text), "%s", text);
	const struct vs_key *k = vs_key_find("costs", key);
	struct vs_params scratch;
	char buf[160];
	const char *expected = k ? NULL : "a key the scenario reader knows";
	if (k) {
		vs_params_default(&scratch);
		expected = vs_key_set(&scratch, k, c->text, buf, sizeof(buf));
	}
	if (expected) {
		cal_refuse(o, "%s: %s = %s: the scenario reader expects %s (%s)", cal_ops[op].name,
			   key, c->text, expected, what);
		return;
	}
	c->key = key;
	c->op = op;
	c->cycles = cycles;
	o->n_costs++;
}

/* A number @v with its standard error @se (0: exact or unknown), in the key's unit. Refused
 * when negative, never clamped: within CAL_ZERO_SE standard errors of 0 the measurement cannot
 * tell it from 0 (too noisy: a per-byte cost too small for this scatter); beyond, impossible. */
static void cost(struct cal_out *o, int op, const char *key, const char *fmt, double v,
		 double se, bool cycles, const char *what)
{
	if (!(v >= 0)) {
		if (se > 0 && -v <= CAL_ZERO_SE * se)
			cal_refuse(o, "%s: %s = %g +- %.2g: below 0 but within %.0f standard errors "
				      "of it (%s): too noisy to measure here", cal_ops[op].name, key, v,
				   se, CAL_ZERO_SE, what);
		else
			cal_refuse(o, "%s: %s = %g: a negative cost (%s): impossible",
				   cal_ops[op].name, key, v, what);
		return;
	}
	char text[48];
	snprintf(text, sizeof(text), fmt, v);
	cost_text(o, op, key, text, cycles, what);
}

static void derive_costs(struct cal_out *o)
{
	const struct cal_fit *f = o->fit;
	double g = o->in->ghz;
	if (o->have[OP_SIDECORE]) {
		cost(o, OP_SIDECORE, "sidecore_req_cycles", "%.1f", f[OP_SIDECORE].a * g,
		     f[OP_SIDECORE].se_a * g, true,
		     "the intercept of ns per frame");
		cost(o, OP_SIDECORE, "sidecore_byte_cycles", "%.4f", f[OP_SIDECORE].b * g,
		     f[OP_SIDECORE].se_b * g, true,
		     "the slope of ns per frame against bytes");
	}
	if (o->have[OP_VHOST]) {
		cost(o, OP_VHOST, "vhost_req_cycles", "%.1f", f[OP_VHOST].a * g, f[OP_VHOST].se_a * g,
		     true,
		     "the intercept of ns per frame");
		cost(o, OP_VHOST, "vhost_byte_cycles", "%.4f", f[OP_VHOST].b * g, f[OP_VHOST].se_b * g,
		     true,
		     "the slope of ns per frame against bytes");
	}
	if (o->have[OP_POLL])
		cost(o, OP_POLL, "poll_queue_ns", "%.3f", f[OP_POLL].b, f[OP_POLL].se_b, false,
		     "the slope of ns per pass against queues");
	if (o->have[OP_WAKEUP])
		cost(o, OP_WAKEUP, "wakeup_us", "%.4f", f[OP_WAKEUP].a / 1000, f[OP_WAKEUP].se_a / 1000,
		     false, "the mean");
	if (o->have[OP_PASS])
		cost(o, OP_PASS, "poll_pass_ns", "%.1f", f[OP_PASS].a, f[OP_PASS].se_a, false,
		     f[OP_PASS].linear ? "the intercept of ns per pass against queues" : "the mean");
	if (o->have[OP_SIDECORE] && o->have[OP_SIDECORE_WARM] && f[OP_SIDECORE].a > 0)
		/* The per-frame part of the work, warm over cold (the byte part is a copy). */
		cost(o, OP_SIDECORE_WARM, "sidecore_warm_ratio", "%.4f",
		     f[OP_SIDECORE_WARM].a / f[OP_SIDECORE].a, 0, false,
		     "the warm intercept over sidecore_frame's");
	if (o->have[OP_SIDECORE] && o->have[OP_SIDECORE_P50]) {
		/* Per-frame work is skewed (its mean is above its median): lognormal, whose
		 * mean/median = exp(sigma^2 / 2), from the measured means over the medians. */
		double r = gsl_stats_mean(o->qy[OP_SIDECORE], 1, o->qn[OP_SIDECORE]) /
			   gsl_stats_mean(o->qy[OP_SIDECORE_P50], 1, o->qn[OP_SIDECORE_P50]);
		cost_text(o, OP_SIDECORE_P50, "sidecore_dist", r > 1 ? "lognormal" : "const", false,
			  "mean over median of the per-frame work");
		if (r > 1)
			cost(o, OP_SIDECORE_P50, "sidecore_sigma", "%.4f", sqrt(2 * log(r)), 0, false,
			     "sqrt(2 ln(mean / median)) of the per-frame work");
	}
	if (o->have[OP_CLAIM])
		cost(o, OP_CLAIM, "rx_claim_ns", "%.3f", f[OP_CLAIM].a, f[OP_CLAIM].se_a, false,
		     "the mean");
}

void cal_check(struct cal_out *o)
{
	for (int op = 0; op < OP_COUNT; op++)
		if (o->have[op])
			check_fit(o, op);
	check_latency_vrio(o);
	derive_costs(o);
}
