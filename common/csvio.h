/*
 * csvio — CSV both ways, through libcsv: RFC 4180 fields out, files in as rows of fields.
 *
 * Every CSV of ours starts with '#' stamp lines ("# vriosim <version> (<rev>)", vrioemu's
 * "# key=value" provenance); the reader hands them aside and parses the rest strictly. A '#'
 * after the first row is data. Plain C, no SimGrid: the simulator, its validation, the
 * benchmarks and the emulator share it.
 */
#ifndef VRIOSIM_CSVIO_H
#define VRIOSIM_CSVIO_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

/* ---- writing ---- */

/* @s quoted only if it needs it (a comma, quote or line break): names and numbers stay plain
 * and greppable. Then ',' or, for the @last field, '\n'. */
void csvio_put(FILE *f, const char *s, bool last);
/* @s always quoted (sweep tables, whose columns are user-named keys). */
void csvio_put_quoted(FILE *f, const char *s, bool last);

/* ---- reading, row by row ---- */

/* Return codes of csvio_each. */
enum csvio_rc {
	CSVIO_OK = 0,       /* every row read */
	CSVIO_EREAD = -1,   /* the file could not be opened or read (csvio_pos.errnum) */
	CSVIO_ESYNTAX = -2, /* not CSV (csvio_pos.line, csvio_pos.syntax) */
	CSVIO_STOPPED = -3, /* a callback asked to stop (its context says why) */
};

/* How far a read got, for the caller's own messages. */
struct csvio_pos {
	int line;           /* last physical line read: the bad one, or the file's line count */
	int errnum;         /* errno of CSVIO_EREAD */
	bool at_end;        /* the syntax error is an unfinished row at the end of the file */
	const char *syntax; /* libcsv's words for a syntax error (static) */
};

/* What to do with each part of a file. A callback returns 0 to go on, anything else to stop
 * the read (csvio_each then returns CSVIO_STOPPED). */
struct csvio_reader {
	/* A '#' line before the first row: the text after '#', without its line end (NULL:
	 * ignore them). */
	int (*comment)(void *ctx, const char *text, int line);
	/* A row: @n NUL-terminated fields, valid during the call; @line is where the row ends. */
	int (*row)(void *ctx, char *const *fields, int n, int line);
	void *ctx;       /* handed to both callbacks */
};

/* Read @path through @rd; @pos (may be NULL) tells where it stopped. */
enum csvio_rc csvio_each(const char *path, const struct csvio_reader *rd, struct csvio_pos *pos);
/* The usual message for a failed read: "PATH: cannot open (why)" or "PATH:LINE: why". */
void csvio_strerror(const char *path, enum csvio_rc rc, const struct csvio_pos *pos, char *buf,
		    size_t n);

/* ---- reading a whole file ---- */

/* A CSV file in memory. */
struct csvio_table {
	char ***rows;       /* rows[r][f], NUL-terminated; row 0 is the header */
	int *n_fields;      /* fields in each row */
	int n_rows;         /* rows read */
	int cap;            /* rows allocated */
};

/* Read @path (stamp lines skipped). 0, or -1 with @err: "PATH: cannot open (why)",
 * "PATH:LINE: why", "PATH: out of memory". @t is empty after a failure. */
int csvio_read(const char *path, struct csvio_table *t, char *err, size_t errn);
void csvio_free(struct csvio_table *t);
/* Index of the column named @name in the header, or -1. */
int csvio_column(const struct csvio_table *t, const char *name);
/* In a tidy file (a header with model, metric and value columns: summary.csv, vrioemu's
 * CSV), the value of @metric for @model (NULL: any model) in the first row that has it; NAN
 * when there is none. */
double csvio_tidy_value(const struct csvio_table *t, const char *model, const char *metric);

#endif
