/*
 * scenario — the key table, the INI reader (libinih) and the CSV trace reader (libcsv).
 */
#define _GNU_SOURCE
#include "scenario.h"

#include <csv.h>
#include <errno.h>
#include <ini.h>
#include <libgen.h>
#include <math.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum ktype { K_DOUBLE, K_INT, K_U64, K_U32, K_BOOL, K_ENUM, K_MODELS, K_WEIGHTS, K_PATH };

struct key {
	const char *section, *name;
	enum ktype type;
	size_t off;                 /* into struct vs_params (or struct scenario for K_PATH) */
	double min, max;
	enum vs_vocab vocab;        /* K_ENUM: the words it takes (the models' vocabulary) */
};


#define P(f) offsetof(struct vs_params, f)
#define S(f) offsetof(struct scenario, f)
#define BIG 1e300
static const struct key keys[] = {
	{ "run", "duration_s", K_DOUBLE, P(duration_s), 1e-9, 1e6, 0 },
	{ "run", "warmup_s", K_DOUBLE, P(warmup_s), 0, 1e6, 0 },
	{ "run", "seed", K_U64, P(seed), 0, 1.8e19, 0 },
	{ "run", "replications", K_INT, P(replications), 1, 1000, 0 },
	{ "model", "kind", K_MODELS, 0, 0, 0, 0 },
	{ "model", "eli", K_BOOL, P(eli), 0, 1, 0 },
	{ "model", "event_idx", K_BOOL, P(event_idx), 0, 1, 0 },
	{ "rack", "vmhosts", K_INT, P(vmhosts), 1, VS_MAX_VMHOSTS, 0 },
	{ "rack", "cores_per_vmhost", K_INT, P(cores_per_vmhost), 1, 4096, 0 },
	{ "rack", "vms_per_vmhost", K_INT, P(vms_per_vmhost), 1, 4096, 0 },
	{ "rack", "vcpus_per_vm", K_INT, P(vcpus_per_vm), 1, 256, 0 },
	{ "rack", "cpu_ghz", K_DOUBLE, P(cpu_ghz), 0.01, 100, 0 },
	{ "rack", "elvis_sidecores", K_INT, P(elvis_sidecores), 0, 4096, 0 },
	{ "rack", "iohost_sidecores", K_INT, P(iohost_sidecores), 0, 4096, 0 },
	{ "rack", "iohost_cores", K_INT, P(iohost_cores), 1, 4096, 0 },
	{ "rack", "clients", K_INT, P(clients), 1, 65536, 0 },
	{ "rack", "queue_size", K_INT, P(queue_size), 2, VS_MAX_QUEUE_SIZE, 0 },
	{ "rack", "sidecore_batch", K_INT, P(sidecore_batch), 1, 256, 0 },
	{ "rack", "sidecore_policy", K_ENUM, P(sidecore_policy), 0, 0, VS_VOCAB_POLICY },
	{ "rack", "iohost_pooling", K_ENUM, P(iohost_pooling), 0, 0, VS_VOCAB_POOLING },
	{ "rack", "iohost_rx_rings", K_INT, P(iohost_rx_rings), 0, 4096, 0 },
	{ "rack", "iohost_rx_claim", K_ENUM, P(iohost_rx_claim), 0, 0, VS_VOCAB_RX_CLAIM },
	{ "wire", "gbps", K_DOUBLE, P(gbps), 1e-3, 1e5, 0 },
	{ "wire", "iohost_gbps", K_DOUBLE, P(iohost_gbps), 0, 1e5, 0 },
	{ "wire", "mtu", K_INT, P(mtu), 68, 65535, 0 },
	{ "wire", "tso", K_BOOL, P(tso), 0, 1, 0 },
	{ "wire", "nic_latency_us", K_DOUBLE, P(nic_latency_us), 0, 1e6, 0 },
	{ "wire", "switch_latency_us", K_DOUBLE, P(switch_latency_us), 0, 1e6, 0 },
	{ "wire", "propagation_us", K_DOUBLE, P(propagation_us), 0, 1e6, 0 },
	{ "costs", "exit_direct_cycles", K_DOUBLE, P(exit_direct_cycles), 0, BIG, 0 },
	{ "costs", "exit_indirect_cycles", K_DOUBLE, P(exit_indirect_cycles), 0, BIG, 0 },
	{ "costs", "notify_cycles", K_DOUBLE, P(notify_cycles), 0, BIG, 0 },
	{ "costs", "irq_inject_cycles", K_DOUBLE, P(irq_inject_cycles), 0, BIG, 0 },
	{ "costs", "eoi_cycles", K_DOUBLE, P(eoi_cycles), 0, BIG, 0 },
	{ "costs", "guest_irq_cycles", K_DOUBLE, P(guest_irq_cycles), 0, BIG, 0 },
	{ "costs", "app_cycles", K_DOUBLE, P(app_cycles), 0, BIG, 0 },
	{ "costs", "guest_stack_cycles", K_DOUBLE, P(guest_stack_cycles), 0, BIG, 0 },
	{ "costs", "guest_byte_cycles", K_DOUBLE, P(guest_byte_cycles), 0, BIG, 0 },
	{ "costs", "vhost_req_cycles", K_DOUBLE, P(vhost_req_cycles), 0, BIG, 0 },
	{ "costs", "vhost_byte_cycles", K_DOUBLE, P(vhost_byte_cycles), 0, BIG, 0 },
	{ "costs", "wakeup_us", K_DOUBLE, P(wakeup_us), 0, 1e6, 0 },
	{ "costs", "sidecore_req_cycles", K_DOUBLE, P(sidecore_req_cycles), 0, BIG, 0 },
	{ "costs", "sidecore_byte_cycles", K_DOUBLE, P(sidecore_byte_cycles), 0, BIG, 0 },
	{ "costs", "poll_queue_ns", K_DOUBLE, P(poll_queue_ns), 0, 1e9, 0 },
	{ "costs", "rx_claim_ns", K_DOUBLE, P(rx_claim_ns), 0, 1e9, 0 },
	{ "costs", "poll_pass_ns", K_DOUBLE, P(poll_pass_ns), 0, 1e9, 0 },
	{ "costs", "sidecore_dist", K_ENUM, P(sidecore_dist.kind), 0, 0, VS_VOCAB_DIST },
	{ "costs", "sidecore_sigma", K_DOUBLE, P(sidecore_dist.sigma), 0, 10, 0 },
	{ "costs", "sidecore_warm_ratio", K_DOUBLE, P(sidecore_warm_ratio), 0.01, 1, 0 },
	{ "costs", "interpose_cycles", K_DOUBLE, P(interpose_cycles), 0, BIG, 0 },
	{ "costs", "vrio_encap_cycles", K_DOUBLE, P(vrio_encap_cycles), 0, BIG, 0 },
	{ "costs", "virt_overhead", K_DOUBLE, P(virt_overhead), 1, 100, 0 },
	{ "costs", "peer_us", K_DOUBLE, P(peer_us), 0, 1e9, 0 },
	{ "costs", "profile", K_PATH, S(profile), 0, 0, 0 },
	{ "workload", "kind", K_ENUM, P(workload), 0, 0, VS_VOCAB_WORKLOAD },
	{ "workload", "msg_bytes", K_U32, P(msg_bytes), 1, 1 << 30, 0 },
	{ "workload", "resp_bytes", K_U32, P(resp_bytes), 0, 1 << 30, 0 },
	{ "workload", "outstanding", K_INT, P(outstanding), 1, VS_MAX_QUEUE_SIZE, 0 },
	{ "workload", "burst", K_INT, P(burst), 1, VS_MAX_BURST, 0 },
	{ "workload", "rate_rps", K_DOUBLE, P(rate_rps), 0, 1e12, 0 },
	{ "workload", "arrival", K_ENUM, P(arrival), 0, 0, VS_VOCAB_ARRIVAL },
	{ "workload", "phase", K_ENUM, P(phase), 0, 0, VS_VOCAB_PHASE },
	{ "workload", "size_dist", K_ENUM, P(size_dist.kind), 0, 0, VS_VOCAB_DIST },
	{ "workload", "size_sigma", K_DOUBLE, P(size_dist.sigma), 0, 10, 0 },
	{ "workload", "service_dist", K_ENUM, P(service_dist.kind), 0, 0, VS_VOCAB_DIST },
	{ "workload", "service_sigma", K_DOUBLE, P(service_dist.sigma), 0, 10, 0 },
	{ "workload", "service_us", K_DOUBLE, P(service_us), 0, 1e9, 0 },
	{ "workload", "read_fraction", K_DOUBLE, P(read_fraction), 0, 1, 0 },
	{ "workload", "vm_load", K_WEIGHTS, 0, 0, 1e6, 0 },
	{ "workload", "trace_file", K_PATH, S(trace_file), 0, 0, 0 },
	{ "device", "latency_us", K_DOUBLE, P(dev_latency_us), 0, 1e9, 0 },
	{ "device", "gbps", K_DOUBLE, P(dev_gbps), 1e-6, 1e6, 0 },
	{ "device", "queue_depth", K_INT, P(dev_queue_depth), 1, 65536, 0 },
	{ "device", "placement", K_ENUM, P(dev_placement), 0, 0, VS_VOCAB_PLACEMENT },
	{ "debug", "leak_request", K_U64, P(debug_leak_request), 0, 1.8e19, 0 },
	{ "debug", "stall", K_BOOL, P(debug_stall), 0, 1, 0 },
};
#define N_KEYS (int)(sizeof(keys) / sizeof(keys[0]))

