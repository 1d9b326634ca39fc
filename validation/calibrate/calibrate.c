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
	if (!(in->ghz > 0)) {
		fprintf(stderr, "%s:%d: cpu_ghz: not in the file and not in /proc/cpuinfo\n", in->file, 1);
		goto done;
	}
	int fitted = 0;
	for (int i = 0; i < OP_COUNT; i++) {
		if (!in->n[i])
			continue;
		int linear = cal_ops[i].linear;
		if (linear < 0)
			linear = in->n[i] > 1 && gsl_stats_variance(in->x[i], 1, in->n[i]) > 0;
		if (cal_fit_line(in->x[i], in->y[i], in->n[i], linear, &o->fit[i])) {
			fprintf(stderr, "%s:%d: %s: cannot fit (%zu rows; need 3 or more%s)\n", in->file,
				in->line, cal_ops[i].name, in->n[i],
				linear ? " over at least two distinct x" : "");
			goto done;
		}
		o->have[i] = true;
		fitted++;
	}
	if (!fitted) {
		fprintf(stderr, "%s:%d: op: no measurements\n", in->file, in->line);
		goto done;
	}
	if (fs_atomic_write(out, cal_write_profile, o)) {
		fprintf(stderr, "vriosim calibrate: -o %s: cannot write (%s)\n", out, strerror(errno));
		rc = 1;
		goto done;
	}
	rc = 0;
done:
	if (in)
		cal_in_free(in);
	free(in);
	free(o);
	return rc;
}
