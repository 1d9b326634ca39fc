/*
 * sc_policy — the policies by name (policies.def).
 */
#include "sc_policy.h"

#include <stddef.h>

#define SC_POLICY(n) extern const struct sc_policy sc_policy_##n;
#include "policies.def"
#undef SC_POLICY

static const struct sc_policy *const registry[] = {
#define SC_POLICY(n) &sc_policy_##n,
#include "policies.def"
#undef SC_POLICY
};

static const char *const names[] = {
#define SC_POLICY(n) #n,
#include "policies.def"
#undef SC_POLICY
	NULL
};

#define N_POLICIES (int)(sizeof(registry) / sizeof(registry[0]))

const struct sc_policy *sc_policy_get(int index)
{
	return index >= 0 && index < N_POLICIES ? registry[index] : NULL;
}

int sc_policy_count(void) { return N_POLICIES; }
const char *const *sidecore_policy_names(void) { return names; }
