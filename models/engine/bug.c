/*
 * bug — the report of a broken invariant.
 */
#include "bug.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

void vs_bug(const char *file, int line, const char *cond, const char *fmt, ...)
{
	va_list ap;
	fprintf(stderr, "vriosim: internal error at %s:%d: %s: ", file, line, cond);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	abort();
}
