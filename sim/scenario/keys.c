/*
 * scenario/keys — the keys a scenario takes: the models' parameters (their table, vs_keys, with
 * every type, range, unit, default and source) and the three the scenario itself owns. Reading
 * (ini.c), --set, sweep axes and the dump all go through here.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <limits.h>
#include <math.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"

/* ======================= the keys ======================= */

/* The keys the scenario owns, numbered after the models' parameters. */
enum own_key { OWN_MODELS, OWN_PROFILE, OWN_TRACE, OWN_COUNT };
static const struct {
	const char *section, *name;
} own[OWN_COUNT] = {
	[OWN_MODELS] = { "model", "kind" },
	[OWN_PROFILE] = { "costs", "profile" },
	[OWN_TRACE] = { "workload", "trace_file" },
};

static const struct vs_key *params(int *n) { return vs_keys(n); }

int scn_n_keys(void)
{
	int n;
	params(&n);
	/* struct scenario keeps a line and a --set flag per key */
	if (n + OWN_COUNT > SCN_MAX_KEYS) {
		fprintf(stderr, "vriosim: %d keys: raise SCN_MAX_KEYS\n", n + OWN_COUNT);
		abort();
	}
	return n + OWN_COUNT;
}

const char *scn_key_section(int i)
{
	int n;
	const struct vs_key *k = params(&n);
	return i < n ? k[i].section : own[i - n].section;
}

const char *scn_key_name(int i)
{
	int n;
	const struct vs_key *k = params(&n);
	return i < n ? k[i].name : own[i - n].name;
}

int scn_find_key(const char *section, const char *name)
{
	for (int i = 0, n = scn_n_keys(); i < n; i++)
		if (!strcmp(scn_key_section(i), section) && !strcmp(scn_key_name(i), name))
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
	for (int i = 0, n = scn_n_keys(); i < n; i++)
		if (!strcmp(scn_key_section(i), section))
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

static void resolve_path(const struct scenario *s, const char *v, char *out)
{
	int n = (v[0] == '/' || !s->dir[0]) ? snprintf(out, PATH_MAX, "%s", v)
					     : snprintf(out, PATH_MAX, "%.2000s/%.2000s", s->dir, v);
	(void)n;
}

/* "trap, elvis, ... or baremetal (or a comma list of them)" */
static const char *models_expected(char *buf, size_t bufn)
{
	const char *const *names = vs_vocab_names(VS_VOCAB_MODEL);
	size_t len = 0;
	buf[0] = 0;
	for (int i = 0; names[i] && len < bufn; i++)
		len += (size_t)snprintf(buf + len, bufn - len, "%s%s",
					i == 0 ? "" : names[i + 1] ? ", " : " or ", names[i]);
	if (len < bufn)
		snprintf(buf + len, bufn - len, " (or a comma list of them)");
	return buf;
}

static const char *store_models(struct scenario *s, const char *value, char *buf, size_t bufn)
{
	char tmp[256];
	snprintf(tmp, sizeof(tmp), "%s", value);
	int n = 0;
	int ms[VS_MAX_MODELS];
	for (char *save, *t = strtok_r(tmp, ",", &save); t; t = strtok_r(NULL, ",", &save)) {
		int m = vs_model_parse(scn_trim(t));
		if (m < 0 || n == VS_MAX_MODELS)
			return models_expected(buf, bufn);
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

/* ======================= storing ======================= */

const char *scn_store(struct scn_parse *c, int key, const char *value, char *buf, size_t bufn)
{
	struct scenario *s = c->s;
	int n;
	const struct vs_key *k = params(&n);
	if (key < n)
		return vs_key_set(&s->p, &k[key], value, buf, (unsigned)bufn);
	switch (key - n) {
	case OWN_MODELS:
		return store_models(s, value, buf, bufn);
	case OWN_PROFILE:
		resolve_path(s, value, s->profile);
		scn_load_profile(c, s->profile); /* reports its own error */
		return NULL;
	case OWN_TRACE:
		resolve_path(s, value, s->trace_file);
		if (scn_load_trace(s, s->trace_file, c->err))
			c->failed = true;
		return NULL;
	}
	return "a value";
}

void scn_key_format(const struct scenario *s, int i, char *buf, size_t bufn)
{
	int n;
	const struct vs_key *k = params(&n);
	if (i < n) {
		vs_key_format(&s->p, &k[i], buf, (unsigned)bufn);
		return;
	}
	size_t len = 0;
	buf[0] = 0;
	switch (i - n) {
	case OWN_MODELS:
		for (int m = 0; m < s->n_models && len < bufn; m++)
			len += (size_t)snprintf(buf + len, bufn - len, "%s%s", m ? "," : "",
						vs_model_name(s->models[m]));
		break;
	case OWN_PROFILE: snprintf(buf, bufn, "%s", s->profile); break;
	case OWN_TRACE: snprintf(buf, bufn, "%s", s->trace_file); break;
	}
}
