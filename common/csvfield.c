/*
 * csvfield — one CSV field at a time.
 */
#include "csvfield.h"

#include <csv.h>
#include <string.h>

void csvfield_put_quoted(FILE *f, const char *s, bool last)
{
	csv_fwrite(f, s, strlen(s));
	fputc(last ? '\n' : ',', f);
}

void csvfield_put(FILE *f, const char *s, bool last)
{
	if (strpbrk(s, ",\"\r\n")) {
		csvfield_put_quoted(f, s, last);
		return;
	}
	fputs(s, f);
	fputc(last ? '\n' : ',', f);
}
