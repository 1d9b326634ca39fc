/*
 * fuzz_scenario — the scenario reader (sim/scenario) on any text: the INI syntax, every key's
 * value parser, [sweep] axes, includes of a profile and a trace (the input is a file of a
 * scratch directory holding p.ini and t.csv; an input whose profile or trace_file line holds a
 * '/' is set aside, so none reads /dev/stdin or /dev/zero), and the cross-key check.
 *
 * Properties besides memory safety: an error is one line naming the file; a scenario that
 * loads prints (scenario_dump) values that, set back one by one, print the same again (the
 * shortest form reads back exactly).
 */
#define _GNU_SOURCE
#include <stdbool.h>

#include "fuzz.h"
#include "scenario.h"

static struct scenario scn, again;
static char scn_path[512]; /* the input's name: a file of the scratch directory, whose p.ini
			    * and t.csv it may include */

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	char path[512];
	fuzz_scratch("fuzz.ini", scn_path, sizeof(scn_path));
	FILE *f = fopen(fuzz_scratch("p.ini", path, sizeof(path)), "w");
	if (f) {
		fputs("[profile]\nsource = fuzz\n[costs]\nsidecore_req_cycles = 1200\npoll_queue_ns = 50\n"
		      "[fit]\nsidecore_frame_r2 = 0.9\n", f);
		fclose(f);
	}
	f = fopen(fuzz_scratch("t.csv", path, sizeof(path)), "w");
	if (f) {
		fputs("# vrioemu fuzz\nt_s,vm,bytes,resp_bytes\n0,0,64,64\n0.001,1,128,0\n0.002,7,1500,64\n", f);
		fclose(f);
	}
	return 0;
}

/* The dump of @s as one text (free it). */
static char *dump(const struct scenario *s)
{
	char *buf = NULL;
	size_t n = 0;
	FILE *m = open_memstream(&buf, &n);
	FUZZ_ASSERT(m != NULL, "open_memstream");
	scenario_dump(s, m);
	fclose(m);
	return buf;
}

/* Does a line of @t (lines end at CR or LF, as the reader's do) name a file by a path? */
static bool names_a_path(const char *t, size_t n)
{
	for (size_t i = 0; i < n;) {
		size_t e = i;
		while (e < n && t[e] != '\n' && t[e] != '\r')
			e++;
		size_t b = i;
		while (b < e && (t[b] == ' ' || t[b] == '\t' || t[b] == '\f' || t[b] == '\v'))
			b++;
		bool file_key = (e - b >= 7 && !memcmp(t + b, "profile", 7)) ||
				(e - b >= 10 && !memcmp(t + b, "trace_file", 10));
		if (file_key && memchr(t + b, '/', e - b))
			return true;
		i = e + 1;
	}
	return false;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (names_a_path((const char *)data, size))
		return -1; /* a path out of the scratch directory: not worth keeping */
	char err[SCN_ERR_MAX];
	if (scenario_load_text(&scn, scn_path, (const char *)data, size, err)) {
		/* Named: the scenario's line, or an included file's (all in the scratch directory). */
		FUZZ_ASSERT(!strncmp(err, fuzz_scratch_dir(), strlen(fuzz_scratch_dir())),
			    "error without its file: %s", err);
		FUZZ_ASSERT(err[0] && !strchr(err, '\n'), "not one line: %s", err);
		scenario_free(&scn);
		return 0;
	}
	if (scenario_check(&scn, err)) {
		FUZZ_ASSERT(err[0] && !strchr(err, '\n'), "not one line: %s", err);
		scenario_free(&scn);
		return 0;
	}
	/* Every printed value reads back as itself. */
	char *first = dump(&scn);
	FUZZ_ASSERT(!scenario_load(&again, NULL, err), "the default: %s", err);
	for (char *save, *line = strtok_r(first, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		char *eq = strchr(line, '=');
		if (!eq || !eq[1] || !strncmp(line, "costs.profile=", 14))
			continue; /* no value, or the include (its keys are printed one by one) */
		FUZZ_ASSERT(!scenario_set(&again, line, err), "%s does not read back: %s", line, err);
	}
	free(first);
	first = dump(&scn);
	char *second = dump(&again);
	/* Line by line, the include's own line aside (its keys are on their lines). */
	char *a = first, *b = second;
	while (*a || *b) {
		size_t la = strcspn(a, "\n"), lb = strcspn(b, "\n");
		if (strncmp(a, "costs.profile=", 14) || strncmp(b, "costs.profile=", 14))
			FUZZ_ASSERT(la == lb && !memcmp(a, b, la), "read back as %.*s, printed %.*s",
				    (int)lb, b, (int)la, a);
		a += la + (a[la] == '\n');
		b += lb + (b[lb] == '\n');
	}
	scenario_free(&again);
	free(second);
	free(first);
	scenario_free(&scn);
	return 0;
}
