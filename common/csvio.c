/*
 * csvio — CSV fields out, CSV files in (see csvio.h).
 *
 * The reader feeds libcsv one physical line at a time, so a message can name the line; a
 * row's fields are gathered in one growing buffer and handed over together.
 */
#define _GNU_SOURCE
#include "csvio.h"

#include <csv.h>
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

/* ======================= writing ======================= */

void csvio_put_quoted(FILE *f, const char *s, bool last)
{
	csv_fwrite(f, s, strlen(s));
	fputc(last ? '\n' : ',', f);
}

void csvio_put(FILE *f, const char *s, bool last)
{
	if (strpbrk(s, ",\"\r\n")) {
		csvio_put_quoted(f, s, last);
		return;
	}
	fputs(s, f);
	fputc(last ? '\n' : ',', f);
}

/* ======================= reading row by row ======================= */

/* The row being gathered. */
struct row_buf {
	const struct csvio_reader *rd; /* whom to hand rows to */
	char *text;          /* the fields, each NUL-terminated, one after another */
	size_t len;          /* bytes used in text */
	size_t cap;          /* bytes allocated for text */
	size_t *off;         /* where each field starts in text */
	char **fields;       /* pointers handed to the row callback */
	int n;               /* fields gathered */
	int fcap;            /* fields allocated */
	int line;            /* the physical line being parsed */
	bool stop;           /* a callback stopped the read */
	bool oom;            /* a buffer could not grow */
};

static void on_field(void *data, size_t len, void *user)
{
	struct row_buf *b = user;
	if (b->stop || b->oom)
		return;
	if (b->n == b->fcap) {
		int cap = b->fcap ? 2 * b->fcap : 16;
		size_t *off = realloc(b->off, (size_t)cap * sizeof(*off));
		if (!off)
			goto oom;
		b->off = off;
		char **fields = realloc(b->fields, (size_t)cap * sizeof(*fields));
		if (!fields)
			goto oom;
		b->fields = fields;
		b->fcap = cap;
	}
	if (b->len + len + 1 > b->cap) {
		size_t cap = b->cap ? b->cap : 256;
		while (cap < b->len + len + 1)
			cap *= 2;
		char *text = realloc(b->text, cap);
		if (!text)
			goto oom;
		b->text = text;
		b->cap = cap;
	}
	b->off[b->n++] = b->len;
	if (len)
		memcpy(b->text + b->len, data, len);
	b->len += len;
	b->text[b->len++] = 0;
	return;
oom:
	b->oom = true;
}

static void on_row(int term, void *user)
{
	struct row_buf *b = user;
	(void)term;
	if (b->stop || b->oom)
		return;
	for (int i = 0; i < b->n; i++)
		b->fields[i] = b->text + b->off[i];
	if (b->rd->row && b->rd->row(b->rd->ctx, b->fields, b->n, b->line))
		b->stop = true;
	b->n = 0;
	b->len = 0;
}

enum csvio_rc csvio_each(const char *path, const struct csvio_reader *rd, struct csvio_pos *pos)
{
	struct csvio_pos dummy;
	if (!pos)
		pos = &dummy;
	memset(pos, 0, sizeof(*pos));
	FILE *f = fopen(path, "rb");
	if (!f) {
		pos->errnum = errno;
		return CSVIO_EREAD;
	}
	struct csv_parser p;
	struct row_buf b = { .rd = rd };
	enum csvio_rc rc = CSVIO_OK;
	char *line = NULL;
	size_t lcap = 0;
	ssize_t n;
	bool body = false; /* '#' lines are stamps only before the data */
	csv_init(&p, CSV_STRICT | CSV_APPEND_NULL);
	while ((n = getline(&line, &lcap, f)) >= 0) {
		b.line++;
		if (!body && line[0] == '#') {
			line[strcspn(line, "\r\n")] = 0;
			if (rd->comment && rd->comment(rd->ctx, line + 1, b.line)) {
				rc = CSVIO_STOPPED;
				goto out;
			}
			continue;
		}
		body = true;
		if (csv_parse(&p, line, (size_t)n, on_field, on_row, &b) != (size_t)n) {
			pos->syntax = csv_strerror(csv_error(&p));
			rc = CSVIO_ESYNTAX;
			goto out;
		}
		if (b.stop || b.oom)
			break;
	}
	if (ferror(f)) {
		pos->errnum = errno ? errno : EIO;
		rc = CSVIO_EREAD;
		goto out;
	}
	if (!b.stop && !b.oom && csv_fini(&p, on_field, on_row, &b)) {
		pos->syntax = csv_strerror(csv_error(&p));
		pos->at_end = true;
		rc = CSVIO_ESYNTAX;
		goto out;
	}
	if (b.oom) {
		pos->errnum = ENOMEM;
		rc = CSVIO_EREAD;
	} else if (b.stop) {
		rc = CSVIO_STOPPED;
	}
out:
	pos->line = b.line;
	csv_free(&p);
	free(line);
	free(b.text);
	free(b.off);
	free(b.fields);
	fclose(f);
	return rc;
}

