/*
 * scenario/internal.h — what the files of sim/scenario share among themselves (never included
 * from outside the folder; scenario.h is the module's face): the key table, the parser's
 * state, and the value parsers.
 */
#ifndef VRIOSIM_SCENARIO_INTERNAL_H
#define VRIOSIM_SCENARIO_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "scenario.h"

/* ---- the keys (keys.c) ---- */

/* A scenario's keys are the models' parameters (vs_keys: type, range, unit, default, source),
 * numbered first, then the keys the scenario itself owns: [model] kind (the models to run side
 * by side), [costs] profile and [workload] trace_file (files it reads). A key's number indexes
 * struct scenario's key_line[] and set_from_cli[]. */

/* How many keys there are. */
int scn_n_keys(void);
/* Key @i's section and name. */
const char *scn_key_section(int i);
const char *scn_key_name(int i);
/* Index of section.name, or -1. */
int scn_find_key(const char *section, const char *name);
/* Does any key (or [sweep]) live in @section? */
bool scn_known_section(const char *section);

/* ---- parsing (syntax.c, ini.c, profile.c) ---- */

#define SCN_MAX_LINE 65536            /* bytes in one line of a scenario or profile */
#define SCN_MAX_FILE (16 << 20)       /* bytes in a scenario or profile file */

/* Where the parser is, for messages. */
struct scn_parse {
	struct scenario *s;    /* what is being filled */
	const char *file;      /* as shown in messages */
	const char *set;       /* non-NULL: applying this --set assignment (messages name it) */
	int line;              /* current line (1-based; 0 for a --set) */
	char *err;             /* the first error (SCN_ERR_MAX bytes) */
	bool failed;           /* an error was reported: stop */
	bool profile_only;     /* a calibration profile: only [costs] (and [profile], [fit] notes) */
	const char *text;      /* the whole text being read */
	size_t len;            /* its bytes (it may hold NUL bytes: they are errors) */
	int *seen;             /* per key (its canonical index): the line of this text that set
				* it (duplicates are errors), or NULL (a --set: an override) */
	int *seen_key;         /* per canonical key: which key set it (an alias, or the key) */
};

/* Record the first error as "<where>: <what>", where is "file:line" or "--set ASSIGNMENT";
 * c->failed is set. Returns 0 (the value a line handler returns to stop). */
int scn_fail(struct scn_parse *c, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* An error of a file read on behalf of the current line (a trace, a profile): @inner already
 * names its own file:line; a --set is named before it. Returns 0. */
int scn_fail_inner(struct scn_parse *c, const char *inner);
/* Parse c->text (syntax.c), calling scn_key_line for each key. 0, or -1 with c->err filled. */
int scn_parse_run(struct scn_parse *c);
/* One "key = value" of [section] at c->line (ini.c). 1 to go on, 0 to stop (c->err). */
int scn_key_line(struct scn_parse *c, const char *section, const char *name, char *value);
/* Read @path whole for parsing (at most SCN_MAX_FILE bytes). The text (free it), its length
 * in @len; NULL with errno (EISDIR for a directory, EFBIG for a larger file). */
char *scn_read_file(const char *path, size_t *len);
/* Store @value into key @k. NULL, or what was expected (in @buf or static); when the key's
 * own loading failed (a profile, a trace), c->failed is set and c->err says why. */
const char *scn_store(struct scn_parse *c, int key, const char *value, char *buf, size_t bufn);
/* [costs] profile = @path: parse it as a profile at this point of the outer file. 0, or -1
 * (outer->err filled, outer->failed set). */
int scn_load_profile(struct scn_parse *outer, const char *path);

/* ---- aliases (keys.c) and suggestions (suggest.c) ---- */

/* Key @i is an alias (a time in microseconds of a cycle key): the index of the key it sets,
 * else -1. */
int scn_key_alias_target(int i);
/* The index duplicates are counted under: an alias's target, else @i itself. */
int scn_key_canonical(int i);
/* Convert the aliases set in @s into their target keys (at rack.cpu_ghz). 0, or -1 with the
 * alias's index in @bad when a converted value is out of its target's range. */
int scn_apply_aliases(struct scenario *s, int *bad);
/* The key of @section closest to @name (a likely typo), or NULL. */
const char *scn_suggest_key(const char *section, const char *name);
/* The section a key @name in unknown section @section was probably meant for, or NULL. */
const char *scn_suggest_section(const char *section, const char *name);

/* ---- traces (trace.c) ---- */

/* Load the CSV trace @path (t_s,vm,bytes,resp_bytes) into s->trace. 0; -1 with @err naming
 * the trace's file:line; -2 when it cannot be opened at all (@err: the reason alone). */
int scn_load_trace(struct scenario *s, const char *path, char *err);
/* Make @msg one line: control characters (a quoted field's line break) become '?'. */
char *scn_oneline(char *msg);

/* ---- values (keys.c) ---- */

/* @v without blanks (and a '\r') around it; trims in place. */
char *scn_trim(char *v);
/* Write key @i's value in @s as a scenario would (shortest form that reads back). */
void scn_key_format(const struct scenario *s, int i, char *buf, size_t n);

#endif
