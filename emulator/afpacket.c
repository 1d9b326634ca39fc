/* afpacket — see afpacket.h. */
#define _GNU_SOURCE
#include "afpacket.h"

#include <arpa/inet.h>
#include <errno.h>
#include <linux/if_packet.h>
#include <net/ethernet.h>
#include <net/if.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <unistd.h>

#include "vrio_proto.h"

#ifndef PACKET_IGNORE_OUTGOING
#define PACKET_IGNORE_OUTGOING 23
#endif

static int setup_ring(struct afp *a, bool v2)
{
	int ver = v2 ? TPACKET_V2 : TPACKET_V3;
	if (setsockopt(a->fd, SOL_PACKET, PACKET_VERSION, &ver, sizeof(ver)) < 0)
		return -errno;
	if (v2) {
		/* One 16 KiB slot per frame: holds a 9 KB jumbo frame and its headers. */
		struct tpacket_req req = {.tp_block_size = 1u << 16, .tp_block_nr = 64,
					  .tp_frame_size = 1u << 14};
		req.tp_frame_nr = req.tp_block_size / req.tp_frame_size * req.tp_block_nr;
		if (setsockopt(a->fd, SOL_PACKET, PACKET_RX_RING, &req, sizeof(req)) < 0)
			return -errno;
		a->block_size = req.tp_frame_size;
		a->nblocks = req.tp_frame_nr;
		a->ring_len = (size_t)req.tp_block_size * req.tp_block_nr;
	} else {
		struct tpacket_req3 req = {.tp_block_size = 1u << 18, .tp_block_nr = 16,
					   .tp_frame_size = 1u << 11,
					   .tp_retire_blk_tov = 1 /* ms: the shortest wait there is */};
		req.tp_frame_nr = req.tp_block_size / req.tp_frame_size * req.tp_block_nr;
		if (setsockopt(a->fd, SOL_PACKET, PACKET_RX_RING, &req, sizeof(req)) < 0)
			return -errno;
		a->block_size = req.tp_block_size;
		a->nblocks = req.tp_block_nr;
		a->ring_len = (size_t)req.tp_block_size * req.tp_block_nr;
	}
	a->ring = mmap(NULL, a->ring_len, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_POPULATE, a->fd, 0);
	if (a->ring == MAP_FAILED) {
		a->ring = NULL;
		return -errno;
	}
	a->v2 = v2;
	return 0;
}

int afp_open(struct afp *a, const char *ifname, bool ring, bool v2)
{
	memset(a, 0, sizeof(*a));
	a->fd = socket(AF_PACKET, SOCK_RAW | SOCK_CLOEXEC | SOCK_NONBLOCK, htons(VRIO_ETHERTYPE));
	if (a->fd < 0)
		return -errno;
	int err = 0;
	struct ifreq ifr;
	memset(&ifr, 0, sizeof(ifr));
	snprintf(ifr.ifr_name, IFNAMSIZ, "%s", ifname);
	if (ioctl(a->fd, SIOCGIFINDEX, &ifr) < 0)
		goto fail;
	a->ifindex = ifr.ifr_ifindex;
	if (ioctl(a->fd, SIOCGIFHWADDR, &ifr) < 0)
		goto fail;
	memcpy(a->mac, ifr.ifr_hwaddr.sa_data, 6);
	int one = 1;
	/* Our own sends would otherwise come back to us as received frames. */
	if (setsockopt(a->fd, SOL_PACKET, PACKET_IGNORE_OUTGOING, &one, sizeof(one)) < 0)
		goto fail;
	/* Straight to the driver: a qdisc would only add a queue we do not model. */
	if (setsockopt(a->fd, SOL_PACKET, PACKET_QDISC_BYPASS, &one, sizeof(one)) < 0)
		goto fail;
	if (ring && (err = setup_ring(a, v2)))
		goto fail_err;
	struct sockaddr_ll sll = {.sll_family = AF_PACKET, .sll_protocol = htons(VRIO_ETHERTYPE),
				  .sll_ifindex = a->ifindex};
	if (bind(a->fd, (struct sockaddr *)&sll, sizeof(sll)) < 0)
		goto fail;
	return 0;
fail:
	err = -errno;
fail_err:
	afp_close(a);
	return err;
}

