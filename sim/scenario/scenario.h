/*
 * scenario — an INI scenario file turned into model parameters.
 *
 * Every key is declared once in a table (section, name, type, bounds); unknown sections and
 * keys (with the likely key meant), out-of-range values, syntax errors and a key set twice in
 * one file are errors that name file, line, key and what was expected. `--set
 * section.key=value` overrides go through the same table. `costs.profile` includes a
 * calibration profile (its [costs] apply where the key appears, so later keys still win);
 * `workload.trace_file` loads a CSV trace. Relative paths are relative to the scenario file.
 * A few keys have aliases in the unit users think in (`costs.interpose_us` for
 * `costs.interpose_cycles`), converted at rack.cpu_ghz by scenario_check.
 *
 * The folder: syntax.c (the INI syntax), keys.c (the table, value parsing, aliases),
 * suggest.c (did you mean), ini.c (each key, [sweep] axes, --set, checks), profile.c (the
 * profile include), trace.c (the trace reader), dump.c (every resolved key).
 */
#ifndef VRIOSIM_SCENARIO_H
#define VRIOSIM_SCENARIO_H

#include <limits.h>
#include <stdbool.h>
#include <stdio.h>

#include "vriosim.h"

#define SCN_MAX_AXES 8      /* axes of a sweep */
#define SCN_MAX_VALUES 64   /* values of one axis */
#define SCN_MAX_KEYS 256    /* keys a scenario may have (models' parameters + its own) */
#define SCN_MAX_ALIASES 4   /* keys that are another key in other units */

/* A sweep axis: one key and the values it takes. */
struct scn_axis {
	char key[96];                   /* "section.key" */
	int n;                          /* values */
	char *values[SCN_MAX_VALUES];   /* owned strings, in the order given */
	int line;                       /* the [sweep] line that gave it (0: --axis) */
};
/* Fill @a's values from @text: split at '|' when it has one (values that are lists themselves:
 * "1,1,1,4|1,1,1,8"), else at ','; blanks around values are dropped. 0, or -1 with the problem
 * ("no values", "more than 64 values") in @why. */
int scenario_axis_values(struct scn_axis *a, const char *text, const char **why);

/* Message buffer for errors: one line, no newline. */
#define SCN_ERR_MAX 512

struct scenario {
	struct vs_params p;             /* the models' input (p.kind: the first model) */
	int models[VS_MAX_MODELS];      /* [model] kind, in the order given (VS_VOCAB_MODEL) */
	int n_models;                   /* models in models[] */
	char name[128];                 /* the file's base name without .ini ("default" built in) */
	char path[PATH_MAX];            /* the file, for messages */
	char dir[PATH_MAX];             /* its directory, for relative includes */
	char trace_file[PATH_MAX];      /* workload.trace_file, resolved */
	char profile[PATH_MAX];         /* costs.profile, resolved */
	struct vs_trace_rec *trace;     /* the trace's records (owned; p.trace points here) */
	struct scn_axis axes[SCN_MAX_AXES]; /* [sweep] axis lines */
	int n_axes;                     /* axes in axes[] */
	int key_line[SCN_MAX_KEYS];     /* per key of the table: the line that set it (0: default) */
	int set_from_cli[SCN_MAX_KEYS]; /* per key: set by --set */
	double alias_value[SCN_MAX_ALIASES]; /* per alias: the value given (its own unit) */
	bool alias_set[SCN_MAX_ALIASES];     /* per alias: it is the latest word on its target */
	/* The calibration profile's clock: its cycle keys are its measured times at that clock. */
	double profile_ghz;             /* [profile] cpu_ghz (0: none given) */
	char profile_where[PATH_MAX + 32]; /* what included it: "file:line" or "--set costs.profile" */
	char profile_cycle_keys[1024];  /* [profile] cycle_keys ("": the profile's *_cycles keys) */
	bool profile_cycle[SCN_MAX_KEYS]; /* per key: a cycle key the profile set... */
	double profile_value[SCN_MAX_KEYS]; /* ...to this value */
	bool profile_time;              /* [costs] profile_clock = time: keep the measured times */
	bool profile_scaled;            /* scenario_check scaled them to rack.cpu_ghz already */
	char note[SCN_ERR_MAX];         /* a warning scenario_check leaves for the user ("": none) */
};

/* Load @path (NULL: the built-in default scenario). 0, or -1 with @err filled. */
int scenario_load(struct scenario *s, const char *path, char err[SCN_ERR_MAX]);
/* Load a scenario from the @len bytes of @text (which may hold NUL bytes: they are errors),
 * named @path in messages; relative includes are relative to @path's directory. */
int scenario_load_text(struct scenario *s, const char *path, const char *text, size_t len,
		       char err[SCN_ERR_MAX]);
/* Apply "section.key=value". 0, or -1 with @err filled (naming the --set). */
int scenario_set(struct scenario *s, const char *assignment, char err[SCN_ERR_MAX]);
/* Cross-key checks for every model of the scenario (names file:line of the key). A profile
 * measured at another clock than rack.cpu_ghz: with [costs] profile_clock = time its cycle
 * keys are scaled to keep the measured times; else s->note gets one line saying what the
 * cycles mean at this clock (a warning, for the CLI to print). */
int scenario_check(struct scenario *s, char err[SCN_ERR_MAX]);
void scenario_free(struct scenario *s);
/* Where key @key ("section.key") was set, for a message: "file:line", "--set section.key",
 * or the scenario's path when it has its default. */
void scenario_key_where(const struct scenario *s, const char *key, char *buf, size_t n);
/* The resolved value of every key, as "section.key=value" lines (for stamps and resume). */
void scenario_dump(const struct scenario *s, FILE *out);
/* Does @key ("section.key") exist? */
bool scenario_key_exists(const char *key);
/* " (did you mean section.key?)" for an unknown @key, into @buf; "" when nothing is close. */
const char *scenario_key_suggest(const char *key, char *buf, size_t n);

/* The built-in default scenario's text (scenarios/default.ini, embedded at build time). */
extern const char scenario_default_text[];

#endif
