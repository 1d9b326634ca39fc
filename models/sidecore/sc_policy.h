/*
 * sc_policy — how a sidecore orders one polling pass (rack.sidecore_policy). Private to the
 * sidecore module: a policy is one file (policy_<name>.c, defining `sc_policy_<name>`) and one
 * line in policies.def, built from the visits of sc_visit.h.
 */
#ifndef VRIOSIM_SC_POLICY_H
#define VRIOSIM_SC_POLICY_H

#include <stdbool.h>

struct sidecore;

struct sc_policy {
	/* One pass over the sidecore's group. True if anything was served. */
	bool (*pass)(struct sidecore *sc);
};

/* The registry (policies.def), by index = the value of rack.sidecore_policy. */
const struct sc_policy *sc_policy_get(int index);
int sc_policy_count(void);

#endif