void csvio_strerror(const char *path, enum csvio_rc rc, const struct csvio_pos *pos, char *buf,
		    size_t n)
{
	switch (rc) {
	case CSVIO_OK: snprintf(buf, n, "%s: ok", path); break;
	case CSVIO_EREAD:
		if (pos->errnum == ENOMEM)
			snprintf(buf, n, "%s: out of memory", path);
		else if (pos->line)
			snprintf(buf, n, "%s:%d: cannot read (%s)", path, pos->line, strerror(pos->errnum));
		else
			snprintf(buf, n, "%s: cannot open (%s)", path, strerror(pos->errnum));
		break;
	case CSVIO_ESYNTAX: snprintf(buf, n, "%s:%d: %s", path, pos->line, pos->syntax); break;
	case CSVIO_STOPPED: snprintf(buf, n, "%s:%d: read stopped", path, pos->line); break;
	}
}

/* ======================= reading a whole file ======================= */

struct table_ctx {
	struct csvio_table *t; /* the table being filled */
	bool oom;            /* a copy could not be made */
};

static int table_row(void *ctx, char *const *fields, int n, int line)
{
	struct table_ctx *c = ctx;
	struct csvio_table *t = c->t;
	(void)line;
	if (t->n_rows == t->cap) {
		int cap = t->cap ? 2 * t->cap : 64;
		char ***rows = realloc(t->rows, (size_t)cap * sizeof(*rows));
		if (!rows)
			goto oom;
		t->rows = rows;
		int *nf = realloc(t->n_fields, (size_t)cap * sizeof(*nf));
		if (!nf)
			goto oom;
		t->n_fields = nf;
		t->cap = cap;
	}
	char **copy = calloc((size_t)(n ? n : 1), sizeof(*copy));
	if (!copy)
		goto oom;
	for (int i = 0; i < n; i++) {
		if (!(copy[i] = strdup(fields[i]))) {
			for (int k = 0; k < i; k++)
				free(copy[k]);
			free(copy);
			goto oom;
		}
	}
	t->rows[t->n_rows] = copy;
	t->n_fields[t->n_rows++] = n;
	return 0;
oom:
	c->oom = true;
	return -1;
}

int csvio_read(const char *path, struct csvio_table *t, char *err, size_t errn)
{
	memset(t, 0, sizeof(*t));
	struct table_ctx c = { .t = t };
	struct csvio_reader rd = { .row = table_row, .ctx = &c };
	struct csvio_pos pos;
	enum csvio_rc rc = csvio_each(path, &rd, &pos);
	if (rc == CSVIO_OK)
		return 0;
	if (c.oom) {
		rc = CSVIO_EREAD;
		pos.errnum = ENOMEM;
	}
	csvio_strerror(path, rc, &pos, err, errn);
	csvio_free(t);
	return -1;
}

void csvio_free(struct csvio_table *t)
{
	for (int r = 0; r < t->n_rows; r++) {
		for (int i = 0; i < t->n_fields[r]; i++)
			free(t->rows[r][i]);
		free(t->rows[r]);
	}
	free(t->rows);
	free(t->n_fields);
	memset(t, 0, sizeof(*t));
}

int csvio_column(const struct csvio_table *t, const char *name)
{
	if (!t->n_rows)
		return -1;
	for (int i = 0; i < t->n_fields[0]; i++)
		if (!strcmp(t->rows[0][i], name))
			return i;
	return -1;
}

double csvio_tidy_value(const struct csvio_table *t, const char *model, const char *metric)
{
	int cm = csvio_column(t, "model"), ck = csvio_column(t, "metric"),
	    cv = csvio_column(t, "value");
	if (cm < 0 || ck < 0 || cv < 0)
		return NAN;
	int need = cm > ck ? cm : ck; /* the rightmost column a row must have */
	if (cv > need)
		need = cv;
	for (int r = 1; r < t->n_rows; r++) {
		char **row = t->rows[r];
		if (t->n_fields[r] <= need)
			continue;
		if ((!model || !strcmp(row[cm], model)) && !strcmp(row[ck], metric))
			return strtod(row[cv], NULL);
	}
	return NAN;
}
