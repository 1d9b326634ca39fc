/* bench — see bench.h. */
#include "bench.h"

#include <stdio.h>

int bench_main(const struct opts *o, const sigset_t *sigs)
{
	(void)o;
	(void)sigs;
	fprintf(stderr, "vrioemu: bench not built yet\n");
	return 1;
}
