/*
 * scenario/ini — reading a scenario: the text of a file or the built-in default through the
 * INI syntax (syntax.c), each key through the table (keys.c), [sweep] axis lines, --set
 * overrides and the cross-key check.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <libgen.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "fsutil.h"
#include "internal.h"
#include "numtext.h"

/* ======================= [sweep] axes ======================= */

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

char *scenario_axis_text(const struct scn_axis *a)
{
	const char *sep = ",";
	size_t len = strlen(a->key) + 2;
	for (int i = 0; i < a->n; i++) {
		if (strchr(a->values[i], ','))
			sep = "|"; /* list values: keep them whole */
		len += strlen(a->values[i]) + 1;
	}
	char *s = malloc(len);
	if (!s)
		return NULL;
	int k = sprintf(s, "%s=", a->key);
	for (int i = 0; i < a->n; i++)
		k += sprintf(s + k, "%s%s", i ? sep : "", a->values[i]);
	return s;
}

/* ======================= messages ======================= */

char *scn_oneline(char *msg)
{
	for (unsigned char *p = (unsigned char *)msg; *p; p++)
		if (*p < 0x20 || *p == 0x7f)
			*p = '?';
	return msg;
}

int scn_fail(struct scn_parse *c, const char *fmt, ...)
{
	if (c->failed)
		return 0; /* the first problem only */
	int n = c->set ? snprintf(c->err, SCN_ERR_MAX, "--set %s: ", c->set)
		       : snprintf(c->err, SCN_ERR_MAX, "%s:%d: ", c->file, c->line);
	if (n >= 0 && n < SCN_ERR_MAX) {
		va_list ap;
		va_start(ap, fmt);
		vsnprintf(c->err + n, SCN_ERR_MAX - (size_t)n, fmt, ap);
		va_end(ap);
	}
	scn_oneline(c->err); /* a value quoted in it may hold anything */
	c->failed = true;
	return 0;
}

int scn_fail_inner(struct scn_parse *c, const char *inner)
{
	if (c->failed)
		return 0;
	char msg[SCN_ERR_MAX];
	if (c->set)
		snprintf(msg, sizeof(msg), "--set %s: %s", c->set, inner);
	else
		snprintf(msg, sizeof(msg), "%s", inner);
	snprintf(c->err, SCN_ERR_MAX, "%s", msg);
	scn_oneline(c->err);
	c->failed = true;
	return 0;
}

/* ======================= [sweep] axis lines ======================= */

/* [sweep] axis = section.key=v1,v2,...: one more axis of the scenario. 1 (go on) or 0. */
static int sweep_axis(struct scn_parse *c, const char *name, char *v)
{
	if (strcmp(name, "axis"))
		return scn_fail(c, "[sweep] %s: unknown key (expected axis)", name);
	struct scn_axis *a = c->s->n_axes < SCN_MAX_AXES ? &c->s->axes[c->s->n_axes] : NULL;
	char *eq = strchr(v, '=');
	if (!a || !eq)
		return scn_fail(c, "[sweep] axis: expected section.key=v1,v2,... (at most %d axes)",
				SCN_MAX_AXES);
	*eq = 0;
	const char *key = scn_trim(v);
	if (strlen(key) >= sizeof(a->key) || !scenario_key_exists(key)) {
		char hint[160];
		return scn_fail(c, "[sweep] axis: unknown key %.100s%s", key,
				scenario_key_suggest(key, hint, sizeof(hint)));
	}
	for (int i = 0; i < c->s->n_axes; i++)
		if (!strcmp(c->s->axes[i].key, key))
			return scn_fail(c, "[sweep] axis: %s: set twice (first at line %d)", key,
					c->s->axes[i].line);
	snprintf(a->key, sizeof(a->key), "%s", key);
	a->line = c->line;
	const char *why;
	c->s->n_axes++; /* scenario_free frees what the split kept */
	if (scenario_axis_values(a, eq + 1, &why))
		return scn_fail(c, "[sweep] axis: %s: %s", a->key, why);
	return 1;
}

/* ======================= keys ======================= */

