/*
 * keyval — a key's value from its text (vs_key_set: numbers, words, flags, lists) and back
 * (vs_key_format: the shortest text that reads back the same). The keys themselves are keys.c's.
 */
#include <errno.h>
#include <math.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "numtext.h"
#include "vriosim.h"

static int parse_bool(const char *v, bool *out)
{
	static const char *const yes[] = { "on", "true", "yes", "1" }, *const no[] = { "off", "false", "no", "0" };
	for (int i = 0; i < 4; i++) {
		if (!strcasecmp(v, yes[i])) {
			*out = true;
			return 0;
		}
		if (!strcasecmp(v, no[i])) {
			*out = false;
			return 0;
		}
	}
	return -1;
}

/* "a|b|c" into @buf. */
static void word_list(enum vs_vocab v, char *buf, unsigned n)
{
	const char *const *names = vs_vocab_names(v);
	size_t len = 0;
	buf[0] = 0;
	for (int i = 0; names && names[i] && len < n; i++)
		len += (size_t)snprintf(buf + len, n - len, "%s%s", i ? "|" : "", names[i]);
}

/* A comma list of at most @cap numbers in [@min, @max] into @out (*@n of them; blanks around
 * items and a trailing comma allowed). 0, or -1 when it is not one. */
static int parse_list(const char *value, double min, double max, int cap, double *out, int *n)
{
	int k = 0;
	const char *s = value;
	for (;;) {
		while (*s == ' ' || *s == '\t')
			s++;
		const char *end = strchr(s, ',');
		size_t len = end ? (size_t)(end - s) : strlen(s);
		while (len && (s[len - 1] == ' ' || s[len - 1] == '\t'))
			len--;
		char tok[64];
		double d;
		if (!len && !end)
			break; /* a trailing empty field (or nothing at all) */
		if (len >= sizeof(tok) || k == cap)
			return -1;
		memcpy(tok, s, len);
		tok[len] = 0;
		if (len && (num_parse_double(tok, &d) || d < min || d > max))
			return -1;
		if (len)
			out[k++] = d;
		if (!end)
			break;
		s = end + 1;
	}
	if (!k)
		return -1;
	*n = k;
	return 0;
}

static const char *set_weights(struct vs_params *p, const struct vs_key *k, const char *value)
{
	if (parse_list(value, 0, k->max, VS_MAX_VMHOSTS, p->vm_load, &p->n_vm_load))
		return "a comma list of non-negative weights, one per VMhost";
	return NULL;
}

static const char *set_list(struct vs_params *p, const struct vs_key *k, const char *value,
			    char *buf, unsigned bufn)
{
	struct vs_list *l = (struct vs_list *)((char *)p + k->off);
	if (!parse_list(value, k->min, k->max, VS_MAX_CLASSES, l->v, &l->n))
		return NULL;
	snprintf(buf, bufn, "a comma list of at most %d numbers in [%g, %g], one per class",
		 VS_MAX_CLASSES, k->min, k->max);
	return buf;
}

const char *vs_key_set(struct vs_params *p, const struct vs_key *k, const char *value, char *buf,
		       unsigned bufn)
{
	char *base = (char *)p;
	double d;
	bool b;
	switch (k->type) {
	case VS_KEY_DOUBLE:
		if (num_parse_double(value, &d) || d < k->min || d > k->max) {
			snprintf(buf, bufn, "a number from %g to %g", k->min, k->max);
			return buf;
		}
		*(double *)(base + k->off) = d;
		return NULL;
	case VS_KEY_INT:
	case VS_KEY_U32:
	case VS_KEY_U64: {
		char *end;
		errno = 0;
		unsigned long long u = strtoull(value, &end, 10);
		if (end == value || *end || errno || value[0] == '-' || (double)u < k->min ||
		    (double)u > k->max) {
			snprintf(buf, bufn, "a whole number from %.0f to %.0f", k->min, k->max);
			return buf;
		}
		if (k->type == VS_KEY_INT)
			*(int *)(base + k->off) = (int)u;
		else if (k->type == VS_KEY_U32)
			*(uint32_t *)(base + k->off) = (uint32_t)u;
		else
			*(uint64_t *)(base + k->off) = u;
		if (k->off == (unsigned)offsetof(struct vs_params, queue_size) && (u & (u - 1)))
			return "a power of 2 (virtio split rings)";
		return NULL;
	}
	case VS_KEY_BOOL:
		if (parse_bool(value, &b))
			return "on or off";
		*(bool *)(base + k->off) = b;
		return NULL;
	case VS_KEY_ENUM: {
		int i = vs_vocab_parse(k->vocab, value);
		if (i >= 0) {
			*(int *)(base + k->off) = i;
			return NULL;
		}
		word_list(k->vocab, buf, bufn);
		return buf;
	}
	case VS_KEY_WEIGHTS:
		return set_weights(p, k, value);
	case VS_KEY_LIST:
		return set_list(p, k, value, buf, bufn);
	}
	return "a value";
}

/* The shortest text that reads back as @v: the fewest significant digits (%g), written without
 * an exponent when that is no longer (2000, not 2e+03; 1e-05, not 0.00001). */
static void shortest(double v, char *buf, size_t n)
{
	char plain[400];
	int prec = 1;
	for (; prec <= 17; prec++) {
		snprintf(buf, n, "%.*g", prec, v);
		if (strtod(buf, NULL) == v)
			break;
	}
	if (!strchr(buf, 'e') || v == 0 || !isfinite(v))
		return;
	int exp10 = (int)floor(log10(fabs(v)));
	int decimals = prec - 1 - exp10 > 0 ? prec - 1 - exp10 : 0;
	if (decimals > 30 || exp10 > 30)
		return;
	snprintf(plain, sizeof(plain), "%.*f", decimals, v);
	if (strtod(plain, NULL) == v && strlen(plain) <= strlen(buf))
		snprintf(buf, n, "%s", plain);
}


/* @n numbers, comma separated, each in its shortest form. */
static void format_list(const double *v, int n, char *buf, unsigned bufn)
{
	size_t len = 0;
	buf[0] = 0;
	for (int w = 0; w < n && len < bufn; w++) {
		char one[32];
		shortest(v[w], one, sizeof(one));
		len += (size_t)snprintf(buf + len, bufn - len, "%s%s", w ? "," : "", one);
	}
}

void vs_key_format(const struct vs_params *p, const struct vs_key *k, char *buf, unsigned bufn)
{
	const char *base = (const char *)p;
	switch (k->type) {
	case VS_KEY_DOUBLE: shortest(*(const double *)(base + k->off), buf, bufn); return;
	case VS_KEY_INT: snprintf(buf, bufn, "%d", *(const int *)(base + k->off)); return;
	case VS_KEY_U32: snprintf(buf, bufn, "%u", *(const uint32_t *)(base + k->off)); return;
	case VS_KEY_U64:
		snprintf(buf, bufn, "%llu", (unsigned long long)*(const uint64_t *)(base + k->off));
		return;
	case VS_KEY_BOOL: snprintf(buf, bufn, "%s", *(const bool *)(base + k->off) ? "on" : "off"); return;
	case VS_KEY_ENUM:
		snprintf(buf, bufn, "%s", vs_vocab_name(k->vocab, *(const int *)(base + k->off)));
		return;
	case VS_KEY_WEIGHTS: format_list(p->vm_load, p->n_vm_load, buf, bufn); return;
	case VS_KEY_LIST: {
		const struct vs_list *l = (const struct vs_list *)(base + k->off);
		format_list(l->v, l->n, buf, bufn);
		return;
	}
	}
	buf[0] = 0;
}
