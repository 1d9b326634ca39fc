/*
 * record — what one simulation gives back: which model and replication it was, and its
 * results (the models' public struct vs_results: metrics by name, in the schema's order).
 */
#ifndef VRIOSIM_RECORD_H
#define VRIOSIM_RECORD_H

#include "vriosim.h"

/* One simulation: a model and a replication of the scenario, and what it gave. */
struct run_record {
	int model;                /* the I/O model simulated (VS_VOCAB_MODEL) */
	int replication;          /* 0 .. run.replications - 1 */
	struct vs_results res;    /* its metrics (the schema's order), or why it cannot be trusted */
};

#endif
