/*
 * scenario/dump — every key's resolved value as "section.key=value" lines, the keys of each
 * section together: `vriosim run --params`, and the stamp that tells a sweep point's results
 * apart.
 */
#include <stdio.h>
#include <string.h>

#include "internal.h"

void scenario_dump(const struct scenario *s, FILE *out)
{
	int n = scn_n_keys();
	char done[SCN_MAX_KEYS] = { 0 };
	for (int i = 0; i < n; i++) {
		if (done[i])
			continue;
		/* This key, then every later one of its section. */
		for (int j = i; j < n; j++) {
			if (done[j] || strcmp(scn_key_section(j), scn_key_section(i)))
				continue;
			char val[8192];
			scn_key_format(s, j, val, sizeof(val));
			fprintf(out, "%s.%s=%s\n", scn_key_section(j), scn_key_name(j), val);
			done[j] = 1;
		}
	}
}
