/*
 * numtext — a number written as text, read whole (see numtext.h).
 */
#include "numtext.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>

int num_parse_double(const char *v, double *out)
{
	char *end;
	errno = 0;
	double d = strtod(v, &end);
	if (end == v || *end || errno || !isfinite(d))
		return -1;
	*out = d;
	return 0;
}
