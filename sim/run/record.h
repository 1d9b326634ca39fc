/*
 * record — what one simulation gives back: which model and replication it was, and its metrics
 * by name (in the order the models report them).
 *
 * The boundary between the models and the rest of sim/: runs are collected, written, tabulated
 * and plotted as records, so only simulate.c knows the models' own result type.
 */
#ifndef VRIOSIM_RECORD_H
#define VRIOSIM_RECORD_H

#include "params.h"

#define RUN_MAX_METRICS 48

/* One named result of a run. */
struct run_metric {
	const char *name;    /* static string of this program image (common/metrics.def) */
	double value;        /* in @unit */
	const char *unit;    /* static string, as written in CSVs */
};

/* One simulation: a model and a replication of the scenario. */
struct run_record {
	enum vs_model model;                 /* the I/O model simulated */
	int replication;                     /* 0 .. run.replications - 1 */
	int n;                               /* metrics in m[] */
	struct run_metric m[RUN_MAX_METRICS]; /* the metrics, in the models' order */
	char error[256];                     /* non-empty: the run cannot be trusted, and why */
};

#endif
