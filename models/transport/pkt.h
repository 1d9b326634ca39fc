/*
 * pkt — a packet travelling toward a guest: a response, a TCP acknowledgement, or a vRIO
 * completion message. Requests travel as themselves (struct request); what comes back to a
 * guest arrives in its receive ring as a packet, through whatever backend serves it.
 *
 * Packets come from a per-run pool: allocated in chunks, recycled through a free list, never
 * freed one by one (a run frees the pool at its end).
 */
#ifndef VRIOSIM_PKT_H
#define VRIOSIM_PKT_H

#include <stdint.h>

#include "inbox.h"

struct request;
struct vcpu;

enum pkt_kind {
	PKT_RESP,     /* the response to a request (request-response, block over the wire) */
	PKT_ACK,      /* a TCP acknowledgement of a send */
	PKT_DONE,     /* a vRIO completion message: the IOhost returned a send's buffer */
};

struct pkt {
	struct tq_node node;     /* its place in a timed queue while travelling (first member) */
	enum pkt_kind kind;
	struct vcpu *dst;        /* the guest queue it is for */
	struct request *req;     /* PKT_RESP, PKT_DONE: the request it answers; PKT_ACK: the send
				  * it acknowledges */
	uint64_t req_id;         /* req->id when it was made: once the request is done its slot
				  * serves another, and a packet still on its way for the old one
				  * (a late response, an ACK a later one covered) is stale */
	uint32_t bytes;          /* payload bytes (0 for a bare ACK or completion) */
	uint32_t frames;         /* frames it took on the wire (GRO merges them into one) */
	struct pkt *next_free;   /* the pool's free list */
};

struct pkt_pool {
	struct pkt *free;        /* recycled packets */
	struct pkt **chunks;     /* every allocation, for pkt_pool_free */
	int n_chunks, cap_chunks;
	uint64_t live;           /* packets handed out and not returned */
};

void pkt_pool_init(struct pkt_pool *pp);
void pkt_pool_free(struct pkt_pool *pp);
/* A zeroed packet, or NULL when memory runs out. */
struct pkt *pkt_get(struct pkt_pool *pp);
void pkt_put(struct pkt_pool *pp, struct pkt *p);

#endif
