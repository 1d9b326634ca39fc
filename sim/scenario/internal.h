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

/* ---- the key table (keys.c) ---- */

/* How a key's value is read and stored. */
enum scn_ktype {
	K_DOUBLE,   /* a finite number within [min, max] */
	K_INT,      /* a whole number within [min, max], stored as int */
	K_U64,      /* likewise, stored as uint64_t */
	K_U32,      /* likewise, stored as uint32_t */
	K_BOOL,     /* on/off, true/false, yes/no, 1/0 */
	K_ENUM,     /* one of names[], stored as its index */
	K_MODELS,   /* [model] kind: a comma list of I/O models */
	K_WEIGHTS,  /* [workload] vm_load: a comma list of weights */
	K_PATH,     /* a file, relative to the scenario; stored in struct scenario */
};

/* One scenario key. */
struct scn_key {
	const char *section;        /* INI section */
	const char *name;           /* key within the section */
	enum scn_ktype type;        /* how its value is read */
	size_t off;                 /* into struct vs_params (or struct scenario for K_PATH) */
	double min, max;            /* accepted range of numbers */
	const char *const *names;   /* K_ENUM: accepted words, index = value */
};

extern const struct scn_key scn_keys[];
extern const int scn_n_keys;

/* Index of section.name in the table, or -1. */
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
const char *scn_store(struct scn_parse *c, const struct scn_key *k, const char *value, char *buf,
		      size_t bufn);
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

#endif
