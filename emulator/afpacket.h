/*
 * afpacket — a raw AF_PACKET socket on one interface, for vRIO frames only (bound to the vRIO
 * ethertype, our own outgoing frames ignored), with an optional mmap'ed receive ring:
 * TPACKET_V3 (the kernel fills variable-size frames into blocks and hands over a whole block at
 * a time: ~40 ns per frame, but a block is only handed over when full or when its timer
 * expires, a jiffy or more) or TPACKET_V2 (one slot per frame, handed over at once: for
 * latency). Sends are plain send()s bypassing the qdisc.
 */
#ifndef VRIOEMU_AFPACKET_H
#define VRIOEMU_AFPACKET_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>
#include <sys/uio.h>

struct afp {
	int fd;
	int ifindex;
	uint8_t mac[6];          /* the interface's address */
	bool v2;                 /* ring version (when ring != NULL) */
	uint8_t *ring;
	size_t ring_len;
	unsigned block_size, nblocks, cur;   /* V3 blocks, or V2 frames */
	void *pkt;               /* V3: next packet in the current block */
	uint32_t left;           /* V3: packets left in the current block */
};

/* Open on interface @ifname of the calling thread's namespace. @ring: install a receive ring
 * (@v2 selects TPACKET_V2); else receive with afp_recv. 0 or negative errno. */
int afp_open(struct afp *a, const char *ifname, bool ring, bool v2);
void afp_close(struct afp *a);
/* Send one frame: @hdr (the headers) followed by @iov. 0 or negative errno (never blocks). */
int afp_send(struct afp *a, const void *hdr, size_t hlen, const struct iovec *iov, int iovcnt);
/* Ring: the next received frame (1) or none (0). Release it with afp_done before the next. */
int afp_next(struct afp *a, const uint8_t **frame, uint32_t *len);
void afp_done(struct afp *a);
/* No ring: receive one frame without blocking. Bytes, or negative errno (-EAGAIN: none). */
ssize_t afp_recv(struct afp *a, void *buf, size_t n);
/* Frames the kernel dropped for want of ring space since the last call (PACKET_STATISTICS). */
uint64_t afp_kernel_drops(struct afp *a);

#endif
