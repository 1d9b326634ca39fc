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

/* ---- parsing (ini.c, profile.c) ---- */

/* Where the parser is, for messages. */
struct scn_parse {
	struct scenario *s;    /* what is being filled */
	const char *file;      /* as shown in messages */
	int line;              /* current physical line */
	char *err;             /* the first error (SCN_ERR_MAX bytes) */
	bool failed;           /* an error was reported: ignore the rest */
	bool profile_only;     /* a calibration profile: only [costs] (and [profile], [fit] notes) */
	FILE *fp;              /* reading a file, or */
	const char *text;      /* reading a string (the built-in default) */
};

/* Run libinih over c->fp or c->text. 0, or -1 with c->err filled. */
int scn_parse_run(struct scn_parse *c);
/* Store @value into key @k. NULL, or what was expected (in @buf or static); when the key's
 * own loading failed (a profile, a trace), c->failed is set and c->err says why. */
const char *scn_store(struct scn_parse *c, int key, const char *value, char *buf, size_t bufn);
/* [costs] profile = @path: parse it as a profile at this point of the outer file. 0, or -1
 * (outer->err filled, outer->failed set). */
int scn_load_profile(struct scn_parse *outer, const char *path);

/* ---- traces (trace.c) ---- */

/* Load the CSV trace @path (t_s,vm,bytes,resp_bytes) into s->trace. 0, or -1 with @err. */
int scn_load_trace(struct scenario *s, const char *path, char *err);

/* ---- values (keys.c) ---- */

/* @v without blanks (and a '\r') around it; trims in place. */
char *scn_trim(char *v);
/* A finite number, the whole of @v. 0 or -1. */
int scn_parse_double(const char *v, double *out);
/* Write key @i's value in @s as a scenario would (shortest form that reads back). */
void scn_key_format(const struct scenario *s, int i, char *buf, size_t n);

#endif
