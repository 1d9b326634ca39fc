/*
 * metric_schema — the names, units and windows of every metric (metrics.def), shared by the
 * simulator and the emulator so the same name always means the same thing. Plain C, no SimGrid.
 */
#ifndef VRIOSIM_METRIC_SCHEMA_H
#define VRIOSIM_METRIC_SCHEMA_H

#include <stdbool.h>

enum metric_window {
	MW_WINDOW, /* the measured window after the warm-up */
	MW_RUN,    /* the whole run (conservation counters) */
	MW_CONFIG, /* the configuration, not time */
};

enum metric_who { MS_SIM = 1, MS_EMU = 2, MS_BOTH = 3 };

enum metric_id {
#define METRIC(name, unit, window, who, table, doc) METRIC_##name,
#include "metrics.def"
#undef METRIC
	METRIC_COUNT
};

struct metric_def {
	const char *name;          /* as written in CSVs */
	const char *unit;
	enum metric_window window;
	unsigned who;              /* enum metric_who bits */
	bool table;                /* vriosim's summary table shows it */
	const char *doc;           /* one line: what it means */
};

/* The definition of @id (NULL if out of range). */
const struct metric_def *metric_def(enum metric_id id);
/* The id of the metric named @name, or -1. */
int metric_find(const char *name);
/* A word for @w ("window", "run", "config"). */
const char *metric_window_name(enum metric_window w);

#endif
