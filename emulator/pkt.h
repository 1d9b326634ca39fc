/*
 * pkt — the frames a synthetic guest sends and expects back: Ethernet + IPv4 + UDP carrying a
 * sockperf message header, so that a real, unmodified `sockperf server` in the peer namespace
 * answers ping-pong requests (rr) and silently counts one-way ones (stream, pktgen).
 *
 * sockperf's header (from its message.h): u64 sequence, u16 flags, u32 length, network order,
 * 14 bytes. Flags: 1 = from a client, 2 = pong requested. The server echoes a client message
 * that asks for a pong with the client flag cleared. We put the guest port in the sequence's
 * top 16 bits so a reply names its request exactly.
 *
 * Frame sizes are L2 bytes as written to the tap (Ethernet header included, FCS excluded).
 */
#ifndef VRIOEMU_PKT_H
#define VRIOEMU_PKT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define PKT_MIN_FRAME 64u
#define PKT_MAX_FRAME 9000u
#define PKT_HDRS (14u + 20u + 8u + 14u) /* eth + ip + udp + sockperf */
#define PKT_PEER_PORT 11111u            /* sockperf server's port */
#define PKT_GUEST_PORT0 40000u          /* guest q sends from 40000 + q */
#define PKT_SEQ_BITS 48u                /* low bits: request sequence; high 16: guest port */

/* Addresses of link q (one tap per guest port): peer 198.18.q.1, guest 198.18.q.2, both in
 * RFC 2544's benchmarking range and living only in our own namespaces. */
struct pkt_link {
	uint8_t guest_mac[6], peer_mac[6];
	uint32_t guest_ip, peer_ip; /* host order */
};
void pkt_link_addrs(unsigned q, struct pkt_link *l);
/* "198.18.q.1" style text for iproute2 (buf >= 16). */
void pkt_ip_str(uint32_t ip, char *buf, size_t n);
void pkt_mac_str(const uint8_t mac[6], char *buf, size_t n);

/* Build a request frame of @frame_len bytes into @buf. @pong asks the peer for an echo. */
void pkt_build(void *buf, size_t frame_len, const struct pkt_link *l, unsigned q, uint64_t seq,
	       bool pong);
/* Parse a reply for guest port @q. Returns its sequence (>= 0) or a negative PKT_E* reason. */
enum { PKT_E_NOT_MINE = -1, PKT_E_MALFORMED = -2 };
int64_t pkt_parse_reply(const void *buf, size_t len, const struct pkt_link *l, unsigned q);

/* The sequence (without the port) of a frame built by pkt_build. */
uint64_t pkt_seq_of(const void *frame);

uint16_t pkt_ip_csum(const void *hdr, size_t len);

#endif
