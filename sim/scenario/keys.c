/*
 * scenario/keys — the scenario keys, declared once: section, name, type, bounds, where the
 * value goes. Reading ([ini.c]), --set, sweeps' axes and the dump all go through this table.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <math.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "internal.h"
#include "vring.h"

/* ======================= the table ======================= */

static const char *const policy_names[] = { "rr", "longest", NULL };
static const char *const pooling_names[] = { "pooled", "partitioned", NULL };
static const char *const placement_names[] = { "local", "iohost", NULL };
static const char *const workload_names[] = { "rr", "stream", "open", "pktgen", "block", "trace", NULL };
static const char *const dist_names[] = { "const", "exp", "lognormal", NULL };
static const char *const arrival_names[] = { "poisson", "constant", NULL };
static const char *const phase_names[] = { "random", "aligned", NULL };
static const char *const claim_names[] = { "ring", "descriptor", NULL };

#define P(f) offsetof(struct vs_params, f)
#define S(f) offsetof(struct scenario, f)
#define BIG 1e300
#define P(f) offsetof(struct vs_params, f)
#define S(f) offsetof(struct scenario, f)
#define BIG 1e300
const struct scn_key scn_keys[] = {
	{ "run", "duration_s", K_DOUBLE, P(duration_s), 1e-9, 1e6, NULL },
	{ "run", "warmup_s", K_DOUBLE, P(warmup_s), 0, 1e6, NULL },
	{ "run", "seed", K_U64, P(seed), 0, 1.8e19, NULL },
	{ "run", "replications", K_INT, P(replications), 1, 1000, NULL },
	{ "model", "kind", K_MODELS, 0, 0, 0, NULL },
	{ "model", "eli", K_BOOL, P(eli), 0, 1, NULL },
	{ "model", "event_idx", K_BOOL, P(event_idx), 0, 1, NULL },
	{ "rack", "vmhosts", K_INT, P(vmhosts), 1, VS_MAX_VMHOSTS, NULL },
	{ "rack", "cores_per_vmhost", K_INT, P(cores_per_vmhost), 1, 4096, NULL },
	{ "rack", "vms_per_vmhost", K_INT, P(vms_per_vmhost), 1, 4096, NULL },
	{ "rack", "vcpus_per_vm", K_INT, P(vcpus_per_vm), 1, 256, NULL },
	{ "rack", "cpu_ghz", K_DOUBLE, P(cpu_ghz), 0.01, 100, NULL },
	{ "rack", "elvis_sidecores", K_INT, P(elvis_sidecores), 0, 4096, NULL },
	{ "rack", "iohost_sidecores", K_INT, P(iohost_sidecores), 0, 4096, NULL },
	{ "rack", "iohost_cores", K_INT, P(iohost_cores), 1, 4096, NULL },
	{ "rack", "clients", K_INT, P(clients), 1, 65536, NULL },
	{ "rack", "queue_size", K_INT, P(queue_size), 2, VRING_MAX_NUM, NULL },
	{ "rack", "sidecore_batch", K_INT, P(sidecore_batch), 1, 256, NULL },
	{ "rack", "sidecore_policy", K_ENUM, P(sidecore_policy), 0, 0, policy_names },
	{ "rack", "iohost_pooling", K_ENUM, P(iohost_pooling), 0, 0, pooling_names },
	{ "rack", "iohost_rx_rings", K_INT, P(iohost_rx_rings), 0, 4096, NULL },
	{ "rack", "iohost_rx_claim", K_ENUM, P(iohost_rx_claim), 0, 0, claim_names },
	{ "wire", "gbps", K_DOUBLE, P(gbps), 1e-3, 1e5, NULL },
	{ "wire", "iohost_gbps", K_DOUBLE, P(iohost_gbps), 0, 1e5, NULL },
	{ "wire", "mtu", K_INT, P(mtu), 68, 65535, NULL },
	{ "wire", "tso", K_BOOL, P(tso), 0, 1, NULL },
	{ "wire", "nic_latency_us", K_DOUBLE, P(nic_latency_us), 0, 1e6, NULL },
	{ "wire", "switch_latency_us", K_DOUBLE, P(switch_latency_us), 0, 1e6, NULL },
	{ "wire", "propagation_us", K_DOUBLE, P(propagation_us), 0, 1e6, NULL },
	{ "costs", "exit_direct_cycles", K_DOUBLE, P(exit_direct_cycles), 0, BIG, NULL },
	{ "costs", "exit_indirect_cycles", K_DOUBLE, P(exit_indirect_cycles), 0, BIG, NULL },
	{ "costs", "notify_cycles", K_DOUBLE, P(notify_cycles), 0, BIG, NULL },
	{ "costs", "irq_inject_cycles", K_DOUBLE, P(irq_inject_cycles), 0, BIG, NULL },
	{ "costs", "eoi_cycles", K_DOUBLE, P(eoi_cycles), 0, BIG, NULL },
	{ "costs", "guest_irq_cycles", K_DOUBLE, P(guest_irq_cycles), 0, BIG, NULL },
	{ "costs", "app_cycles", K_DOUBLE, P(app_cycles), 0, BIG, NULL },
	{ "costs", "guest_stack_cycles", K_DOUBLE, P(guest_stack_cycles), 0, BIG, NULL },
	{ "costs", "guest_byte_cycles", K_DOUBLE, P(guest_byte_cycles), 0, BIG, NULL },
	{ "costs", "vhost_req_cycles", K_DOUBLE, P(vhost_req_cycles), 0, BIG, NULL },
	{ "costs", "vhost_byte_cycles", K_DOUBLE, P(vhost_byte_cycles), 0, BIG, NULL },
	{ "costs", "wakeup_us", K_DOUBLE, P(wakeup_us), 0, 1e6, NULL },
	{ "costs", "sidecore_req_cycles", K_DOUBLE, P(sidecore_req_cycles), 0, BIG, NULL },
	{ "costs", "sidecore_byte_cycles", K_DOUBLE, P(sidecore_byte_cycles), 0, BIG, NULL },
	{ "costs", "poll_queue_ns", K_DOUBLE, P(poll_queue_ns), 0, 1e9, NULL },
	{ "costs", "rx_claim_ns", K_DOUBLE, P(rx_claim_ns), 0, 1e9, NULL },
	{ "costs", "poll_pass_ns", K_DOUBLE, P(poll_pass_ns), 0, 1e9, NULL },
	{ "costs", "sidecore_dist", K_ENUM, P(sidecore_dist.kind), 0, 0, dist_names },
	{ "costs", "sidecore_sigma", K_DOUBLE, P(sidecore_dist.sigma), 0, 10, NULL },
	{ "costs", "sidecore_warm_ratio", K_DOUBLE, P(sidecore_warm_ratio), 0.01, 1, NULL },
	{ "costs", "interpose_cycles", K_DOUBLE, P(interpose_cycles), 0, BIG, NULL },
	{ "costs", "vrio_encap_cycles", K_DOUBLE, P(vrio_encap_cycles), 0, BIG, NULL },
	{ "costs", "virt_overhead", K_DOUBLE, P(virt_overhead), 1, 100, NULL },
	{ "costs", "peer_us", K_DOUBLE, P(peer_us), 0, 1e9, NULL },
	{ "costs", "profile", K_PATH, S(profile), 0, 0, NULL },
	{ "workload", "kind", K_ENUM, P(workload), 0, 0, workload_names },
	{ "workload", "msg_bytes", K_U32, P(msg_bytes), 1, 1 << 30, NULL },
	{ "workload", "resp_bytes", K_U32, P(resp_bytes), 0, 1 << 30, NULL },
	{ "workload", "outstanding", K_INT, P(outstanding), 1, VRING_MAX_NUM, NULL },
	{ "workload", "burst", K_INT, P(burst), 1, VS_MAX_BURST, NULL },
	{ "workload", "rate_rps", K_DOUBLE, P(rate_rps), 0, 1e12, NULL },
	{ "workload", "arrival", K_ENUM, P(arrival), 0, 0, arrival_names },
	{ "workload", "phase", K_ENUM, P(phase), 0, 0, phase_names },
	{ "workload", "size_dist", K_ENUM, P(size_dist.kind), 0, 0, dist_names },
	{ "workload", "size_sigma", K_DOUBLE, P(size_dist.sigma), 0, 10, NULL },
	{ "workload", "service_dist", K_ENUM, P(service_dist.kind), 0, 0, dist_names },
	{ "workload", "service_sigma", K_DOUBLE, P(service_dist.sigma), 0, 10, NULL },
	{ "workload", "service_us", K_DOUBLE, P(service_us), 0, 1e9, NULL },
	{ "workload", "read_fraction", K_DOUBLE, P(read_fraction), 0, 1, NULL },
	{ "workload", "vm_load", K_WEIGHTS, 0, 0, 1e6, NULL },
	{ "workload", "trace_file", K_PATH, S(trace_file), 0, 0, NULL },
	{ "device", "latency_us", K_DOUBLE, P(dev_latency_us), 0, 1e9, NULL },
	{ "device", "gbps", K_DOUBLE, P(dev_gbps), 1e-6, 1e6, NULL },
	{ "device", "queue_depth", K_INT, P(dev_queue_depth), 1, 65536, NULL },
	{ "device", "placement", K_ENUM, P(dev_placement), 0, 0, placement_names },
	{ "debug", "leak_request", K_U64, P(debug_leak_request), 0, 1.8e19, NULL },
	{ "debug", "stall", K_BOOL, P(debug_stall), 0, 1, NULL },
};
const int scn_n_keys = (int)(sizeof(scn_keys) / sizeof(scn_keys[0]));
/* struct scenario keeps a line and a --set flag per key. */
_Static_assert(sizeof(scn_keys) / sizeof(scn_keys[0]) <= SCN_MAX_KEYS, "raise SCN_MAX_KEYS");

