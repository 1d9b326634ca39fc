/*
 * csvfield — write one RFC 4180 field of a CSV row (the quoting is libcsv's csv_fwrite).
 * Shared by the simulator's and the emulator's CSV writers; plain C, no SimGrid.
 */
#ifndef VRIOSIM_CSVFIELD_H
#define VRIOSIM_CSVFIELD_H

#include <stdbool.h>
#include <stdio.h>

/* @s quoted only if it needs it (a comma, quote or line break): names and numbers stay plain
 * and greppable. Then ',' or, for the @last field, '\n'. */
void csvfield_put(FILE *f, const char *s, bool last);
/* @s always quoted (sweep tables, whose columns are user-named keys). */
void csvfield_put_quoted(FILE *f, const char *s, bool last);

#endif
