/*
 * scenario/trace — `workload.trace_file`: a recorded trace (CSV: t_s,vm,bytes,resp_bytes with
 * a header line; '#' stamp lines first, as vrioemu --record writes them) read into
 * struct vs_trace_rec records for workload.kind = trace.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "csvio.h"
#include "internal.h"
#include "numtext.h"

static const char *const trace_cols[] = { "t_s", "vm", "bytes", "resp_bytes" };
#define TRACE_COLS 4

/* The reader's state. */
struct trace_ctx {
	struct scenario *s;     /* whose trace this is */
	const char *path;       /* for messages */
	char *err;              /* the message (SCN_ERR_MAX bytes) */
	int n;                  /* records read */
	int cap;                /* records allocated */
	bool header_done;       /* the header row was checked */
};

/* The largest value of each column: t_s any finite time; vm an int (the index is taken modulo
 * the rack's VMs); bytes and resp_bytes 1 GiB (uint32_t, and a request the wire can frame). */
static const double trace_max[TRACE_COLS] = { 1e300, INT_MAX, 1 << 30, 1 << 30 };
#define TRACE_FIELD_MAX 63 /* characters of a field: more is not a number of a trace */

/* Check one field of a row (@line: its line) into @val. 0, or -1 with t->err. */
static int trace_value(struct trace_ctx *t, int col, char *field, int line, double *val)
{
	const char *v = scn_trim(field);
	if (strlen(v) > TRACE_FIELD_MAX) {
		snprintf(t->err, SCN_ERR_MAX, "%s:%d: %s: field longer than %d characters (\"%.20s...\")",
			 t->path, line, t->header_done ? trace_cols[col] : "header", TRACE_FIELD_MAX, v);
		return -1;
	}
	if (!t->header_done) {
		if (strcmp(v, trace_cols[col])) {
			snprintf(t->err, SCN_ERR_MAX, "%s:%d: column %d: expected header %s, got \"%s\"",
				 t->path, line, col + 1, trace_cols[col], v);
			return -1;
		}
		return 0;
	}
	double d = 0;
	if (num_parse_double(v, &d) || d < 0 || (col > 0 && d != floor(d)) || d > trace_max[col]) {
		if (col == 0)
			snprintf(t->err, SCN_ERR_MAX, "%s:%d: t_s: expected a non-negative time in seconds, got \"%s\"",
				 t->path, line, v);
		else
			snprintf(t->err, SCN_ERR_MAX, "%s:%d: %s: expected a non-negative whole number up to %.0f, got \"%s\"",
				 t->path, line, trace_cols[col], trace_max[col], v);
		return -1;
	}
	*val = d;
	return 0;
}

static int trace_row(void *ctx, char *const *fields, int n, int line)
{
	struct trace_ctx *t = ctx;
	double vals[TRACE_COLS] = { 0 };
	for (int i = 0; i < n && i < TRACE_COLS; i++)
		if (trace_value(t, i, fields[i], line, &vals[i]))
			return -1;
	if (n != TRACE_COLS) {
		snprintf(t->err, SCN_ERR_MAX, "%s:%d: expected 4 fields (t_s,vm,bytes,resp_bytes), got %d",
			 t->path, line, n);
		return -1;
	}
	if (!t->header_done) {
		t->header_done = true;
		return 0;
	}
	if (t->n && vals[0] < t->s->trace[t->n - 1].t_s) {
		snprintf(t->err, SCN_ERR_MAX, "%s:%d: t_s: records must be in time order", t->path, line);
		return -1;
	}
	if (vals[2] < 1) {
		snprintf(t->err, SCN_ERR_MAX, "%s:%d: bytes: must be at least 1", t->path, line);
		return -1;
	}
	if (t->n == VS_MAX_TRACE) {
		snprintf(t->err, SCN_ERR_MAX, "%s:%d: more than %d records (the most a trace may have)",
			 t->path, line, VS_MAX_TRACE);
		return -1;
	}
	if (t->n == t->cap) {
		int cap = t->cap ? 2 * t->cap : 1024;
		if (cap > VS_MAX_TRACE)
			cap = VS_MAX_TRACE;
		struct vs_trace_rec *recs = realloc(t->s->trace, (size_t)cap * sizeof(*recs));
		if (!recs) {
			snprintf(t->err, SCN_ERR_MAX, "%s:%d: no memory for %d records", t->path, line,
				 cap);
			return -1;
		}
		t->s->trace = recs;
		t->cap = cap;
	}
	t->s->trace[t->n++] = (struct vs_trace_rec){ vals[0], (int)vals[1], (uint32_t)vals[2],
						     (uint32_t)vals[3] };
	return 0;
}

int scn_load_trace(struct scenario *s, const char *path, char *err)
{
	struct trace_ctx t = { .s = s, .path = path, .err = err };
	struct csvio_reader rd = { .row = trace_row, .ctx = &t };
	struct csvio_pos pos;
	free(s->trace);
	s->trace = NULL;
	s->p.trace = NULL;
	s->p.n_trace = 0;
	switch (csvio_each(path, &rd, &pos)) {
	case CSVIO_OK:
		break;
	case CSVIO_EREAD:
		if (pos.errnum == ENOMEM)
			snprintf(err, SCN_ERR_MAX, "%s: no memory to read the trace", path);
		else if (pos.line)
			snprintf(err, SCN_ERR_MAX, "%s:%d: cannot read trace (%s)", path, pos.line,
				 strerror(pos.errnum));
		else {
			snprintf(err, SCN_ERR_MAX, "%s", strerror(pos.errnum));
			return -2; /* the including line says so */
		}
		return -1;
	case CSVIO_ESYNTAX:
		snprintf(err, SCN_ERR_MAX, "%s:%d: CSV error: %s", path, pos.line, pos.syntax);
		scn_oneline(err);
		return -1;
	case CSVIO_STOPPED:
		scn_oneline(err); /* trace_row said why, quoting the field */
		return -1;
	}
	if (t.n == 0) {
		snprintf(err, SCN_ERR_MAX, "%s: no trace records after the header", path);
		return -1;
	}
	s->p.trace = s->trace;
	s->p.n_trace = t.n;
	return 0;
}
