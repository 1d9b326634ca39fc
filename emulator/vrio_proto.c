/* vrio_proto — see vrio_proto.h. */
#include "vrio_proto.h"

#include <string.h>

static void put16(uint8_t *p, uint16_t v) { p[0] = (uint8_t)(v >> 8); p[1] = (uint8_t)v; }
static void put32(uint8_t *p, uint32_t v) { put16(p, (uint16_t)(v >> 16)); put16(p + 2, (uint16_t)v); }
static uint16_t get16(const uint8_t *p) { return (uint16_t)(p[0] << 8 | p[1]); }
static uint32_t get32(const uint8_t *p) { return (uint32_t)get16(p) << 16 | get16(p + 2); }

void vrio_encap(uint8_t *out, const uint8_t dst[6], const uint8_t src[6], const struct vrio_hdr *h)
{
	memcpy(out, dst, 6);
	memcpy(out + 6, src, 6);
	put16(out + 12, VRIO_ETHERTYPE);
	uint8_t *v = out + 14;
	v[0] = h->version;
	v[1] = h->type;
	put16(v + 2, h->device);
	put16(v + 4, h->queue);
	put16(v + 6, h->flags);
	put32(v + 8, h->req_id);
	put32(v + 12, h->len);
}

int vrio_decap(const uint8_t *f, size_t len, struct vrio_hdr *h)
{
	if (len < VRIO_OVERHEAD)
		return VRIO_E_SHORT;
	if (get16(f + 12) != VRIO_ETHERTYPE)
		return VRIO_E_ETHERTYPE;
	const uint8_t *v = f + 14;
	h->version = v[0];
	h->type = v[1];
	h->device = get16(v + 2);
	h->queue = get16(v + 4);
	h->flags = get16(v + 6);
	h->req_id = get32(v + 8);
	h->len = get32(v + 12);
	if (h->version != VRIO_VERSION)
		return VRIO_E_VERSION;
	/* Ethernet pads short frames to 60 bytes: the payload may be followed by padding, never
	 * be longer than what arrived. */
	if (h->len > len - VRIO_OVERHEAD || (len > 60 && h->len != len - VRIO_OVERHEAD))
		return VRIO_E_LEN;
	return (int)VRIO_OVERHEAD;
}
