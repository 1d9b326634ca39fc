/*
 * scenario/ini — reading a scenario: libinih over a file or the built-in text, each key through
 * the table (keys.c), [sweep] axis lines, --set overrides and the cross-key check.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <ini.h>
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"

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

/* [sweep] axis = section.key=v1,v2,...: one more axis of the scenario. 1 (go on) or 0. */
static int sweep_axis(struct scn_parse *c, const char *name, char *v)
{
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
	snprintf(a->key, sizeof(a->key), "%s", scn_trim(v));
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

/* ======================= keys ======================= */

static int handler(void *user, const char *section, const char *name, const char *value_in)
{
	struct scn_parse *c = user;
	if (c->failed)
		return 1; /* report the first problem only */
	char value[8192];
	snprintf(value, sizeof(value), "%s", value_in);
	char *v = scn_trim(value);
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
	if (!strcmp(section, "sweep"))
		return sweep_axis(c, name, v);
	int ki = scn_find_key(section, name);
	if (ki < 0) {
		if (!scn_known_section(section))
			snprintf(c->err, SCN_ERR_MAX, "%s:%d: [%s] %s: unknown section [%s]", c->file,
				 c->line, section, name, section);
		else
			snprintf(c->err, SCN_ERR_MAX, "%s:%d: [%s] %s: unknown key", c->file, c->line,
				 section, name);
		c->failed = true;
		return 0;
	}
	char buf[160];
	const char *expected = scn_store(c, ki, v, buf, sizeof(buf));
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
	struct scn_parse *c = stream;
	char *r = fgets(str, num, c->fp);
	if (r)
		c->line++;
	return r;
}

static char *text_reader(char *str, int num, void *stream)
{
	struct scn_parse *c = stream;
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

int scn_parse_run(struct scn_parse *c)
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

int scenario_load(struct scenario *s, const char *path, char err[SCN_ERR_MAX])
{
	memset(s, 0, sizeof(*s));
	vs_params_default(&s->p);
	s->models[0] = s->p.kind;
	s->n_models = 1;
	struct scn_parse c = { .s = s, .err = err };
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
		int rc = scn_parse_run(&c);
		fclose(c.fp);
		return rc;
	}
	snprintf(s->path, sizeof(s->path), "(built-in default)");
	snprintf(s->name, sizeof(s->name), "default");
	c.file = s->path;
	c.text = scenario_default_text;
	return scn_parse_run(&c);
}

int scenario_set(struct scenario *s, const char *assignment, char err[SCN_ERR_MAX])
{
	char tmp[8192];
	snprintf(tmp, sizeof(tmp), "%s", assignment);
	char *eq = strchr(tmp, '='), *dot = strchr(tmp, '.');
	if (!eq || !dot || dot > eq) {
		snprintf(err, SCN_ERR_MAX, "--set %s: expected section.key=value", assignment);
		return -1;
	}
	*eq = 0;
	*dot = 0;
	struct scn_parse c = { .s = s, .file = "--set", .err = err, .line = 0 };
	char dir[PATH_MAX];
	snprintf(dir, sizeof(dir), "%s", s->dir);
	s->dir[0] = 0; /* paths on the command line are relative to the working directory */
	int saved[SCN_MAX_KEYS];
	memcpy(saved, s->key_line, sizeof(saved));
	handler(&c, scn_trim(tmp), scn_trim(dot + 1), eq + 1);
	snprintf(s->dir, sizeof(s->dir), "%s", dir);
	if (c.failed) {
		/* Re-word "--set:0:" as the assignment itself. */
		const char *rest = strchr(err, ' ');
		char msg[SCN_ERR_MAX];
		snprintf(msg, sizeof(msg), "--set %s:%s", assignment, rest ? rest : "");
		snprintf(err, SCN_ERR_MAX, "%s", msg);
		return -1;
	}
	for (int i = 0, nk = scn_n_keys(); i < nk; i++)
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

