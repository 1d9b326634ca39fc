/*
 * params — the vocabulary of keys, the defaults (from the key table, keys.c), and cross-key
 * checks.
 */
#include <string.h>

#include "bug.h"
#include "io_model.h"
#include "sidecore.h"
#include "vriosim.h"
#include "workload.h"

/* ---- Vocabulary ---- */

static const char *const pooling_names[] = { "pooled", "partitioned", NULL };
static const char *const rx_claim_names[] = { "ring", "descriptor", NULL };
static const char *const dist_names[] = { "const", "exp", "lognormal", NULL };
static const char *const arrival_names[] = { "poisson", "constant", NULL };
static const char *const phase_names[] = { "random", "aligned", NULL };
static const char *const placement_names[] = { "local", "iohost", NULL };
static const char *const shared_cores_names[] = { "cfs", "ps", NULL };
static const char *const scaling_names[] = { "none", "log", "linear", NULL };

const char *const *vs_vocab_names(enum vs_vocab v)
{
	switch (v) {
	case VS_VOCAB_MODEL: return io_model_names();
	case VS_VOCAB_WORKLOAD: return workload_names();
	case VS_VOCAB_POLICY: return sidecore_policy_names();
	case VS_VOCAB_POOLING: return pooling_names;
	case VS_VOCAB_RX_CLAIM: return rx_claim_names;
	case VS_VOCAB_DIST: return dist_names;
	case VS_VOCAB_ARRIVAL: return arrival_names;
	case VS_VOCAB_PHASE: return phase_names;
	case VS_VOCAB_PLACEMENT: return placement_names;
	case VS_VOCAB_SHARED_CORES: return shared_cores_names;
	case VS_VOCAB_SCALING: return scaling_names;
	case VS_VOCAB_COUNT: break;
	}
	return NULL;
}

int vs_vocab_parse(enum vs_vocab v, const char *word)
{
	const char *const *names = vs_vocab_names(v);
	for (int i = 0; names && names[i]; i++)
		if (!strcmp(word, names[i]))
			return i;
	return -1;
}

const char *vs_vocab_name(enum vs_vocab v, int value)
{
	const char *const *names = vs_vocab_names(v);
	for (int i = 0; names && names[i]; i++)
		if (i == value)
			return names[i];
	return "?";
}

int vs_model_count(void) { return io_model_count(); }

/* ---- Defaults ---- */

void vs_params_default(struct vs_params *p)
{
	memset(p, 0, sizeof(*p));
	int n;
	const struct vs_key *keys = vs_keys(&n);
	for (int i = 0; i < n; i++) {
		char buf[128];
		if (keys[i].def[0] && vs_key_set(p, &keys[i], keys[i].def, buf, sizeof(buf)))
			vs_bug(__FILE__, __LINE__, "default", "[%s] %s: bad default \"%s\"",
			       keys[i].section, keys[i].name, keys[i].def);
	}
	/* The model of a scenario without [model] kind; the runner sets it for every run. */
	p->kind = vs_model_parse("elvis");
}

/* ---- Cross-key checks ---- */

int vs_params_check(const struct vs_params *p, struct vs_check *out)
{
#define FAIL(k, m)                                                                           \
	do {                                                                                 \
		out->key = (k);                                                              \
		out->msg = (m);                                                              \
		return -1;                                                                   \
	} while (0)
	const struct io_model *model = io_model_get(p->kind);
	const struct workload *wl = workload_get(p->workload);
	if (!model)
		FAIL("model.kind", "is not an I/O model");
	if (!wl)
		FAIL("workload.kind", "is not a workload");
	if (p->warmup_s >= p->duration_s)
		FAIL("run.warmup_s", "must be less than run.duration_s");
	if (model->check && model->check(p, out))
		return -1;
	if (p->iohost_sidecores > p->iohost_cores)
		FAIL("rack.iohost_sidecores", "is more than rack.iohost_cores");
	if (p->n_vm_load && p->n_vm_load != p->vmhosts)
		FAIL("workload.vm_load", "must list one weight per VMhost (rack.vmhosts of them)");
	if ((long long)p->outstanding * wl->descriptors > p->queue_size)
		FAIL("workload.outstanding", "needs more descriptors than rack.queue_size holds");
	if (wl->check && wl->check(p, out))
		return -1;
	if ((long long)p->vmhosts * p->vms_per_vmhost * p->vcpus_per_vm > 1000000)
		FAIL("rack.vms_per_vmhost", "more than a million guest queues");
	return 0;
#undef FAIL
}
