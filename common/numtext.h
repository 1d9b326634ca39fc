/*
 * numtext — a number written as text, read whole: the one rule every reader of values (scenario
 * keys, traces, profiles, command-line options) applies.
 */
#ifndef VRIOSIM_NUMTEXT_H
#define VRIOSIM_NUMTEXT_H

/* @v as a finite double into @out: all of it a number (strtod's syntax), no trailing text, no
 * overflow, no inf or nan. 0, or -1 (and @out untouched). */
int num_parse_double(const char *v, double *out);

#endif
