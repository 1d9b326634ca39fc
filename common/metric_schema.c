/*
 * metric_schema — the table built from metrics.def.
 */
#include "metric_schema.h"

#include <string.h>

static const struct metric_def defs[METRIC_COUNT] = {
#define METRIC(name_, unit_, window_, who_, table_, doc_) \
	[METRIC_##name_] = { #name_, unit_, window_, who_, table_, doc_ },
#include "metrics.def"
#undef METRIC
};

const struct metric_def *metric_def(enum metric_id id)
{
	return (unsigned)id < METRIC_COUNT ? &defs[id] : NULL;
}

int metric_find(const char *name)
{
	for (int i = 0; i < METRIC_COUNT; i++)
		if (!strcmp(defs[i].name, name))
			return i;
	return -1;
}

const char *metric_window_name(enum metric_window w)
{
	switch (w) {
	case MW_WINDOW: return "window";
	case MW_RUN: return "run";
	case MW_CONFIG: return "config";
	}
	return "?";
}
