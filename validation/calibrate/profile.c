/*
 * profile — the fitted profile as INI (see profile.h).
 */
#include "profile.h"

#include <stdio.h>
#include <string.h>

#include "quality.h"
#include "version.h"

/* @v made safe for one INI line: control characters (newlines above all) become '?', and
 * more than CAL_PROV_MAX characters are cut — from the front when @keep_end (a path: its end
 * names the file), else from the back — with "..." where the cut is. */
static const char *safe(const char *v, bool keep_end, char *buf, size_t n)
{
	char tmp[CAL_PROV_MAX * 4 + 8];
	size_t len = strlen(v), k = 0;
	const char *from = v;
	bool cut = len > CAL_PROV_MAX;
	if (cut && keep_end)
		from = v + len - (CAL_PROV_MAX - 3);
	for (size_t i = 0; from[i] && k < (cut ? CAL_PROV_MAX - 3 : CAL_PROV_MAX); i++) {
		unsigned char ch = (unsigned char)from[i];
		tmp[k++] = ch < 0x20 || ch == 0x7f ? '?' : (char)ch;
	}
	tmp[k] = 0;
	if (!cut)
		snprintf(buf, n, "%s", tmp);
	else
		snprintf(buf, n, keep_end ? "...%s" : "%s...", tmp);
	return buf[0] ? buf : "unknown";
}

static void prov(FILE *f, const char *key, const char *v, bool keep_end)
{
	char buf[CAL_PROV_MAX + 8];
	fprintf(f, "%s = %s\n", key, safe(v && v[0] ? v : "unknown", keep_end, buf, sizeof(buf)));
}

int cal_write_profile(FILE *f, void *ctx)
{
	struct cal_out *o = ctx;
	const struct cal_in *c = o->in;
	char buf[CAL_PROV_MAX + 8];
	fprintf(f, "; vriosim calibration profile: fitted by `vriosim calibrate` ([profile] source)\n");
	fprintf(f, "; %s. Include it from a scenario with [costs] profile = <this file>.\n",
		safe(version_string(), false, buf, sizeof(buf)));
	fprintf(f, "; Least squares (GSL gsl_fit_linear) on the emulator's per-operation measurements\n"
		   "; taken on a quiet machine (rows flagged busy are left out).\n\n");
	fprintf(f, "[profile]\n");
	prov(f, "source", c->file, true);
	prov(f, "stamp", c->stamp, false);
	prov(f, "host", c->host, false);
	prov(f, "cpu_model", c->cpu_model, false);
	prov(f, "kernel", c->kernel, false);
	prov(f, "measured", c->date, false);
	fprintf(f, "rows = %zu\n", c->rows);
	fprintf(f, "rows_on_busy_machine = %zu\n", c->busy_rows);
	fprintf(f, "rows_fitted = %zu\n", c->rows - c->busy_rows);
	char rules[160];
	cal_quality_rules(rules, sizeof(rules));
	fprintf(f, "quality = %s\n", rules);
	/* The clock: the [costs] keys listed in cycle_keys are cycles at cpu_ghz (the measured
	 * ns times cpu_ghz); the others are times or ratios, whatever the clock. A rack at
	 * another rack.cpu_ghz turns those cycles into other times: the scenario reader compares
	 * the two clocks (docs/calibration.md, "The clock"). */
	fprintf(f, "cpu_ghz = %.4f\n", c->ghz);
	fprintf(f, "cycle_keys =");
	for (int i = 0; i < o->n_costs; i++)
		if (o->costs[i].cycles)
			fprintf(f, " %s", o->costs[i].key);
	fprintf(f, "\n");
	/* Kept under libinih's 200-character line limit. */
	fprintf(f, "not_measured = exit_direct_cycles exit_indirect_cycles notify_cycles "
		   "irq_inject_cycles eoi_cycles guest_irq_cycles\n");
	fprintf(f, "not_measured_why = VM exits and interrupt injection cannot be measured here "
		   "(no hardware virtualization): they remain literature values\n");
	fprintf(f, "\n[costs]\n");
	for (int i = 0; i < o->n_costs; i++)
		fprintf(f, "%s = %s\n", o->costs[i].key, o->costs[i].text);
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
