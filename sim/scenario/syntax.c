/*
 * scenario/syntax — the INI syntax of scenarios and profiles, read from a text in memory:
 *
 *   [section]            ; a comment after the header is allowed
 *   key = value          ; an inline comment starts at a ';' after a blank
 *   ; a comment line, or # a comment line
 *
 * Lines end at LF, CRLF or a lone CR (each counts as one line, so messages name the line an
 * editor shows); a UTF-8 byte-order mark may open the text; blanks around sections, keys and
 * values are dropped, and an indented line is an ordinary line. Errors name file:line: a line
 * longer than SCN_MAX_LINE bytes, a NUL byte, a '[' without its ']', text after a section
 * header, a line that is neither a header nor key = value.
 *
 * This replaces libinih, whose 200-byte line buffer split longer lines (a key could be read
 * from the middle of a long comment, and every later line number drifted), which skipped
 * a line at a NUL byte and read a CR-only file as one line, and which kept parsing after an
 * unclosed [section] (the error then surfaced as an unknown section on a later line).
 */
#include <stdlib.h>
#include <string.h>

#include "internal.h"

static bool is_blank(char ch) { return ch == ' ' || ch == '\t' || ch == '\f' || ch == '\v'; }

/* @s without blanks at either end (in place). */
static char *strip(char *s)
{
	while (is_blank(*s))
		s++;
	size_t n = strlen(s);
	while (n && is_blank(s[n - 1]))
		s[--n] = 0;
	return s;
}

/* One line (NUL-terminated, no line end): a section header, a key, or nothing. 1 to go on,
 * 0 when it failed (c->err says why). @section is the current section (grown as needed). */
static int one_line(struct scn_parse *c, char *line, char **section, size_t *seccap)
{
	char *s = strip(line);
	if (!*s || *s == ';' || *s == '#')
		return 1;
	if (*s == '[') {
		char *end = strchr(s + 1, ']');
		if (!end)
			return scn_fail(c, "syntax error: section header %.40s%s without ']'", s,
					strlen(s) > 40 ? "..." : "");
		char *rest = strip(end + 1);
		if (*rest && *rest != ';' && *rest != '#')
			return scn_fail(c, "syntax error: text after the section header (%.40s)", rest);
		*end = 0;
		char *name = strip(s + 1);
		size_t n = strlen(name) + 1;
		if (n > *seccap) {
			char *grown = realloc(*section, n);
			if (!grown)
				return scn_fail(c, "no memory for a section name of %zu bytes", n);
			*section = grown;
			*seccap = n;
		}
		memcpy(*section, name, n);
		return 1;
	}
	char *eq = strchr(s, '=');
	if (!eq)
		return scn_fail(c, "syntax error (expected [section] or key = value)");
	*eq = 0;
	char *name = strip(s), *value = eq + 1;
	if (!*name)
		return scn_fail(c, "syntax error (no key before '=')");
	for (char *p = value; *p; p++)
		if (*p == ';' && p > value && is_blank(p[-1])) {
			*p = 0; /* an inline comment */
			break;
		}
	return scn_key_line(c, *section ? *section : "", name, strip(value));
}

int scn_parse_run(struct scn_parse *c)
{
	const char *t = c->text, *end = c->text + c->len;
	char *line = NULL, *section = NULL;
	size_t cap = 0, seccap = 0;
	int rc = 0;
	c->line = 0;
	if (c->len >= 3 && !memcmp(t, "\xEF\xBB\xBF", 3))
		t += 3;
	while (t < end && !c->failed) {
		const char *e = t;
		while (e < end && *e != '\n' && *e != '\r')
			e++;
		size_t n = (size_t)(e - t);
		c->line++;
		if (n > SCN_MAX_LINE) {
			scn_fail(c, "line longer than %d bytes", SCN_MAX_LINE);
			break;
		}
		if (memchr(t, 0, n)) {
			scn_fail(c, "NUL byte");
			break;
		}
		if (n + 1 > cap) {
			size_t want = cap ? cap : 256;
			while (want < n + 1)
				want *= 2;
			char *grown = realloc(line, want);
			if (!grown) {
				scn_fail(c, "no memory for a line of %zu bytes", n);
				break;
			}
			line = grown;
			cap = want;
		}
		memcpy(line, t, n);
		line[n] = 0;
		if (!one_line(c, line, &section, &seccap))
			break;
		t = e; /* past the line end: CRLF, or one CR or LF */
		if (t < end)
			t += (*t == '\r' && t + 1 < end && t[1] == '\n') ? 2 : 1;
	}
	if (c->failed)
		rc = -1;
	free(line);
	free(section);
	return rc;
}
