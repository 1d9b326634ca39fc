/*
 * vrio_proto — the vRIO message format: a virtio request carried in an Ethernet frame between a
 * VMhost and the IOhost (ASPLOS'16 encapsulates the same way; this header is ours).
 *
 *   Ethernet: dst, src, ethertype 0x88B5 (IEEE 802 local experimental)
 *   vRIO header, 16 bytes, network byte order:
 *     u8  version   1
 *     u8  type      VRIO_NET_TX: a guest frame to send out (VMhost → IOhost)
 *                   VRIO_NET_RX: a frame for the guest (IOhost → VMhost)
 *     u16 device    the guest's virtio device (one per guest here)
 *     u16 queue     virtio-net queue index: 0 = receiveq, 1 = transmitq
 *     u16 flags     0
 *     u32 req_id    the sender's request id (per direction, counting up)
 *     u32 len       payload bytes after this header
 *   payload: struct virtio_net_hdr_v1 (12 bytes) + the guest's frame
 */
#ifndef VRIOEMU_VRIO_PROTO_H
#define VRIOEMU_VRIO_PROTO_H

#include <stddef.h>
#include <stdint.h>

#define VRIO_ETHERTYPE 0x88B5u
#define VRIO_VERSION 1u
#define VRIO_HDR_LEN 16u
#define VRIO_OVERHEAD (14u + VRIO_HDR_LEN) /* bytes before the payload */

enum vrio_type { VRIO_NET_TX = 1, VRIO_NET_RX = 2 };
enum { VRIO_Q_RX = 0, VRIO_Q_TX = 1 };

struct vrio_hdr {
	uint8_t version, type;
	uint16_t device, queue, flags;
	uint32_t req_id, len;
};

/* Write Ethernet + vRIO header (VRIO_OVERHEAD bytes) into @out. */
void vrio_encap(uint8_t *out, const uint8_t dst[6], const uint8_t src[6], const struct vrio_hdr *h);
/* Parse a frame: payload offset (VRIO_OVERHEAD) or a negative reason; h->len is checked
 * against the frame (a shorter or longer payload is malformed). */
enum { VRIO_E_SHORT = -1, VRIO_E_ETHERTYPE = -2, VRIO_E_VERSION = -3, VRIO_E_LEN = -4 };
int vrio_decap(const uint8_t *frame, size_t len, struct vrio_hdr *h);

#endif
