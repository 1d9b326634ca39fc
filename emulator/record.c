/* record — see record.h. */
#define _GNU_SOURCE
#include "record.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int record_init(struct record *r, size_t cap, unsigned bytes, unsigned resp_bytes)
{
	memset(r, 0, sizeof(*r));
	r->t = malloc(cap * sizeof(*r->t));
	r->port = malloc(cap * sizeof(*r->port));
	if (!r->t || !r->port) {
		record_free(r);
		return -ENOMEM;
	}
	r->cap = cap;
	r->bytes = bytes;
	r->resp_bytes = resp_bytes;
	return 0;
}

void record_complete(void *ctx, unsigned port, uint64_t t_issue, uint64_t t_done)
{
	(void)t_done;
	struct record *r = ctx;
	if (r->n < r->cap) {
		r->t[r->n] = t_issue;
		r->port[r->n++] = port;
	}
}

static int by_time(const void *a, const void *b, void *ctx)
{
	const struct record *r = ctx;
	uint64_t x = r->t[*(const size_t *)a], y = r->t[*(const size_t *)b];
	return x < y ? -1 : x > y;
}

int record_write(struct record *r, const char *path, const char *stamp)
{
	size_t *ix = malloc((r->n ? r->n : 1) * sizeof(*ix));
	if (!ix)
		return -ENOMEM;
	for (size_t i = 0; i < r->n; i++)
		ix[i] = i;
	qsort_r(ix, r->n, sizeof(*ix), by_time, r);
	char tmp[4200];
	snprintf(tmp, sizeof(tmp), "%s.tmp", path);
	FILE *f = fopen(tmp, "w");
	if (!f) {
		free(ix);
		return -errno;
	}
	fprintf(f, "# %s; %zu requests completed in the measured window%s\n", stamp, r->n,
		r->n == r->cap ? " (capacity reached: later ones not kept)" : "");
	fprintf(f, "t_s,vm,bytes,resp_bytes\n");
	uint64_t t0 = r->n ? r->t[ix[0]] : 0;
	for (size_t i = 0; i < r->n; i++)
		fprintf(f, "%.9f,%u,%u,%u\n", (r->t[ix[i]] - t0) * 1e-9, r->port[ix[i]], r->bytes,
			r->resp_bytes);
	free(ix);
	if (fclose(f) || rename(tmp, path)) {
		int e = -errno;
		unlink(tmp);
		return e;
	}
	return 0;
}

void record_free(struct record *r)
{
	free(r->t);
	free(r->port);
	r->t = NULL;
	r->port = NULL;
}
