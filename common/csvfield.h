/*
 * csvfield — the old name of csvio's field writer, kept so emulator/measure.c builds unchanged
 * until its owner moves it to csvio.h (issue 9). New code includes csvio.h.
 */
#ifndef VRIOSIM_CSVFIELD_H
#define VRIOSIM_CSVFIELD_H

#include "csvio.h"

static inline void csvfield_put(FILE *f, const char *s, bool last) { csvio_put(f, s, last); }
static inline void csvfield_put_quoted(FILE *f, const char *s, bool last)
{
	csvio_put_quoted(f, s, last);
}

#endif
