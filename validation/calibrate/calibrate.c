/*
 * calibrate — read, fit every operation measured, write (see calibrate.h).
 */
#include "calibrate.h"

#include <errno.h>
#include <gsl/gsl_statistics_double.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fsutil.h"
#include "profile.h"
#include "quality.h"
#include "vriosim.h"

/* Is @ghz a clock a rack can have (the scenario side sets rack.cpu_ghz from it)? */
static bool clock_ok(double ghz)
{
	const struct vs_key *k = vs_key_find("rack", "cpu_ghz");
	struct vs_params p;
	char text[32], buf[160];
	snprintf(text, sizeof(text), "%.4f", ghz);
	vs_params_default(&p);
	return ghz > 0 && k && !vs_key_set(&p, k, text, buf, sizeof(buf));
}

static void out_free(struct cal_out *o)
{
	for (int i = 0; i < OP_COUNT; i++) {
		free(o->qx[i]);
		free(o->qy[i]);
	}
}

int calibrate_run(const char *measured, const char *out)
{
	struct cal_in *in = calloc(1, sizeof(*in));
	struct cal_out *o = calloc(1, sizeof(*o));
	int rc = 2;
	if (!in || !o) {
		fprintf(stderr, "vriosim calibrate: no memory for the measurements\n");
		rc = 1;
		goto done;
	}
	in->file = measured;
	o->in = in;
	if (cal_read(in)) {
		fprintf(stderr, "%s\n", in->err);
		goto done;
	}
	if (!in->ghz)
		in->ghz = cal_cpuinfo_ghz(in->cpu_model, sizeof(in->cpu_model));
	if (!clock_ok(in->ghz)) {
		fprintf(stderr, "%s:%d: cpu_ghz: not in the file and not in /proc/cpuinfo\n", in->file, 1);
		goto done;
	}
	/* The file must hold what a fit needs (else it is not a calibration: bad input)... */
	int measured_ops = 0;
	for (int i = 0; i < OP_COUNT; i++) {
		if (!in->n[i])
			continue;
		int linear = cal_ops[i].linear;
		if (linear < 0)
			linear = in->n[i] > 1 && gsl_stats_variance(in->x[i], 1, in->n[i]) > 0;
		struct cal_fit probe;
		if (cal_fit_line(in->x[i], in->y[i], in->n[i], linear, &probe)) {
			fprintf(stderr, "%s:%d: %s: cannot fit (%zu rows; need 3 or more%s)\n", in->file,
				in->line, cal_ops[i].name, in->n[i],
				linear ? " over at least two distinct x" : "");
			goto done;
		}
		measured_ops++;
	}
	if (!measured_ops) {
		fprintf(stderr, "%s:%d: op: no measurements\n", in->file, in->line);
		goto done;
	}
	/* ... and then be good enough: fits on the rows of a quiet machine, checked. */
	rc = 1;
	if (cal_quiet_rows(o)) {
		fprintf(stderr, "vriosim calibrate: no memory for the measurements\n");
		goto done;
	}
	for (int i = 0; i < OP_COUNT; i++) {
		if (!in->n[i] || o->qn[i] < CAL_MIN_QUIET_ROWS)
			continue; /* refused already */
		int linear = cal_ops[i].linear;
		if (linear < 0)
			linear = gsl_stats_variance(in->x[i], 1, in->n[i]) > 0;
		if (cal_fit_line(o->qx[i], o->qy[i], o->qn[i], linear, &o->fit[i])) {
			cal_refuse(o, "%s: its quiet rows have one %s only: a line needs two", cal_ops[i].name,
				   cal_ops[i].x);
			continue;
		}
		o->have[i] = true;
	}
	cal_check(o);
	if (o->n_refused) {
		fprintf(stderr, "vriosim calibrate: %s: no profile written: %d fit%s refused (%zu of %zu "
				"rows taken on a busy machine; docs/calibration.md, \"When a calibration is "
				"refused\"):\n", in->file, o->n_refused, o->n_refused == 1 ? "" : "s",
			in->busy_rows, in->rows);
		for (int i = 0; i < o->n_refused && i < CAL_MAX_REFUSED; i++)
			fprintf(stderr, "vriosim calibrate: %s: %s\n", in->file, o->refused[i]);
		if (o->n_refused > CAL_MAX_REFUSED)
			fprintf(stderr, "vriosim calibrate: %s: ... and %d more\n", in->file,
				o->n_refused - CAL_MAX_REFUSED);
		goto done;
	}
	if (fs_atomic_write(out, cal_write_profile, o)) {
		fprintf(stderr, "vriosim calibrate: -o %s: cannot write (%s)\n", out, strerror(errno));
		goto done;
	}
	rc = 0;
done:
	if (in)
		cal_in_free(in);
	if (o)
		out_free(o);
	free(in);
	free(o);
	return rc;
}
