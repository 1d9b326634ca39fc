/*
 * pkt — the packet pool.
 */
#include "pkt.h"

#include <stdlib.h>
#include <string.h>

#include "bug.h"

#define PKT_CHUNK 1024

void pkt_pool_init(struct pkt_pool *pp) { memset(pp, 0, sizeof(*pp)); }

void pkt_pool_free(struct pkt_pool *pp)
{
	for (int i = 0; i < pp->n_chunks; i++)
		free(pp->chunks[i]);
	free(pp->chunks);
	memset(pp, 0, sizeof(*pp));
}

static int grow(struct pkt_pool *pp)
{
	if (pp->n_chunks == pp->cap_chunks) {
		int cap = pp->cap_chunks ? 2 * pp->cap_chunks : 16;
		struct pkt **c = realloc(pp->chunks, (size_t)cap * sizeof(*c));
		if (!c)
			return -1;
		pp->chunks = c;
		pp->cap_chunks = cap;
	}
	struct pkt *chunk = calloc(PKT_CHUNK, sizeof(*chunk));
	if (!chunk)
		return -1;
	pp->chunks[pp->n_chunks++] = chunk;
	for (int i = PKT_CHUNK - 1; i >= 0; i--) {
		chunk[i].next_free = pp->free;
		pp->free = &chunk[i];
	}
	return 0;
}

struct pkt *pkt_get(struct pkt_pool *pp)
{
	if (!pp->free && grow(pp))
		return NULL;
	struct pkt *p = pp->free;
	pp->free = p->next_free;
	memset(p, 0, sizeof(*p));
	pp->live++;
	return p;
}

void pkt_put(struct pkt_pool *pp, struct pkt *p)
{
	VS_BUG_ON(p->node.queued, "freeing a packet still travelling");
	VS_BUG_ON(!pp->live, "freeing more packets than were taken");
	p->next_free = pp->free;
	pp->free = p;
	pp->live--;
}
