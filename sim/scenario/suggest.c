/*
 * scenario/suggest — "did you mean": the known key or section nearest to an unknown one, by
 * edit distance (a swap of two neighbouring letters counts one, case is ignored), or the
 * section that has a key of that name.
 */
#include <ctype.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "internal.h"

/* Edit distance (optimal string alignment: a swap of two neighbours counts one), letters
 * compared without case; capped at 99 for long words. */
static int distance(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b);
	if (la > 63 || lb > 63)
		return 99;
	int d[64][64];
	for (size_t i = 0; i <= la; i++)
		d[i][0] = (int)i;
	for (size_t j = 0; j <= lb; j++)
		d[0][j] = (int)j;
	for (size_t i = 1; i <= la; i++)
		for (size_t j = 1; j <= lb; j++) {
			int cost = tolower((unsigned char)a[i - 1]) != tolower((unsigned char)b[j - 1]);
			int v = d[i - 1][j] + 1;
			if (d[i][j - 1] + 1 < v)
				v = d[i][j - 1] + 1;
			if (d[i - 1][j - 1] + cost < v)
				v = d[i - 1][j - 1] + cost;
			if (i > 1 && j > 1 && tolower((unsigned char)a[i - 1]) == tolower((unsigned char)b[j - 2]) &&
			    tolower((unsigned char)a[i - 2]) == tolower((unsigned char)b[j - 1]) &&
			    d[i - 2][j - 2] + 1 < v)
				v = d[i - 2][j - 2] + 1;
			d[i][j] = v;
		}
	return d[la][lb];
}

/* Close enough to be a typo of @want: at most a third of its letters (two for short words)
 * and fewer than all of them. */
static bool close_to(const char *typed, const char *want, int *best)
{
	int d = distance(typed, want), len = (int)strlen(want);
	int limit = len / 3 > 2 ? len / 3 : 2;
	if (d > limit || d >= len || d >= *best)
		return false;
	*best = d;
	return true;
}

const char *scn_suggest_key(const char *section, const char *name)
{
	const char *hit = NULL;
	int best = 100;
	for (int i = 0, n = scn_n_keys(); i < n; i++)
		if (!strcmp(scn_key_section(i), section) && close_to(name, scn_key_name(i), &best))
			hit = scn_key_name(i);
	if (!strcmp(section, "sweep") && close_to(name, "axis", &best))
		hit = "axis";
	return hit;
}

const char *scn_suggest_section(const char *section, const char *name)
{
	/* The key names its section ("vmhosts" before any header): of the sections that have
	 * it, the one nearest in spelling, else the first in documentation order ([rack]
	 * before [classes]). */
	const char *owner = NULL, *near = NULL;
	int near_best = 100;
	for (int i = 0, n = scn_n_keys(); i < n; i++)
		if (!strcmp(scn_key_name(i), name)) {
			if (!owner)
				owner = scn_key_section(i);
			if (close_to(section, scn_key_section(i), &near_best))
				near = scn_key_section(i);
		}
	if (owner)
		return near ? near : owner;
	const char *hit = NULL;
	int best = 100;
	for (int i = 0, n = scn_n_keys(); i < n; i++)
		if (close_to(section, scn_key_section(i), &best))
			hit = scn_key_section(i);
	if (close_to(section, "sweep", &best))
		hit = "sweep";
	return hit;
}

const char *scenario_key_suggest(const char *key, char *buf, size_t bufn)
{
	char sec[64];
	const char *dot = strchr(key, '.'), *hit;
	buf[0] = 0;
	size_t n = dot ? (size_t)(dot - key) : 0;
	if (!dot || n >= sizeof(sec))
		return buf;
	memcpy(sec, key, n);
	sec[n] = 0;
	if (scn_known_section(sec)) {
		if ((hit = scn_suggest_key(sec, dot + 1)))
			snprintf(buf, bufn, " (did you mean %s.%s?)", sec, hit);
	} else if ((hit = scn_suggest_section(sec, dot + 1))) {
		if (scn_find_key(hit, dot + 1) >= 0)
			snprintf(buf, bufn, " (did you mean %s.%s?)", hit, dot + 1);
		else
			snprintf(buf, bufn, " (did you mean [%s]?)", hit);
	}
	return buf;
}
