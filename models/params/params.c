/*
 * params — the vocabulary of keys, the defaults (from the key table, keys.c), and cross-key
 * checks.
 */
#include <math.h>
#include <stdbool.h>
#include <string.h>

#include "bug.h"
#include "io_model.h"
#include "sidecore.h"
#include "vriosim.h"
#include "workload.h"

/* ---- Vocabulary ---- */

const double vs_cdf_q[VS_CDF_POINTS] = {
	0.01, 0.02, 0.03, 0.04, 0.05, 0.06, 0.07, 0.08, 0.09, 0.10, 0.11, 0.12, 0.13, 0.14, 0.15,
	0.16, 0.17, 0.18, 0.19, 0.20, 0.21, 0.22, 0.23, 0.24, 0.25, 0.26, 0.27, 0.28, 0.29, 0.30,
	0.31, 0.32, 0.33, 0.34, 0.35, 0.36, 0.37, 0.38, 0.39, 0.40, 0.41, 0.42, 0.43, 0.44, 0.45,
	0.46, 0.47, 0.48, 0.49, 0.50, 0.51, 0.52, 0.53, 0.54, 0.55, 0.56, 0.57, 0.58, 0.59, 0.60,
	0.61, 0.62, 0.63, 0.64, 0.65, 0.66, 0.67, 0.68, 0.69, 0.70, 0.71, 0.72, 0.73, 0.74, 0.75,
	0.76, 0.77, 0.78, 0.79, 0.80, 0.81, 0.82, 0.83, 0.84, 0.85, 0.86, 0.87, 0.88, 0.89, 0.90,
	0.91, 0.92, 0.93, 0.94, 0.95, 0.96, 0.97, 0.98, 0.99, 0.995, 0.999, 0.9999, 1.0,
};

const char *const vs_stage_names[VS_STAGES] = { "guest", "to_backend", "queue", "service",
						 "device", "return", "guest_rx" };

static const char *const pooling_names[] = { "pooled", "partitioned", NULL };
static const char *const rx_claim_names[] = { "ring", "descriptor", NULL };
static const char *const dist_names[] = { "const", "exp", "lognormal", NULL };
static const char *const arrival_names[] = { "poisson", "constant", NULL };
static const char *const phase_names[] = { "random", "aligned", NULL };
static const char *const placement_names[] = { "local", "iohost", NULL };
static const char *const fault_names[] = { "none", "iohost", "link", "sidecore", NULL };
static const char *const failover_names[] = { "none", "iohost", NULL };
static const char *const assign_names[] = { "static", "hashed", "least_loaded", NULL };
static const char *const pattern_names[] = { "constant", "step", "ramp", "sine", "onoff", NULL };
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
	case VS_VOCAB_PATTERN: return pattern_names;
	case VS_VOCAB_ASSIGN: return assign_names;
	case VS_VOCAB_FAULT: return fault_names;
	case VS_VOCAB_FAILOVER: return failover_names;
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

/* ---- VMhosts ---- */

/* The class of VMhost @h, and the VMhosts (and VMs) of the classes before it. */
static int class_of(const struct vs_params *p, int h, int *first_host, int *first_vm)
{
	const struct vs_list *n = &p->class_vmhosts;
	int c = 0, before = 0, vms = 0;
	for (; c < n->n - 1 && h >= before + (int)n->v[c]; c++) {
		int k = (int)n->v[c];
		vms += k * (p->class_vms.n ? (int)p->class_vms.v[c] : p->vms_per_vmhost);
		before += k;
	}
	*first_host = before;
	*first_vm = vms;
	return c;
}