void afp_close(struct afp *a)
{
	if (a->ring)
		munmap(a->ring, a->ring_len);
	if (a->fd > 0)
		close(a->fd);
	memset(a, 0, sizeof(*a));
	a->fd = -1;
}

int afp_send(struct afp *a, const void *hdr, size_t hlen, const struct iovec *iov, int iovcnt)
{
	struct iovec v[65];
	if (iovcnt > 64)
		return -EINVAL;
	v[0].iov_base = (void *)hdr;
	v[0].iov_len = hlen;
	if (iovcnt)
		memcpy(v + 1, iov, sizeof(*iov) * (size_t)iovcnt);
	struct msghdr m = {.msg_iov = v, .msg_iovlen = (size_t)iovcnt + 1};
	return sendmsg(a->fd, &m, MSG_DONTWAIT) < 0 ? -errno : 0;
}

int afp_next(struct afp *a, const uint8_t **frame, uint32_t *len)
{
	if (a->v2) {
		struct tpacket2_hdr *h = (void *)(a->ring + (size_t)a->cur * a->block_size);
		if (!(__atomic_load_n(&h->tp_status, __ATOMIC_ACQUIRE) & TP_STATUS_USER))
			return 0;
		*frame = (const uint8_t *)h + h->tp_mac;
		*len = h->tp_snaplen;
		return 1;
	}
	if (!a->left) {
		struct tpacket_block_desc *b = (void *)(a->ring + (size_t)a->cur * a->block_size);
		if (!(__atomic_load_n(&b->hdr.bh1.block_status, __ATOMIC_ACQUIRE) & TP_STATUS_USER))
			return 0;
		a->left = b->hdr.bh1.num_pkts;
		a->pkt = (uint8_t *)b + b->hdr.bh1.offset_to_first_pkt;
		if (!a->left) { /* an empty block retired by its timer: give it back */
			__atomic_store_n(&b->hdr.bh1.block_status, TP_STATUS_KERNEL, __ATOMIC_RELEASE);
			a->cur = (a->cur + 1) % a->nblocks;
			return 0;
		}
	}
	struct tpacket3_hdr *p = a->pkt;
	*frame = (const uint8_t *)p + p->tp_mac;
	*len = p->tp_snaplen;
	return 1;
}

void afp_done(struct afp *a)
{
	if (a->v2) {
		struct tpacket2_hdr *h = (void *)(a->ring + (size_t)a->cur * a->block_size);
		__atomic_store_n(&h->tp_status, TP_STATUS_KERNEL, __ATOMIC_RELEASE);
		a->cur = (a->cur + 1) % a->nblocks;
		return;
	}
	struct tpacket3_hdr *p = a->pkt;
	if (--a->left) {
		a->pkt = (uint8_t *)p + p->tp_next_offset;
		return;
	}
	struct tpacket_block_desc *b = (void *)(a->ring + (size_t)a->cur * a->block_size);
	__atomic_store_n(&b->hdr.bh1.block_status, TP_STATUS_KERNEL, __ATOMIC_RELEASE);
	a->cur = (a->cur + 1) % a->nblocks;
}

ssize_t afp_recv(struct afp *a, void *buf, size_t n)
{
	ssize_t got = recv(a->fd, buf, n, MSG_DONTWAIT | MSG_TRUNC);
	if (got < 0)
		return -errno;
	return got > (ssize_t)n ? -EMSGSIZE : got;
}

uint64_t afp_kernel_drops(struct afp *a)
{
	if (a->v2) {
		struct tpacket_stats st;
		socklen_t l = sizeof(st);
		return getsockopt(a->fd, SOL_PACKET, PACKET_STATISTICS, &st, &l) ? 0 : st.tp_drops;
	}
	struct tpacket_stats_v3 st;
	socklen_t l = sizeof(st);
	return getsockopt(a->fd, SOL_PACKET, PACKET_STATISTICS, &st, &l) ? 0 : st.tp_drops;
}