/* An unknown key, or a key of an unknown section: say so, with the likely one meant. */
static int unknown(struct scn_parse *c, const char *section, const char *name)
{
	const char *hit;
	if (scn_known_section(section)) {
		hit = scn_suggest_key(section, name);
		if (hit)
			return scn_fail(c, "[%s] %s: unknown key (did you mean %s?)", section, name, hit);
		return scn_fail(c, "[%s] %s: unknown key", section, name);
	}
	hit = scn_suggest_section(section, name);
	if (hit)
		return scn_fail(c, "[%s] %s: unknown section [%s] (did you mean [%s]?)", section, name,
				section, hit);
	return scn_fail(c, "[%s] %s: unknown section [%s]", section, name, section);
}

/* [profile] of a calibration profile: provenance for readers, but its clock (cpu_ghz) and
 * which of its keys are cycles (cycle_keys) tell what its cycle costs mean. */
static int profile_note(struct scn_parse *c, const char *name, const char *v)
{
	if (!strcmp(name, "cpu_ghz")) {
		double d;
		if (num_parse_double(v, &d) || !(d > 0.01 && d < 100))
			return scn_fail(c, "[profile] cpu_ghz: expected the measured clock in GHz, got \"%.64s\"", v);
		c->s->profile_ghz = d;
	} else if (!strcmp(name, "cycle_keys")) {
		if (strlen(v) >= sizeof(c->s->profile_cycle_keys))
			return scn_fail(c, "[profile] cycle_keys: longer than %zu bytes",
					sizeof(c->s->profile_cycle_keys) - 1);
		snprintf(c->s->profile_cycle_keys, sizeof(c->s->profile_cycle_keys), "%s", v);
	}
	return 1;
}

/* Is [costs] @name a cycle count in the profile being read: listed in its cycle_keys, or
 * (older profiles, without the list) named *_cycles? */
static bool profile_cycle_key(const struct scenario *s, const char *name)
{
	if (!s->profile_cycle_keys[0]) {
		size_t n = strlen(name);
		return n > 7 && !strcmp(name + n - 7, "_cycles");
	}
	size_t n = strlen(name);
	for (const char *p = s->profile_cycle_keys; (p = strstr(p, name)); p += n) {
		bool start = p == s->profile_cycle_keys || p[-1] == ' ' || p[-1] == ',';
		bool end = !p[n] || p[n] == ' ' || p[n] == ',';
		if (start && end)
			return true;
	}
	return false;
}

int scn_key_line(struct scn_parse *c, const char *section, const char *name, char *v)
{
	if (c->failed)
		return 0;
	if (c->profile_only) {
		if (!strcmp(section, "profile"))
			return profile_note(c, name, v);
		if (!strcmp(section, "fit"))
			return 1; /* fit statistics: for readers, not the model */
		if (strcmp(section, "costs") || !strcmp(name, "profile"))
			return scn_fail(c, "[%s] %s: a profile may only set [costs]", section, name);
	}
	if (!strcmp(section, "sweep"))
		return sweep_axis(c, name, v);
	int ki = scn_find_key(section, name);
	if (ki < 0)
		return unknown(c, section, name);
	/* A key given twice in one file is a mistake (which did the author mean?); a --set, or
	 * a scenario's key after its profile's, is an override. An alias and its target count
	 * as one key. */
	int slot = scn_key_canonical(ki);
	if (c->seen && c->seen[slot]) {
		if (c->seen_key[slot] == ki)
			return scn_fail(c, "[%s] %s: set twice (first at line %d)", section, name,
					c->seen[slot]);
		return scn_fail(c, "[%s] %s: %s set at line %d already (give one of them)", section,
				name, scn_key_name(c->seen_key[slot]), c->seen[slot]);
	}
	char buf[160];
	const char *expected = scn_store(c, ki, v, buf, sizeof(buf));
	if (c->failed)
		return 0;
	if (expected)
		return scn_fail(c, "[%s] %s: expected %s, got \"%.200s%s\"", section, name, expected, v,
				strlen(v) > 200 ? "..." : "");
	if (c->seen) {
		c->seen[slot] = c->line;
		c->seen_key[slot] = ki;
	}
	c->s->key_line[ki] = c->line;
	if (c->profile_only && profile_cycle_key(c->s, name)) {
		int n;
		const struct vs_key *k = vs_keys(&n);
		if (ki < n && k[ki].type == VS_KEY_DOUBLE) {
			c->s->profile_cycle[ki] = true;
			c->s->profile_value[ki] = *(const double *)((const char *)&c->s->p + k[ki].off);
		}
	}
	if (slot != ki)
		c->s->key_line[slot] = c->line; /* checks of the target blame the alias's line */
	return 1;
}

