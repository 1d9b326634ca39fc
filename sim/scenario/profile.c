/*
 * scenario/profile — `[costs] profile = FILE`: a calibration profile (vriosim calibrate) read
 * in place, so keys after the include still win. A profile may set only [costs]; its [profile]
 * and [fit] sections are notes for readers. A key twice in the profile is an error, as in a
 * scenario; a scenario's key after the include is an override.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"

int scn_load_profile(struct scn_parse *outer, const char *path)
{
	size_t len;
	char *text = scn_read_file(path, &len);
	if (!text) {
		int e = errno;
		scn_fail(outer, "[costs] profile: cannot open %s (%s)", path,
			 e == EFBIG ? "larger than 16 MiB: not a profile" : strerror(e));
		return -1;
	}
	int seen[SCN_MAX_KEYS] = { 0 }, seen_key[SCN_MAX_KEYS] = { 0 };
	char inner[SCN_ERR_MAX];
	struct scn_parse c = { .s = outer->s, .file = path, .err = inner, .profile_only = true,
			       .text = text, .len = len, .seen = seen, .seen_key = seen_key };
	int saved[SCN_MAX_KEYS];
	memcpy(saved, outer->s->key_line, sizeof(saved));
	/* This profile's clock and cycle keys (a later include replaces an earlier one's). */
	outer->s->profile_ghz = 0;
	outer->s->profile_cycle_keys[0] = 0;
	memset(outer->s->profile_cycle, 0, sizeof(outer->s->profile_cycle));
	if (outer->set)
		snprintf(outer->s->profile_where, sizeof(outer->s->profile_where), "--set costs.profile");
	else
		snprintf(outer->s->profile_where, sizeof(outer->s->profile_where), "%s:%d", outer->file,
			 outer->line);
	int rc = scn_parse_run(&c);
	free(text);
	/* Keys set by the profile are blamed on the line that included it. */
	for (int i = 0, nk = scn_n_keys(); i < nk; i++)
		if (outer->s->key_line[i] != saved[i])
			outer->s->key_line[i] = outer->line;
	if (rc)
		scn_fail_inner(outer, inner);
	return rc;
}
