/*
 * scenario/keys — the keys a scenario takes: the models' parameters (their table, vs_keys, with
 * every type, range, unit, default and source) and the three the scenario itself owns. Reading
 * (ini.c), --set, sweep axes and the dump all go through here.
 */
#define _GNU_SOURCE
#include <limits.h>
#include <math.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"
#include "numtext.h"

/* ======================= the keys ======================= */

/* The keys the scenario owns, numbered after the models' parameters: its files and models,
 * then aliases — a cycle key given as a time in microseconds (converted at rack.cpu_ghz by
 * scenario_check, whichever of the two keys came first). */
enum own_key {
	OWN_MODELS, OWN_PROFILE, OWN_PROFILE_CLOCK, OWN_TRACE, OWN_ALIAS0,
	OWN_COUNT = OWN_ALIAS0 + 1
};
static const struct {
	const char *section, *name;
	const char *target;   /* aliases: the [section] key it sets (cycles); else NULL */
} own[OWN_COUNT] = {
	[OWN_MODELS] = { "model", "kind", NULL },
	[OWN_PROFILE] = { "costs", "profile", NULL },
	[OWN_PROFILE_CLOCK] = { "costs", "profile_clock", NULL },
	[OWN_TRACE] = { "workload", "trace_file", NULL },
	[OWN_ALIAS0] = { "costs", "interpose_us", "interpose_cycles" },
};
_Static_assert(OWN_COUNT - OWN_ALIAS0 <= SCN_MAX_ALIASES, "raise SCN_MAX_ALIASES");

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

/* ======================= aliases ======================= */

int scn_key_alias_target(int i)
{
	int n;
	params(&n);
	if (i < n + OWN_ALIAS0 || i >= n + OWN_COUNT)
		return -1;
	return scn_find_key(own[i - n].section, own[i - n].target);
}

int scn_key_canonical(int i)
{
	int t = scn_key_alias_target(i);
	return t >= 0 ? t : i;
}

/* Alias @a (0-based among the aliases) is no longer the latest word on its target. */
static void alias_clear_for(struct scenario *s, int target)
{
	int n;
	params(&n);
	for (int a = 0; a < OWN_COUNT - OWN_ALIAS0; a++)
		if (scn_key_alias_target(n + OWN_ALIAS0 + a) == target)
			s->alias_set[a] = false;
}

int scn_apply_aliases(struct scenario *s, int *bad)
{
	int n;
	const struct vs_key *k = params(&n);
	for (int a = 0; a < OWN_COUNT - OWN_ALIAS0; a++) {
		if (!s->alias_set[a])
			continue;
		int t = scn_key_alias_target(n + OWN_ALIAS0 + a);
		/* microseconds at cpu_ghz GHz: us * 1e-6 s * ghz * 1e9 cycles/s */
		double cycles = s->alias_value[a] * s->p.cpu_ghz * 1e3;
		if (t < 0 || t >= n || k[t].type != VS_KEY_DOUBLE || !(cycles >= k[t].min) ||
		    !(cycles <= k[t].max)) {
			*bad = n + OWN_ALIAS0 + a;
			return -1;
		}
		*(double *)((char *)&s->p + k[t].off) = cycles;
	}
	return 0;
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

/* @v relative to the scenario's directory, into @out (PATH_MAX bytes). 0, or -1 when the
 * path would not fit (never a truncated path: it could name another file). */
static int resolve_path(const struct scenario *s, const char *v, char *out)
{
	bool here = !s->dir[0] || !strcmp(s->dir, "."); /* "t.csv", not "./t.csv", in messages */
	int n = (v[0] == '/' || here) ? snprintf(out, PATH_MAX, "%s", v)
					     : snprintf(out, PATH_MAX, "%s/%s", s->dir, v);
	if (n < 0 || n >= PATH_MAX) {
		out[0] = 0;
		return -1;
	}
	return 0;
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
	char *tmp = strdup(value);
	if (!tmp)
		return "a shorter list (out of memory)";
	int n = 0;
	int ms[VS_MAX_MODELS];
	const char *why = NULL;
	for (char *save, *t = strtok_r(tmp, ",", &save); t && !why; t = strtok_r(NULL, ",", &save)) {
		int m = vs_model_parse(scn_trim(t));
		if (m < 0 || n == VS_MAX_MODELS) {
			why = models_expected(buf, bufn);
			break;
		}
		for (int j = 0; j < n && !why; j++)
			if (ms[j] == m)
				why = "a list without repeats";
		ms[n++] = m;
	}
	free(tmp);
	if (why)
		return why;
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
	if (key < n) {
		const char *why = vs_key_set(&s->p, &k[key], value, buf, (unsigned)bufn);
		if (!why)
			alias_clear_for(s, key); /* the key itself is now the latest word */
		return why;
	}
	char inner[SCN_ERR_MAX];
	switch (key - n) {
	case OWN_MODELS:
		return store_models(s, value, buf, bufn);
	case OWN_PROFILE:
		if (!*value)
			return "a file name";
		if (resolve_path(s, value, s->profile))
			return "a path shorter than PATH_MAX (4096 bytes)";
		scn_load_profile(c, s->profile); /* reports its own error */
		return NULL;
	case OWN_PROFILE_CLOCK:
		if (strcmp(value, "cycles") && strcmp(value, "time"))
			return "cycles|time";
		s->profile_time = !strcmp(value, "time");
		return NULL;
	case OWN_TRACE:
		if (!*value)
			return "a file name";
		if (resolve_path(s, value, s->trace_file))
			return "a path shorter than PATH_MAX (4096 bytes)";
		switch (scn_load_trace(s, s->trace_file, inner)) {
		case -1: scn_fail_inner(c, inner); break;
		case -2: scn_fail(c, "[workload] trace_file: cannot open %s (%s)", s->trace_file, inner); break;
		}
		return NULL;
	default: {
		int a = key - n - OWN_ALIAS0;
		double d;
		if (num_parse_double(value, &d) || d < 0 || d > 1e9)
			return "a time in microseconds from 0 to 1e+09";
		s->alias_value[a] = d;
		s->alias_set[a] = true;
		return NULL;
	}
	}
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
	case OWN_PROFILE_CLOCK: snprintf(buf, bufn, "%s", s->profile_time ? "time" : "cycles"); break;
	case OWN_TRACE: snprintf(buf, bufn, "%s", s->trace_file); break;
	default: break; /* an alias: scenario_check resolves it into its target */
	}
}
