/*
 * scenario/profile — `[costs] profile = FILE`: a calibration profile (vriosim calibrate) read
 * in place, so keys after the include still win. A profile may set only [costs]; its [profile]
 * and [fit] sections are notes for readers.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "internal.h"

int scn_load_profile(struct scn_parse *outer, const char *path)
{
	struct scn_parse c = { .s = outer->s, .file = path, .err = outer->err, .profile_only = true };
	c.fp = fopen(path, "r");
	if (!c.fp) {
		snprintf(outer->err, SCN_ERR_MAX, "%s:%d: [costs] profile: cannot open %s (%s)",
			 outer->file, outer->line, path, strerror(errno));
		outer->failed = true;
		return -1;
	}
	int saved[SCN_MAX_KEYS];
	memcpy(saved, outer->s->key_line, sizeof(saved));
	int rc = scn_parse_run(&c);
	fclose(c.fp);
	/* Keys set by the profile are blamed on the line that included it. */
	for (int i = 0, nk = scn_n_keys(); i < nk; i++)
		if (outer->s->key_line[i] != saved[i])
			outer->s->key_line[i] = outer->line;
	if (rc)
		outer->failed = true;
	return rc;
}