void vs_host(const struct vs_params *p, int h, struct vs_host *out)
{
	if (!p->class_vmhosts.n) {
		*out = (struct vs_host){ 0, p->cores_per_vmhost, p->cpu_ghz, p->gbps, p->vms_per_vmhost,
					 h * p->vms_per_vmhost };
		return;
	}
	int first_host, first_vm;
	int c = class_of(p, h, &first_host, &first_vm);
	out->class_id = c;
	out->cores = p->class_cores.n ? (int)p->class_cores.v[c] : p->cores_per_vmhost;
	out->cpu_ghz = p->class_ghz.n ? p->class_ghz.v[c] : p->cpu_ghz;
	out->gbps = p->class_gbps.n ? p->class_gbps.v[c] : p->gbps;
	out->vms = p->class_vms.n ? (int)p->class_vms.v[c] : p->vms_per_vmhost;
	out->first_vm = first_vm + (h - first_host) * out->vms;
}

int vs_total_vms(const struct vs_params *p)
{
	struct vs_host last;
	vs_host(p, p->vmhosts - 1, &last);
	return last.first_vm + last.vms;
}

/* ---- Cross-key checks ---- */

/* The [classes] lists: their lengths, whole numbers where counts, the VMhosts they add up to,
 * room for the model's own cores on each class. */
static int check_classes(const struct vs_params *p, const struct io_model *model,
			 struct vs_check *out)
{
#define FAIL(k, m)                                                                           \
	do {                                                                                 \
		out->key = (k);                                                              \
		out->msg = (m);                                                              \
		return -1;                                                                   \
	} while (0)
	const struct vs_list *n = &p->class_vmhosts;
	const struct { const struct vs_list *l; const char *key; bool whole; } lists[] = {
		{ &p->class_cores, "classes.cores_per_vmhost", true },
		{ &p->class_ghz, "classes.cpu_ghz", false },
		{ &p->class_gbps, "classes.gbps", false },
		{ &p->class_vms, "classes.vms_per_vmhost", true },
	};
	if (!n->n) {
		for (size_t i = 0; i < sizeof(lists) / sizeof(lists[0]); i++)
			if (lists[i].l->n)
				FAIL(lists[i].key, "needs classes.vmhosts (how many VMhosts of each class)");
		return 0;
	}
	long long hosts = 0;
	for (int c = 0; c < n->n; c++) {
		if (n->v[c] != floor(n->v[c]) || n->v[c] < 1)
			FAIL("classes.vmhosts", "must list whole numbers of at least 1");
		hosts += (long long)n->v[c];
	}
	if (hosts != p->vmhosts)
		FAIL("classes.vmhosts", "must add up to rack.vmhosts");
	for (size_t i = 0; i < sizeof(lists) / sizeof(lists[0]); i++) {
		const struct vs_list *l = lists[i].l;
		if (l->n && l->n != n->n)
			FAIL(lists[i].key, "must list one value per class (as many as classes.vmhosts)");
		for (int c = 0; c < l->n; c++)
			if (lists[i].whole && l->v[c] != floor(l->v[c]))
				FAIL(lists[i].key, "must list whole numbers");
	}
	/* The cores the model takes from every VMhost (Elvis' sidecores) leave VM cores. */
	int reserved = p->cores_per_vmhost - model->vm_cores(p);
	for (int c = 0; c < p->class_cores.n; c++)
		if ((int)p->class_cores.v[c] <= reserved)
			FAIL("classes.cores_per_vmhost",
			     "a class has no cores left for its VMs beside the model's own (rack.elvis_sidecores)");
	return 0;
#undef FAIL
}


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
	if (check_classes(p, model, out))
		return -1;
	if (p->iohost_sidecores > p->iohost_cores)
		FAIL("rack.iohost_sidecores", "is more than rack.iohost_cores");
	if (p->n_vm_load && p->n_vm_load != p->vmhosts)
		FAIL("workload.vm_load", "must list one weight per VMhost (rack.vmhosts of them)");
	if ((long long)p->outstanding * wl->descriptors > p->queue_size)
		FAIL("workload.outstanding", "needs more descriptors than rack.queue_size holds");
	if (wl->check && wl->check(p, out))
		return -1;
	if ((long long)vs_total_vms(p) * p->vcpus_per_vm > 1000000)
		FAIL("rack.vms_per_vmhost", "more than a million guest queues");
	return 0;
#undef FAIL
}