int scn_find_key(const char *section, const char *name)
{
	for (int i = 0; i < scn_n_keys; i++)
		if (!strcmp(scn_keys[i].section, section) && !strcmp(scn_keys[i].name, name))
			return i;
	return -1;
}

bool scenario_key_exists(const char *key)
{
	const char *dot = strchr(key, '.');
	if (!dot)
		return false;
	char sec[64];
	size_t n = (size_t)(dot - key);
	if (n >= sizeof(sec))
		return false;
	memcpy(sec, key, n);
	sec[n] = 0;
	return scn_find_key(sec, dot + 1) >= 0;
}

bool scn_known_section(const char *section)
{
	for (int i = 0; i < scn_n_keys; i++)
		if (!strcmp(scn_keys[i].section, section))
			return true;
	return !strcmp(section, "sweep");
}

/* ======================= values ======================= */

char *scn_trim(char *v)
{
	while (*v == ' ' || *v == '\t')
		v++;
	size_t n = strlen(v);
	while (n && (v[n - 1] == ' ' || v[n - 1] == '\t' || v[n - 1] == '\r'))
		v[--n] = 0;
	return v;
}

int scn_parse_double(const char *v, double *out)
{
	char *end;
	errno = 0;
	double d = strtod(v, &end);
	if (end == v || *end || errno || !isfinite(d))
		return -1;
	*out = d;
	return 0;
}

