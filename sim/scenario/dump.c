/*
 * scenario/dump — every key's resolved value as "section.key=value" lines, the keys of each
 * section together: `vriosim run --params`, and the stamp that tells a sweep point's results
 * apart.
 */
#include <limits.h>
#include <stdio.h>
#include <string.h>

#include "internal.h"

void scenario_dump(const struct scenario *s, FILE *out)
{
	int n = scn_n_keys();
	char done[SCN_MAX_KEYS] = { 0 };
	/* The longest value: a weight per VMhost (VS_MAX_VMHOSTS of up to 24 characters and a
	 * comma), or a path. */
	static char val[VS_MAX_VMHOSTS * 25 + PATH_MAX];
	for (int i = 0; i < n; i++) {
		if (done[i])
			continue;
		/* This key, then every later one of its section. */
		for (int j = i; j < n; j++) {
			if (done[j] || strcmp(scn_key_section(j), scn_key_section(i)))
				continue;
			done[j] = 1;
			if (scn_key_alias_target(j) >= 0)
				continue; /* resolved into its target by scenario_check */
			scn_key_format(s, j, val, sizeof(val));
			fprintf(out, "%s.%s=%s\n", scn_key_section(j), scn_key_name(j), val);
		}
	}
}