/* Where we are while parsing: for messages. */
struct parse_ctx {
	struct scenario *s;
	const char *file;      /* as shown in messages */
	int line;              /* current physical line */
	char *err;             /* first error, if any */
	bool failed;
	bool profile_only;     /* a calibration profile: only [costs] (and [profile] notes) */
	FILE *fp;              /* file reader */
	const char *text;      /* string reader */
};

static int find_key(const char *section, const char *name)
{
	for (int i = 0; i < N_KEYS; i++)
		if (!strcmp(keys[i].section, section) && !strcmp(keys[i].name, name))
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
	return find_key(sec, dot + 1) >= 0;
}

static bool known_section(const char *section)
{
	for (int i = 0; i < N_KEYS; i++)
		if (!strcmp(keys[i].section, section))
			return true;
	return !strcmp(section, "sweep");
}

int scenario_axis_values(struct scn_axis *a, const char *text, const char **why)
{
	const char *sep = strchr(text, '|') ? "|" : ",";
	char *tmp = strdup(text);
	a->n = 0;
	*why = tmp ? NULL : "out of memory";
	for (char *save, *t = tmp ? strtok_r(tmp, sep, &save) : NULL; t && !*why;
	     t = strtok_r(NULL, sep, &save)) {
		size_t n;
		while (*t == ' ' || *t == '\t')
			t++;
		for (n = strlen(t); n && (t[n - 1] == ' ' || t[n - 1] == '\t'); n--)
			t[n - 1] = 0;
		if (!n)
			continue;
		if (a->n == SCN_MAX_VALUES)
			*why = "more than 64 values";
		else if (!(a->values[a->n++] = strdup(t)))
			*why = "out of memory";
	}
	free(tmp);
	if (!*why && !a->n)
		*why = "no values";
	return *why ? -1 : 0;
}