static int parse_bool(const char *v, bool *out)
{
	static const char *const yes[] = { "on", "true", "yes", "1" }, *const no[] = { "off", "false", "no", "0" };
	for (int i = 0; i < 4; i++) {
		if (!strcasecmp(v, yes[i])) {
			*out = true;
			return 0;
		}
		if (!strcasecmp(v, no[i])) {
			*out = false;
			return 0;
		}
	}
	return -1;
}

static void enum_list(const char *const *names, char *buf, size_t n)
{
	buf[0] = 0;
	for (int i = 0; names[i]; i++) {
		strncat(buf, i ? "|" : "", n - strlen(buf) - 1);
		strncat(buf, names[i], n - strlen(buf) - 1);
	}
}

static void resolve_path(const struct scenario *s, const char *v, char *out)
{
	int n = (v[0] == '/' || !s->dir[0]) ? snprintf(out, PATH_MAX, "%s", v)
					     : snprintf(out, PATH_MAX, "%.2000s/%.2000s", s->dir, v);
	(void)n;
}

/* ======================= storing ======================= */

const char *scn_store(struct scn_parse *c, const struct scn_key *k, const char *value, char *buf,
		      size_t bufn)
{
	struct scenario *s = c->s;
	char *base = (char *)&s->p;
	double d;
	bool b;
	switch (k->type) {
	case K_DOUBLE:
		if (scn_parse_double(value, &d) || d < k->min || d > k->max) {
			snprintf(buf, bufn, "a number from %g to %g", k->min, k->max);
			return buf;
		}
		*(double *)(base + k->off) = d;
		return NULL;
	case K_INT:
	case K_U32:
	case K_U64: {
		char *end;
		errno = 0;
		unsigned long long u = strtoull(value, &end, 10);
		if (end == value || *end || errno || value[0] == '-' || (double)u < k->min ||
		    (double)u > k->max) {
			snprintf(buf, bufn, "a whole number from %.0f to %.0f", k->min, k->max);
			return buf;
		}
		if (k->type == K_INT)
			*(int *)(base + k->off) = (int)u;
		else if (k->type == K_U32)
			*(uint32_t *)(base + k->off) = (uint32_t)u;
		else
			*(uint64_t *)(base + k->off) = u;
		if (k->off == P(queue_size) && (u & (u - 1)))
			return "a power of 2 (virtio split rings)";
		return NULL;
	}
	case K_BOOL:
		if (parse_bool(value, &b))
			return "on or off";
		*(bool *)(base + k->off) = b;
		return NULL;
	case K_ENUM:
		for (int i = 0; k->names[i]; i++)
			if (!strcmp(value, k->names[i])) {
				*(int *)(base + k->off) = i;
				return NULL;
			}
		enum_list(k->names, buf, bufn);
		return buf;
	case K_MODELS: {
		char tmp[256];
		snprintf(tmp, sizeof(tmp), "%s", value);
		int n = 0;
		enum vs_model ms[VS_MODEL_COUNT];
		for (char *save, *t = strtok_r(tmp, ",", &save); t; t = strtok_r(NULL, ",", &save)) {
			int m = vs_model_parse(scn_trim(t));
			if (m < 0 || n == VS_MODEL_COUNT)
				return "trap, elvis, vrio, sriov or baremetal (or a comma list of them)";
			for (int j = 0; j < n; j++)
				if (ms[j] == (enum vs_model)m)
					return "a list without repeats";
			ms[n++] = (enum vs_model)m;
		}
		if (!n)
			return "at least one model";
		memcpy(s->models, ms, sizeof(ms));
		s->n_models = n;
		s->p.kind = ms[0];
		return NULL;
	}
	case K_WEIGHTS: {
		char tmp[8192];
		snprintf(tmp, sizeof(tmp), "%s", value);
		int n = 0;
		for (char *save, *t = strtok_r(tmp, ",", &save); t; t = strtok_r(NULL, ",", &save)) {
			if (n == VS_MAX_VMHOSTS || scn_parse_double(scn_trim(t), &d) || d < 0 || d > k->max)
				return "a comma list of non-negative weights, one per VMhost";
			s->p.vm_load[n++] = d;
		}
		if (!n)
			return "a comma list of non-negative weights, one per VMhost";
		s->p.n_vm_load = n;
		return NULL;
	}
	case K_PATH: {
		char *dst = (char *)s + k->off;
		resolve_path(s, value, dst);
		if (k->off == S(profile)) {
			if (scn_load_profile(c, dst))
				return NULL; /* load_profile reported its own error */
		} else if (scn_load_trace(s, dst, c->err)) {
			c->failed = true;
			return NULL;
		}
		return NULL;
	}
	}
	return "a value";
}