char *scn_read_file(const char *path, size_t *len)
{
	struct stat st;
	if (stat(path, &st) == 0 && S_ISDIR(st.st_mode)) {
		errno = EISDIR; /* read(2) would say so too, but not every libc reports it */
		return NULL;
	}
	return fs_slurp(path, SCN_MAX_FILE, len);
}

/* Why scn_read_file failed, for a message. */
static const char *read_error(int e)
{
	return e == EFBIG ? "larger than 16 MiB: not a scenario" : strerror(e);
}

/* ======================= the public face ======================= */

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

/* Parse @text into @s (already reset), as file @file. */
static int parse_text(struct scenario *s, const char *file, const char *text, size_t len,
		      char *err)
{
	int seen[SCN_MAX_KEYS] = { 0 }, seen_key[SCN_MAX_KEYS] = { 0 };
	struct scn_parse c = { .s = s, .file = file, .err = err, .text = text, .len = len,
			       .seen = seen, .seen_key = seen_key };
	return scn_parse_run(&c);
}

static void reset(struct scenario *s, char *err)
{
	memset(s, 0, sizeof(*s));
	vs_params_default(&s->p);
	s->models[0] = s->p.kind;
	s->n_models = 1;
	err[0] = 0;
}

int scenario_load_text(struct scenario *s, const char *path, const char *text, size_t len,
		       char err[SCN_ERR_MAX])
{
	reset(s, err);
	snprintf(s->path, sizeof(s->path), "%s", path);
	set_name(s, path);
	return parse_text(s, s->path, text, len, err);
}

int scenario_load(struct scenario *s, const char *path, char err[SCN_ERR_MAX])
{
	reset(s, err);
	if (!path) {
		snprintf(s->path, sizeof(s->path), "(built-in default)");
		snprintf(s->name, sizeof(s->name), "default");
		return parse_text(s, s->path, scenario_default_text, strlen(scenario_default_text), err);
	}
	size_t len;
	char *text = scn_read_file(path, &len);
	if (!text) {
		snprintf(err, SCN_ERR_MAX, "%s: cannot open scenario (%s)", path, read_error(errno));
		return -1;
	}
	int rc = scenario_load_text(s, path, text, len, err);
	free(text);
	return rc;
}

int scenario_set(struct scenario *s, const char *assignment, char err[SCN_ERR_MAX])
{
	char *tmp = strdup(assignment);
	if (!tmp) {
		snprintf(err, SCN_ERR_MAX, "--set: out of memory");
		return -1;
	}
	char *eq = strchr(tmp, '='), *dot = strchr(tmp, '.');
	if (!eq || !dot || dot > eq) {
		snprintf(err, SCN_ERR_MAX, "--set %s: expected section.key=value", assignment);
		free(tmp);
		return -1;
	}
	*eq = 0;
	*dot = 0;
	struct scn_parse c = { .s = s, .file = "--set", .set = assignment, .err = err };
	char dir[PATH_MAX];
	snprintf(dir, sizeof(dir), "%s", s->dir);
	s->dir[0] = 0; /* paths on the command line are relative to the working directory */
	int saved[SCN_MAX_KEYS];
	memcpy(saved, s->key_line, sizeof(saved));
	scn_key_line(&c, scn_trim(tmp), scn_trim(dot + 1), scn_trim(eq + 1));
	snprintf(s->dir, sizeof(s->dir), "%s", dir);
	free(tmp);
	if (c.failed)
		return -1;
	for (int i = 0, nk = scn_n_keys(); i < nk; i++)
		if (s->key_line[i] != saved[i]) {
			s->key_line[i] = saved[i];
			s->set_from_cli[i] = 1;
		}
	return 0;
}

