/*
 * determinism — layer 4: the same scenario and seed twice give byte-identical summary.csv
 * (conservation is checked on every run the other layers make).
 */
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fsutil.h"
#include "layers.h"

void layer_determinism(struct vctx *x)
{
	const char *sets[] = { "run.duration_s=0.2", "run.warmup_s=0.02", "run.replications=2", NULL };
	const char *file = x->fast ? "validation/analytic/mm1.ini" : "scenarios/netperf-rr.ini";
	struct csvio_table ta, tb;
	int a = vctx_sim_run(x, file, "det-a", sets, &ta), b = vctx_sim_run(x, file, "det-b", sets, &tb);
	if (!a)
		csvio_free(&ta);
	if (!b)
		csvio_free(&tb);
	if (a || b) {
		check_range(&x->checks, "determinism", "same scenario + seed -> identical summary.csv",
			    NAN, 1, 1, "", "a run failed");
		return;
	}
	char pa[PATH_MAX * 2], pb[PATH_MAX * 2];
	size_t la = 0, lb = 0;
	snprintf(pa, sizeof(pa), "%s/det-a/summary.csv", x->work);
	snprintf(pb, sizeof(pb), "%s/det-b/summary.csv", x->work);
	/* The run_id and output directory do not appear in summary.csv, so the files must be
	 * byte-identical. */
	char *ba = fs_slurp(pa, 0, &la), *bb = fs_slurp(pb, 0, &lb);
	int same = ba && bb && la == lb && !memcmp(ba, bb, la);
	free(ba);
	free(bb);
	char name[128];
	snprintf(name, sizeof(name), "%s twice, same seed: byte-identical summary.csv",
		 strrchr(file, '/') + 1);
	check_range(&x->checks, "determinism", name, same, 1, 1, "flag", NULL);
}
