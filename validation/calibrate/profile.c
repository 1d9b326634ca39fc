/*
 * profile — the fitted profile as INI (see profile.h).
 */
#include "profile.h"

#include <gsl/gsl_statistics_double.h>
#include <math.h>
#include <stdio.h>

#include "version.h"

int cal_write_profile(FILE *f, void *ctx)
{
	struct cal_out *o = ctx;
	const struct cal_in *c = o->in;
	double g = c->ghz;
	fprintf(f, "; vriosim calibration profile: fitted by `vriosim calibrate %s`\n", c->file);
	fprintf(f, "; %s. Include it from a scenario with [costs] profile = <this file>.\n",
		version_string());
	fprintf(f, "; Least squares (GSL gsl_fit_linear) on the emulator's per-operation measurements.\n\n");
	fprintf(f, "[profile]\n");
	fprintf(f, "source = %s\n", c->file);
	fprintf(f, "stamp = %s\n", c->stamp);
	fprintf(f, "host = %s\n", c->host[0] ? c->host : "unknown");
	fprintf(f, "cpu_model = %s\n", c->cpu_model[0] ? c->cpu_model : "unknown");
	fprintf(f, "cpu_ghz = %.4f\n", g);
	fprintf(f, "kernel = %s\n", c->kernel[0] ? c->kernel : "unknown");
	fprintf(f, "measured = %s\n", c->date[0] ? c->date : "unknown");
	fprintf(f, "rows = %zu\n", c->rows);
	fprintf(f, "rows_on_busy_machine = %zu\n", c->busy_rows);
	/* Kept under libinih's 200-character line limit. */
	fprintf(f, "not_measured = exit_direct_cycles exit_indirect_cycles notify_cycles "
		   "irq_inject_cycles eoi_cycles guest_irq_cycles\n");
	fprintf(f, "not_measured_why = VM exits and interrupt injection cannot be measured here "
		   "(no hardware virtualization): they remain literature values\n");
	fprintf(f, "\n[costs]\n");
	if (o->have[OP_SIDECORE]) {
		fprintf(f, "sidecore_req_cycles = %.1f\n", fmax(0, o->fit[OP_SIDECORE].a) * g);
		fprintf(f, "sidecore_byte_cycles = %.4f\n", fmax(0, o->fit[OP_SIDECORE].b) * g);
	}
	if (o->have[OP_VHOST]) {
		fprintf(f, "vhost_req_cycles = %.1f\n", fmax(0, o->fit[OP_VHOST].a) * g);
		fprintf(f, "vhost_byte_cycles = %.4f\n", fmax(0, o->fit[OP_VHOST].b) * g);
	}
	if (o->have[OP_POLL])
		fprintf(f, "poll_queue_ns = %.3f\n", fmax(0, o->fit[OP_POLL].b));
	if (o->have[OP_WAKEUP])
		fprintf(f, "wakeup_us = %.4f\n", o->fit[OP_WAKEUP].a / 1000);
	if (o->have[OP_PASS])
		fprintf(f, "poll_pass_ns = %.1f\n", o->fit[OP_PASS].a);
	if (o->have[OP_SIDECORE] && o->have[OP_SIDECORE_WARM] && o->fit[OP_SIDECORE].a > 0) {
		/* The per-frame part of the work, warm over cold (the byte part is a copy). */
		double r = o->fit[OP_SIDECORE_WARM].a / o->fit[OP_SIDECORE].a;
		fprintf(f, "sidecore_warm_ratio = %.4f\n", r < 0.01 ? 0.01 : r > 1 ? 1 : r);
	}
	if (o->have[OP_SIDECORE] && o->have[OP_SIDECORE_P50]) {
		/* Per-frame work is skewed (its mean is above its median): lognormal, whose
		 * mean/median = exp(sigma^2 / 2), from the measured means over the medians. */
		double r = gsl_stats_mean(c->y[OP_SIDECORE], 1, c->n[OP_SIDECORE]) /
			   gsl_stats_mean(c->y[OP_SIDECORE_P50], 1, c->n[OP_SIDECORE_P50]);
		if (r > 1)
			fprintf(f, "sidecore_dist = lognormal\nsidecore_sigma = %.4f\n", sqrt(2 * log(r)));
		else
			fprintf(f, "sidecore_dist = const\n");
	}
	if (o->have[OP_CLAIM])
		fprintf(f, "rx_claim_ns = %.3f\n", o->fit[OP_CLAIM].a);
	fprintf(f, "\n[fit]\n");
	fprintf(f, "; per fit: y = a + b*x in ns; standard errors from the residuals; R^2; n points\n");
	for (int i = 0; i < OP_COUNT; i++) {
		if (!o->have[i])
			continue;
		const struct cal_fit *t = &o->fit[i];
		fprintf(f, "%s = %s\n", cal_ops[i].name, cal_ops[i].what);
		fprintf(f, "%s_x = %s\n", cal_ops[i].name, cal_ops[i].x);
		fprintf(f, "%s_a_ns = %.4f\n%s_a_se = %.4f\n", cal_ops[i].name, t->a, cal_ops[i].name, t->se_a);
		if (t->linear)
			fprintf(f, "%s_b_ns = %.6f\n%s_b_se = %.6f\n%s_r2 = %.4f\n", cal_ops[i].name, t->b,
				cal_ops[i].name, t->se_b, cal_ops[i].name, t->r2);
		fprintf(f, "%s_n = %zu\n", cal_ops[i].name, t->n);
	}
	return ferror(f) ? -1 : 0;
}
