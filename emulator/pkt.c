/* pkt — see pkt.h. */
#include "pkt.h"

#include <arpa/inet.h>
#include <stdio.h>
#include <string.h>

void pkt_link_addrs(unsigned q, struct pkt_link *l)
{
	static const uint8_t base[6] = {0x02, 0x76, 0x65, 0x00, 0x00, 0x00}; /* locally administered */
	memcpy(l->guest_mac, base, 6);
	memcpy(l->peer_mac, base, 6);
	l->guest_mac[4] = l->peer_mac[4] = (uint8_t)q;
	l->peer_mac[5] = 1;
	l->guest_mac[5] = 2;
	l->peer_ip = (198u << 24) | (18u << 16) | ((q & 0xff) << 8) | 1u;
	l->guest_ip = l->peer_ip + 1;
}

void pkt_ip_str(uint32_t ip, char *buf, size_t n)
{
	snprintf(buf, n, "%u.%u.%u.%u", ip >> 24, (ip >> 16) & 0xff, (ip >> 8) & 0xff, ip & 0xff);
}

void pkt_mac_str(const uint8_t m[6], char *buf, size_t n)
{
	snprintf(buf, n, "%02x:%02x:%02x:%02x:%02x:%02x", m[0], m[1], m[2], m[3], m[4], m[5]);
}

uint16_t pkt_ip_csum(const void *hdr, size_t len)
{
	const uint8_t *p = hdr;
	uint32_t sum = 0;
	for (size_t i = 0; i + 1 < len; i += 2)
		sum += (uint32_t)(p[i] << 8 | p[i + 1]);
	if (len & 1)
		sum += (uint32_t)p[len - 1] << 8;
	while (sum >> 16)
		sum = (sum & 0xffff) + (sum >> 16);
	return (uint16_t)~sum;
}

static void put16(uint8_t *p, uint16_t v) { p[0] = v >> 8; p[1] = v & 0xff; }
static void put32(uint8_t *p, uint32_t v) { put16(p, v >> 16); put16(p + 2, v & 0xffff); }
static uint16_t get16(const uint8_t *p) { return (uint16_t)(p[0] << 8 | p[1]); }
static uint32_t get32(const uint8_t *p) { return (uint32_t)get16(p) << 16 | get16(p + 2); }

void pkt_build(void *buf, size_t frame_len, const struct pkt_link *l, unsigned q, uint64_t seq,
	       bool pong)
{
	uint8_t *f = buf;
	size_t ip_len = frame_len - 14, udp_len = ip_len - 20, msg_len = udp_len - 8;
	memset(f, 0, PKT_HDRS);
	memcpy(f, l->peer_mac, 6);
	memcpy(f + 6, l->guest_mac, 6);
	put16(f + 12, 0x0800);
	uint8_t *ip = f + 14;
	ip[0] = 0x45;
	put16(ip + 2, (uint16_t)ip_len);
	put16(ip + 4, (uint16_t)seq);
	put16(ip + 6, 0x4000); /* DF: a frame is never fragmented on the way */
	ip[8] = 64;
	ip[9] = 17;
	put32(ip + 12, l->guest_ip);
	put32(ip + 16, l->peer_ip);
	put16(ip + 10, pkt_ip_csum(ip, 20));
	uint8_t *udp = ip + 20;
	put16(udp, (uint16_t)(PKT_GUEST_PORT0 + q));
	put16(udp + 2, PKT_PEER_PORT);
	put16(udp + 4, (uint16_t)udp_len);
	/* UDP checksum 0 = "none", legal over IPv4: the peer's stack does not verify it. */
	uint8_t *m = udp + 8;
	uint64_t s = ((uint64_t)q << PKT_SEQ_BITS) | (seq & ((1ull << PKT_SEQ_BITS) - 1));
	put32(m, (uint32_t)(s >> 32));
	put32(m + 4, (uint32_t)s);
	put16(m + 8, pong ? 3 : 1);
	put32(m + 10, (uint32_t)msg_len);
}

int64_t pkt_parse_reply(const void *buf, size_t len, const struct pkt_link *l, unsigned q)
{
	const uint8_t *f = buf;
	if (len < PKT_HDRS)
		return PKT_E_MALFORMED;
	if (memcmp(f, l->guest_mac, 6) || get16(f + 12) != 0x0800)
		return PKT_E_NOT_MINE;
	const uint8_t *ip = f + 14;
	if (ip[0] != 0x45 || ip[9] != 17 || get32(ip + 16) != l->guest_ip)
		return PKT_E_NOT_MINE;
	const uint8_t *udp = ip + 20;
	if (get16(udp + 2) != PKT_GUEST_PORT0 + q)
		return PKT_E_NOT_MINE;
	const uint8_t *m = udp + 8;
	uint64_t s = (uint64_t)get32(m) << 32 | get32(m + 4);
	if ((s >> PKT_SEQ_BITS) != q || (get16(m + 8) & 1))
		return PKT_E_MALFORMED;
	return (int64_t)(s & ((1ull << PKT_SEQ_BITS) - 1));
}

uint64_t pkt_seq_of(const void *frame)
{
	const uint8_t *m = (const uint8_t *)frame + 42;
	uint64_t s = (uint64_t)get32(m) << 32 | get32(m + 4);
	return s & ((1ull << PKT_SEQ_BITS) - 1);
}