/* "--set section.key" or "file:line" of key @ki, for a message. */
static void blame(const struct scenario *s, int ki, char *buf, size_t n)
{
	if (s->set_from_cli[ki])
		snprintf(buf, n, "--set %s.%s", scn_key_section(ki), scn_key_name(ki));
	else if (s->key_line[ki])
		snprintf(buf, n, "%s:%d", s->path, s->key_line[ki]);
	else
		snprintf(buf, n, "%s", s->path);
}

void scenario_key_where(const struct scenario *s, const char *key, char *buf, size_t n)
{
	char sec[64];
	const char *dot = strchr(key, '.');
	int ki = -1;
	if (dot && (size_t)(dot - key) < sizeof(sec)) {
		snprintf(sec, sizeof(sec), "%.*s", (int)(dot - key), key);
		ki = scn_find_key(sec, dot + 1);
	}
	if (ki < 0)
		snprintf(buf, n, "%s", s->path);
	else
		blame(s, ki, buf, n);
}

/* The profile's cycle keys at another clock than rack.cpu_ghz: scaled to keep the measured
 * times (profile_clock = time), or a note saying what they mean here. Keys changed since the
 * profile set them are the scenario's own: left alone. */
static void profile_clock(struct scenario *s)
{
	s->note[0] = 0;
	if (!(s->profile_ghz > 0) || fabs(s->p.cpu_ghz / s->profile_ghz - 1) <= 0.005)
		return;
	int n, first = -1, count = 0;
	const struct vs_key *k = vs_keys(&n);
	double f = s->p.cpu_ghz / s->profile_ghz;
	for (int i = 0; i < n; i++) {
		if (!s->profile_cycle[i])
			continue;
		double *v = (double *)((char *)&s->p + k[i].off);
		double want = s->profile_scaled ? s->profile_value[i] * f : s->profile_value[i];
		if (*v != want)
			continue; /* the scenario set it after the profile */
		if (s->profile_time && !s->profile_scaled)
			*v = s->profile_value[i] * f;
		if (first < 0)
			first = i;
		count++;
	}
	if (s->profile_time) {
		s->profile_scaled = true;
		return;
	}
	if (first < 0)
		return;
	char more[48] = "";
	if (count > 1)
		snprintf(more, sizeof(more), " and %d more cycle cost%s", count - 1, count > 2 ? "s" : "");
	snprintf(s->note, SCN_ERR_MAX,
		 "%s: [costs] profile: measured at %g GHz, rack.cpu_ghz = %g: %s%s take %.3gx the "
		 "measured time; set rack.cpu_ghz = %g to mirror the measured machine, or "
		 "[costs] profile_clock = time to keep the measured times",
		 s->profile_where, s->profile_ghz, s->p.cpu_ghz, k[first].name, more,
		 1 / f, s->profile_ghz);
}

int scenario_check(struct scenario *s, char err[SCN_ERR_MAX])
{
	int bad;
	if (scn_apply_aliases(s, &bad)) {
		char where[PATH_MAX + 64];
		blame(s, bad, where, sizeof(where));
		snprintf(err, SCN_ERR_MAX, "%s: [%s] %s: out of range at rack.cpu_ghz = %g", where,
			 scn_key_section(bad), scn_key_name(bad), s->p.cpu_ghz);
		return -1;
	}
	profile_clock(s);
	for (int i = 0; i < s->n_models; i++) {
		struct vs_params p = s->p;
		p.kind = s->models[i];
		struct vs_check chk;
		if (!vs_params_check(&p, &chk))
			continue;
		char sec[32];
		const char *dot = strchr(chk.key, '.');
		snprintf(sec, sizeof(sec), "%.*s", (int)(dot - chk.key), chk.key);
		int ki = scn_find_key(sec, dot + 1);
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