static char *trim(char *v)
{
	while (*v == ' ' || *v == '\t')
		v++;
	size_t n = strlen(v);
	while (n && (v[n - 1] == ' ' || v[n - 1] == '\t' || v[n - 1] == '\r'))
		v[--n] = 0;
	return v;
}

static int parse_double(const char *v, double *out)
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

static int load_profile(struct parse_ctx *c, const char *path);
static int load_trace(struct scenario *s, const char *path, char *err);

/* Store one value. Returns NULL or what was expected. */
static const char *store(struct parse_ctx *c, const struct key *k, const char *value, char *buf,
			 size_t bufn)
{
	struct scenario *s = c->s;
	char *base = (char *)&s->p;
	double d;
	bool b;
	switch (k->type) {
	case K_DOUBLE:
		if (parse_double(value, &d) || d < k->min || d > k->max) {
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
	case K_ENUM: {
		int i = vs_vocab_parse(k->vocab, value);
		if (i >= 0) {
			*(int *)(base + k->off) = i;
			return NULL;
		}
		enum_list(vs_vocab_names(k->vocab), buf, bufn);
		return buf;
	}
	case K_MODELS: {
		char tmp[256];
		snprintf(tmp, sizeof(tmp), "%s", value);
		int n = 0;
		int ms[VS_MAX_MODELS];
		for (char *save, *t = strtok_r(tmp, ",", &save); t; t = strtok_r(NULL, ",", &save)) {
			int m = vs_model_parse(trim(t));
			if (m < 0 || n == VS_MAX_MODELS) {
				/* "trap, elvis, ... or baremetal (or a comma list of them)" */
				const char *const *names = vs_vocab_names(VS_VOCAB_MODEL);
				size_t len = 0;
				buf[0] = 0;
				for (int i = 0; names[i] && len < bufn; i++)
					len += (size_t)snprintf(buf + len, bufn - len, "%s%s",
								i == 0 ? "" : names[i + 1] ? ", " : " or ",
								names[i]);
				if (len < bufn)
					snprintf(buf + len, bufn - len, " (or a comma list of them)");
				return buf;
			}
			for (int j = 0; j < n; j++)
				if (ms[j] == m)
					return "a list without repeats";
			ms[n++] = m;
		}
		if (!n)
			return "at least one model";
		memcpy(s->models, ms, (size_t)n * sizeof(ms[0]));
		s->n_models = n;
		s->p.kind = ms[0];
		return NULL;
	}
	case K_WEIGHTS: {
		char tmp[8192];
		snprintf(tmp, sizeof(tmp), "%s", value);
		int n = 0;
		for (char *save, *t = strtok_r(tmp, ",", &save); t; t = strtok_r(NULL, ",", &save)) {
			if (n == VS_MAX_VMHOSTS || parse_double(trim(t), &d) || d < 0 || d > k->max)
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
			if (load_profile(c, dst))
				return NULL; /* load_profile reported its own error */
		} else if (load_trace(s, dst, c->err)) {
			c->failed = true;
			return NULL;
		}
		return NULL;
	}
	}
	return "a value";
}

static int handler(void *user, const char *section, const char *name, const char *value_in)
{
	struct parse_ctx *c = user;
	if (c->failed)
		return 1; /* report the first problem only */
	char value[8192];
	snprintf(value, sizeof(value), "%s", value_in);
	char *v = trim(value);
	if (c->profile_only) {
		if (!strcmp(section, "profile") || !strcmp(section, "fit"))
			return 1; /* provenance and fit statistics: for readers, not the model */
		if (strcmp(section, "costs") || !strcmp(name, "profile")) {
			snprintf(c->err, SCN_ERR_MAX, "%s:%d: [%s] %s: a profile may only set [costs]",
				 c->file, c->line, section, name);
			c->failed = true;
			return 0;
		}
	}
	if (!strcmp(section, "sweep")) {
		if (strcmp(name, "axis")) {
			snprintf(c->err, SCN_ERR_MAX, "%s:%d: [sweep] %s: unknown key (expected axis)",
				 c->file, c->line, name);
			c->failed = true;
			return 0;
		}
		struct scn_axis *a = c->s->n_axes < SCN_MAX_AXES ? &c->s->axes[c->s->n_axes] : NULL;
		char *eq = strchr(v, '=');
		if (!a || !eq) {
			snprintf(c->err, SCN_ERR_MAX, "%s:%d: [sweep] axis: expected section.key=v1,v2,... (at most %d axes)",
				 c->file, c->line, SCN_MAX_AXES);
			c->failed = true;
			return 0;
		}
		*eq = 0;
		snprintf(a->key, sizeof(a->key), "%s", trim(v));
		if (!scenario_key_exists(a->key)) {
			snprintf(c->err, SCN_ERR_MAX, "%s:%d: [sweep] axis: unknown key %s", c->file,
				 c->line, a->key);
			c->failed = true;
			return 0;
		}
		const char *why;
		c->s->n_axes++; /* scenario_free frees what the split kept */
		if (scenario_axis_values(a, eq + 1, &why)) {
			snprintf(c->err, SCN_ERR_MAX, "%s:%d: [sweep] axis: %s: %s", c->file, c->line,
				 a->key, why);
			c->failed = true;
			return 0;
		}
		return 1;
	}
	int ki = find_key(section, name);
	if (ki < 0) {
		if (!known_section(section))
			snprintf(c->err, SCN_ERR_MAX, "%s:%d: [%s] %s: unknown section [%s]", c->file,
				 c->line, section, name, section);
		else
			snprintf(c->err, SCN_ERR_MAX, "%s:%d: [%s] %s: unknown key", c->file, c->line,
				 section, name);
		c->failed = true;
		return 0;
	}
	char buf[160];
	const char *expected = store(c, &keys[ki], v, buf, sizeof(buf));
	if (c->failed)
		return 0;
	if (expected) {
		snprintf(c->err, SCN_ERR_MAX, "%s:%d: [%s] %s: expected %s, got \"%s\"", c->file,
			 c->line, section, name, expected, v);
		c->failed = true;
		return 0;
	}
	c->s->key_line[ki] = c->line;
	return 1;
}

/* Readers that count lines, so the handler knows where it is. */
static char *file_reader(char *str, int num, void *stream)
{
	struct parse_ctx *c = stream;
	char *r = fgets(str, num, c->fp);
	if (r)
		c->line++;
	return r;
}

static char *text_reader(char *str, int num, void *stream)
{
	struct parse_ctx *c = stream;
	if (!*c->text)
		return NULL;
	const char *nl = strchr(c->text, '\n');
	size_t n = nl ? (size_t)(nl - c->text + 1) : strlen(c->text);
	if (n > (size_t)num - 1)
		n = (size_t)num - 1;
	memcpy(str, c->text, n);
	str[n] = 0;
	c->text += n;
	c->line++;
	return str;
}

static int parse(struct parse_ctx *c)
{
	int rc = c->fp ? ini_parse_stream(file_reader, c, handler, c)
		       : ini_parse_stream(text_reader, c, handler, c);
	if (c->failed)
		return -1;
	if (rc > 0) {
		snprintf(c->err, SCN_ERR_MAX, "%s:%d: syntax error (expected [section] or key = value)",
			 c->file, rc);
		return -1;
	}
	if (rc < 0) {
		snprintf(c->err, SCN_ERR_MAX, "%s: cannot read (%s)", c->file,
			 rc == -2 ? "out of memory" : strerror(errno));
		return -1;
	}
	return 0;
}

static int load_profile(struct parse_ctx *outer, const char *path)
{
	struct parse_ctx c = { .s = outer->s, .file = path, .err = outer->err, .profile_only = true };
	c.fp = fopen(path, "r");
	if (!c.fp) {
		snprintf(outer->err, SCN_ERR_MAX, "%s:%d: [costs] profile: cannot open %s (%s)",
			 outer->file, outer->line, path, strerror(errno));
		outer->failed = true;
		return -1;
	}
	int saved[N_KEYS];
	memcpy(saved, outer->s->key_line, sizeof(saved));
	int rc = parse(&c);
	fclose(c.fp);
	/* Keys set by the profile are blamed on the line that included it. */
	for (int i = 0; i < N_KEYS; i++)
		if (outer->s->key_line[i] != saved[i])
			outer->s->key_line[i] = outer->line;
	if (rc)
		outer->failed = true;
	return rc;
}

/* ---- traces (CSV: t_s,vm,bytes,resp_bytes with a header line) ---- */

struct trace_ctx {
	struct scenario *s;
	const char *path;
	char *err;
	int field, row, n, cap;
	bool header_done, failed;
	double vals[4];
};

static const char *const trace_cols[] = { "t_s", "vm", "bytes", "resp_bytes" };

static void trace_field(void *data, size_t len, void *user)
{
	struct trace_ctx *t = user;
	if (t->failed)
		return;
	char buf[64];
	size_t n = len < sizeof(buf) - 1 ? len : sizeof(buf) - 1;
	memcpy(buf, data, n);
	buf[n] = 0;
	if (t->field < 4 && !t->header_done) {
		if (strcmp(trim(buf), trace_cols[t->field])) {
			snprintf(t->err, SCN_ERR_MAX, "%s:1: column %d: expected header %s, got \"%s\"",
				 t->path, t->field + 1, trace_cols[t->field], buf);
			t->failed = true;
		}
	} else if (t->field < 4) {
		double d = 0;
		if (parse_double(trim(buf), &d) || d < 0 || (t->field > 0 && d != floor(d)) ||
		    (t->field >= 2 && d > (double)(1u << 30))) {
			snprintf(t->err, SCN_ERR_MAX, "%s:%d: %s: expected a %s, got \"%s\"", t->path,
				 t->row + 1, trace_cols[t->field],
				 t->field ? "non-negative whole number" : "non-negative time in seconds", buf);
			t->failed = true;
		}
		t->vals[t->field] = d;
	}
	t->field++;
}

static void trace_row(int c, void *user)
{
	struct trace_ctx *t = user;
	if (t->failed)
		return;
	if (t->field != 4) {
		snprintf(t->err, SCN_ERR_MAX, "%s:%d: expected 4 fields (t_s,vm,bytes,resp_bytes), got %d",
			 t->path, t->row + 1, t->field);
		t->failed = true;
		return;
	}
	if (t->header_done) {
		if (t->n && t->vals[0] < t->s->trace[t->n - 1].t_s) {
			snprintf(t->err, SCN_ERR_MAX, "%s:%d: t_s: records must be in time order", t->path,
				 t->row + 1);
			t->failed = true;
			return;
		}
		if (t->vals[2] < 1) {
			snprintf(t->err, SCN_ERR_MAX, "%s:%d: bytes: must be at least 1", t->path, t->row + 1);
			t->failed = true;
			return;
		}
		if (t->n == t->cap) {
			if (t->cap >= VS_MAX_TRACE) {
				snprintf(t->err, SCN_ERR_MAX, "%s:%d: more than %d records", t->path,
					 t->row + 1, VS_MAX_TRACE);
				t->failed = true;
				return;
			}
			t->cap = t->cap ? 2 * t->cap : 1024;
			t->s->trace = realloc(t->s->trace, (size_t)t->cap * sizeof(*t->s->trace));
		}
		t->s->trace[t->n++] = (struct vs_trace_rec){ t->vals[0], (int)t->vals[1],
							     (uint32_t)t->vals[2], (uint32_t)t->vals[3] };
	}
	t->header_done = true;
	t->row++;
	t->field = 0;
}

static int load_trace(struct scenario *s, const char *path, char *err)
{
	FILE *f = fopen(path, "rb");
	if (!f) {
		snprintf(err, SCN_ERR_MAX, "%s: cannot open trace (%s)", path, strerror(errno));
		return -1;
	}
	size_t cap = 1 << 16, len = 0, n;
	char *text = malloc(cap);
	while (text && (n = fread(text + len, 1, cap - len, f)) > 0) {
		len += n;
		if (len == cap) {
			char *t2 = cap < (1u << 30) ? realloc(text, cap *= 2) : NULL;
			if (!t2) {
				free(text);
				text = NULL;
			}
			text = t2;
		}
	}
	fclose(f);
	if (!text) {
		snprintf(err, SCN_ERR_MAX, "%s: trace too large or out of memory", path);
		return -1;
	}
	/* '#' lines at the top are provenance stamps (vrioemu --record writes one). */
	size_t off = 0;
	int skipped = 0;
	while (off < len && text[off] == '#') {
		char *nl = memchr(text + off, '\n', len - off);
		off = nl ? (size_t)(nl - text) + 1 : len;
		skipped++;
	}
	struct csv_parser cp;
	csv_init(&cp, CSV_STRICT | CSV_APPEND_NULL);
	struct trace_ctx t = { .s = s, .path = path, .err = err, .row = skipped };
	free(s->trace);
	s->trace = NULL;
	if (csv_parse(&cp, text + off, len - off, trace_field, trace_row, &t) != len - off &&
	    !t.failed) {
		snprintf(err, SCN_ERR_MAX, "%s:%d: CSV error: %s", path, t.row + 1,
			 csv_strerror(csv_error(&cp)));
		t.failed = true;
	}
	if (!t.failed)
		csv_fini(&cp, trace_field, trace_row, &t);
	csv_free(&cp);
	free(text);
	if (!t.failed && t.n == 0) {
		snprintf(err, SCN_ERR_MAX, "%s: no trace records after the header", path);
		t.failed = true;
	}
	s->p.trace = s->trace;
	s->p.n_trace = t.n;
	return t.failed ? -1 : 0;
}

/* ---- public ---- */

static void set_name(struct scenario *s, const char *path)
{
	char tmp[PATH_MAX];
	snprintf(tmp, sizeof(tmp), "%s", path);
	char *b = basename(tmp);
	char *dot = strrchr(b, '.');
	if (dot && !strcmp(dot, ".ini"))
		*dot = 0;
	snprintf(s->name, sizeof(s->name), "%s", b);
	snprintf(tmp, sizeof(tmp), "%s", path);
	snprintf(s->dir, sizeof(s->dir), "%s", dirname(tmp));
}

int scenario_load(struct scenario *s, const char *path, char err[SCN_ERR_MAX])
{
	memset(s, 0, sizeof(*s));
	vs_params_default(&s->p);
	s->models[0] = s->p.kind;
	s->n_models = 1;
	struct parse_ctx c = { .s = s, .err = err };
	err[0] = 0;
	if (path) {
		snprintf(s->path, sizeof(s->path), "%s", path);
		set_name(s, path);
		c.file = s->path;
		c.fp = fopen(path, "r");
		if (!c.fp) {
			snprintf(err, SCN_ERR_MAX, "%s: cannot open scenario (%s)", path, strerror(errno));
			return -1;
		}
		int rc = parse(&c);
		fclose(c.fp);
		return rc;
	}
	snprintf(s->path, sizeof(s->path), "(built-in default)");
	snprintf(s->name, sizeof(s->name), "default");
	c.file = s->path;
	c.text = scenario_default_text;
	return parse(&c);
}

int scenario_set(struct scenario *s, const char *assignment, char err[SCN_ERR_MAX])
{
	char tmp[8192], file[300];
	snprintf(tmp, sizeof(tmp), "%s", assignment);
	snprintf(file, sizeof(file), "--set %s", assignment);
	char *eq = strchr(tmp, '='), *dot = strchr(tmp, '.');
	if (!eq || !dot || dot > eq) {
		snprintf(err, SCN_ERR_MAX, "--set %s: expected section.key=value", assignment);
		return -1;
	}
	*eq = 0;
	*dot = 0;
	struct parse_ctx c = { .s = s, .file = "--set", .err = err, .line = 0 };
	char dir[PATH_MAX];
	snprintf(dir, sizeof(dir), "%s", s->dir);
	s->dir[0] = 0; /* paths on the command line are relative to the working directory */
	int saved[N_KEYS];
	memcpy(saved, s->key_line, sizeof(saved));
	handler(&c, trim(tmp), trim(dot + 1), eq + 1);
	snprintf(s->dir, sizeof(s->dir), "%s", dir);
	if (c.failed) {
		/* Re-word "--set:0:" as the assignment itself. */
		const char *rest = strchr(err, ' ');
		char msg[SCN_ERR_MAX];
		snprintf(msg, sizeof(msg), "--set %s:%s", assignment, rest ? rest : "");
		snprintf(err, SCN_ERR_MAX, "%s", msg);
		return -1;
	}
	for (int i = 0; i < N_KEYS; i++)
		if (s->key_line[i] != saved[i]) {
			s->key_line[i] = saved[i];
			s->set_from_cli[i] = 1;
		}
	return 0;
}

int scenario_check(struct scenario *s, char err[SCN_ERR_MAX])
{
	for (int i = 0; i < s->n_models; i++) {
		struct vs_params p = s->p;
		p.kind = s->models[i];
		struct vs_check chk;
		if (!vs_params_check(&p, &chk))
			continue;
		char sec[32];
		const char *dot = strchr(chk.key, '.');
		snprintf(sec, sizeof(sec), "%.*s", (int)(dot - chk.key), chk.key);
		int ki = find_key(sec, dot + 1);
		if (ki >= 0 && s->set_from_cli[ki])
			snprintf(err, SCN_ERR_MAX, "--set %s: [%s] %s: %s (model %s)", chk.key, sec,
				 dot + 1, chk.msg, vs_model_name(p.kind));
		else if (ki >= 0 && s->key_line[ki])
			snprintf(err, SCN_ERR_MAX, "%s:%d: [%s] %s: %s (model %s)", s->path,
				 s->key_line[ki], sec, dot + 1, chk.msg, vs_model_name(p.kind));
		else
			snprintf(err, SCN_ERR_MAX, "%s: [%s] %s: %s (model %s)", s->path, sec, dot + 1,
				 chk.msg, vs_model_name(p.kind));
		return -1;
	}
	return 0;
}

void scenario_free(struct scenario *s)
{
	free(s->trace);
	s->trace = NULL;
	for (int a = 0; a < s->n_axes; a++)
		for (int i = 0; i < s->axes[a].n; i++)
			free(s->axes[a].values[i]);
	s->n_axes = 0;
}

void scenario_dump(const struct scenario *s, FILE *out)
{
	const char *base = (const char *)&s->p;
	for (int i = 0; i < N_KEYS; i++) {
		const struct key *k = &keys[i];
		fprintf(out, "%s.%s=", k->section, k->name);
		switch (k->type) {
		case K_DOUBLE: fprintf(out, "%.17g", *(const double *)(base + k->off)); break;
		case K_INT: fprintf(out, "%d", *(const int *)(base + k->off)); break;
		case K_U32: fprintf(out, "%u", *(const uint32_t *)(base + k->off)); break;
		case K_U64: fprintf(out, "%llu", (unsigned long long)*(const uint64_t *)(base + k->off)); break;
		case K_BOOL: fprintf(out, "%s", *(const bool *)(base + k->off) ? "on" : "off"); break;
		case K_ENUM: fprintf(out, "%s", vs_vocab_name(k->vocab, *(const int *)(base + k->off))); break;
		case K_MODELS:
			for (int m = 0; m < s->n_models; m++)
				fprintf(out, "%s%s", m ? "," : "", vs_model_name(s->models[m]));
			break;
		case K_WEIGHTS:
			for (int w = 0; w < s->p.n_vm_load; w++)
				fprintf(out, "%s%.17g", w ? "," : "", s->p.vm_load[w]);
			break;
		case K_PATH: fprintf(out, "%s", (const char *)s + k->off); break;
		}
		fputc('\n', out);
	}
}
