/*
 * test_emu_units — the emulator's pure parts, no privileges needed: guest memory bounds,
 * frames the peer understands, the vRIO header, the device side of a vnet port against a ring
 * driven by a fake guest, the histogram and the CSV format.
 */
#include "check.h"

#include <errno.h>
#include <unistd.h>

#include "measure.h"
#include "pkt.h"
#include "shm.h"
#include "vnet.h"
#include "vrio_proto.h"

CHECK_TEST(shm_bounds)
{
	struct shm_region r;
	CHECK_EQ(shm_create(&r, 10000), 0);
	CHECK_EQ(r.size % 4096, 0);
	int64_t a = shm_alloc(&r, 100, 64), b = shm_alloc(&r, 10, 4096);
	CHECK_EQ(a, 0);
	CHECK_EQ(b, 4096);
	/* Both views see the same bytes. */
	memcpy(shm_drv(&r, 4096), "hello", 5);
	CHECK(!memcmp(shm_dev(&r, 4096, 5), "hello", 5));
	CHECK(shm_drv(&r, 0) != shm_dev(&r, 0, 1));
	/* The device refuses anything that leaves the region, overflow included. */
	CHECK(shm_dev(&r, r.size, 0) != NULL);
	CHECK(shm_dev(&r, r.size, 1) == NULL);
	CHECK(shm_dev(&r, r.size - 1, 2) == NULL);
	CHECK(shm_dev(&r, UINT64_MAX, 2) == NULL);
	CHECK(shm_dev(&r, 8, UINT64_MAX - 4) == NULL);
	CHECK_EQ(shm_alloc(&r, r.size, 1), -ENOMEM);
	shm_destroy(&r);
	return 0;
}

CHECK_TEST(pkt_roundtrip)
{
	struct pkt_link l;
	pkt_link_addrs(3, &l);
	char ip[20];
	pkt_ip_str(l.peer_ip, ip, sizeof(ip));
	CHECK_STR_EQ(ip, "198.18.3.1");
	uint8_t f[PKT_MAX_FRAME];
	pkt_build(f, 64, &l, 3, 12345, true);
	CHECK_EQ(pkt_ip_csum(f + 14, 20), 0); /* a valid header sums to zero */
	CHECK_EQ(pkt_seq_of(f), 12345);
	/* Turn it into the peer's reply: swap addresses, clear the client flag. */
	uint8_t r[64];
	memcpy(r, f, 64);
	memcpy(r, l.guest_mac, 6);
	memcpy(r + 6, l.peer_mac, 6);
	memcpy(r + 14 + 12, f + 14 + 16, 4);
	memcpy(r + 14 + 16, f + 14 + 12, 4);
	memcpy(r + 34, f + 36, 2);
	memcpy(r + 36, f + 34, 2);
	r[42 + 9] = 2;
	CHECK_EQ(pkt_parse_reply(r, 64, &l, 3), 12345);
	CHECK_EQ(pkt_parse_reply(r, 64, &l, 4), PKT_E_NOT_MINE);
	CHECK_EQ(pkt_parse_reply(r, 40, &l, 3), PKT_E_MALFORMED);
	r[42 + 9] = 3; /* still a client message: not a reply */
	CHECK_EQ(pkt_parse_reply(r, 64, &l, 3), PKT_E_MALFORMED);
	pkt_build(f, PKT_MAX_FRAME, &l, 3, 1, false);
	CHECK_EQ(f[16] << 8 | f[17], PKT_MAX_FRAME - 14); /* IP total length */
	return 0;
}

CHECK_TEST(vrio_proto)
{
	uint8_t f[VRIO_OVERHEAD + 100] = {0};
	uint8_t a[6] = {1, 2, 3, 4, 5, 6}, b[6] = {7, 8, 9, 10, 11, 12};
	struct vrio_hdr h = {.version = VRIO_VERSION, .type = VRIO_NET_TX, .device = 7,
			     .queue = VRIO_Q_TX, .req_id = 0xdeadbeef, .len = 100};
	vrio_encap(f, a, b, &h);
	struct vrio_hdr g;
	CHECK_EQ(vrio_decap(f, sizeof(f), &g), VRIO_OVERHEAD);
	CHECK_EQ(g.device, 7);
	CHECK_EQ(g.req_id, 0xdeadbeef);
	CHECK_EQ(g.len, 100);
	CHECK_EQ(vrio_decap(f, sizeof(f) - 1, &g), VRIO_E_LEN);  /* truncated payload */
	CHECK_EQ(vrio_decap(f, 20, &g), VRIO_E_SHORT);
	f[14] = 9;
	CHECK_EQ(vrio_decap(f, sizeof(f), &g), VRIO_E_VERSION);
	f[12] = 0x08;
	CHECK_EQ(vrio_decap(f, sizeof(f), &g), VRIO_E_ETHERTYPE);
	/* A short message padded to the Ethernet minimum is fine. */
	uint8_t s[60] = {0};
	h.len = 20;
	vrio_encap(s, a, b, &h);
	CHECK_EQ(vrio_decap(s, 60, &g), VRIO_OVERHEAD);
	return 0;
}

/* A fake backend that records what it was handed. */
static uint32_t sent_len;
static int fail_next;
static int fake_send(void *ctx, struct vnet_dev *d, const struct iovec *iov, int n, uint32_t len)
{
	(void)ctx;
	(void)d;
	(void)iov;
	(void)n;
	if (fail_next) {
		fail_next = 0;
		return -EAGAIN;
	}
	sent_len = len;
	return 0;
}

CHECK_TEST(vnet_tx_rx)
{
	struct shm_region r;
	CHECK_EQ(shm_create(&r, 1 << 20), 0);
	struct vnet_port p = {.num = 8, .event_idx = true, .kick_fd = -1, .irq_fd = -1};
	p.tx_ring = (uint64_t)shm_alloc(&r, vring_mem_size(8), 4096);
	p.rx_ring = (uint64_t)shm_alloc(&r, vring_mem_size(8), 4096);
	struct vring_driver tx, rx;
	CHECK_EQ(vring_driver_init(&tx, shm_drv(&r, p.tx_ring), 8, true), 0);
	CHECK_EQ(vring_driver_init(&rx, shm_drv(&r, p.rx_ring), 8, true), 0);
	struct vnet_dev d;
	vnet_dev_init(&d, &p, &r);
	int64_t buf = shm_alloc(&r, 2048, 64);
	int tag;
	/* A good frame, one the backend refuses, one pointing outside guest memory. */
	struct vring_buf good = {(uint64_t)buf, VNET_HDR_LEN + 60, false};
	struct vring_buf outside = {r.size - 10, VNET_HDR_LEN + 60, false};
	CHECK_GE(vring_driver_add(&tx, &good, 1, &tag), 0);
	CHECK_GE(vring_driver_add(&tx, &good, 1, &tag), 0);
	CHECK_GE(vring_driver_add(&tx, &outside, 1, &tag), 0);
	vring_driver_kick_prepare(&tx);
	CHECK_EQ(vnet_tx_serve(&d, 1, fake_send, NULL), 1);
	CHECK_EQ(sent_len, VNET_HDR_LEN + 60);
	fail_next = 1;
	CHECK_EQ(vnet_tx_serve(&d, 16, fake_send, NULL), 2);
	vnet_signal(&d);
	uint32_t len;
	CHECK(vring_driver_get_used(&tx, &len));
	CHECK_EQ(len, 0);
	CHECK(vring_driver_get_used(&tx, &len));
	CHECK_EQ(len, VNET_TX_DROPPED);
	CHECK(vring_driver_get_used(&tx, &len));
	CHECK_EQ(len, VNET_TX_DROPPED);
	CHECK_EQ(d.tx_frames, 1);
	CHECK_EQ(d.drops[VNET_DROP_BACKEND_FULL], 1);
	CHECK_EQ(d.drops[VNET_DROP_BAD_DESC], 1);
	/* RX: no buffer → counted drop; a buffer → delivered with num_buffers = 1. */
	uint8_t frame[VNET_HDR_LEN + 60];
	memset(frame, 0xab, sizeof(frame));
	struct iovec iov = {frame, sizeof(frame)};
	CHECK_EQ(vnet_rx_deliver(&d, &iov, 1, sizeof(frame)), VNET_DROP_RX_NO_BUF);
	struct vring_buf rb = {(uint64_t)buf, 2048, true};
	CHECK_GE(vring_driver_add(&rx, &rb, 1, &tag), 0);
	vring_driver_kick_prepare(&rx);
	CHECK_EQ(vnet_rx_deliver(&d, &iov, 1, sizeof(frame)), 0);
	vnet_signal(&d);
	CHECK(vring_driver_get_used(&rx, &len));
	CHECK_EQ(len, sizeof(frame));
	const uint8_t *got = shm_drv(&r, (uint64_t)buf);
	CHECK_EQ(got[10], 1);
	CHECK_EQ(got[VNET_HDR_LEN + 59], 0xab);
	CHECK_EQ(d.rx_frames, 1);
	CHECK_EQ(vnet_drops_total(&d), 3);
	vring_driver_free(&tx);
	vring_driver_free(&rx);
	shm_destroy(&r);
	return 0;
}

CHECK_TEST(hist_quantiles)
{
	static struct hist h;
	for (uint64_t v = 1; v <= 100000; v++)
		hist_add(&h, v * 10); /* 10 ns .. 1 ms uniformly */
	CHECK_EQ(h.count, 100000);
	CHECK_NEAR(hist_quantile(&h, 0.5), 500000, 500000 * 0.01);
	CHECK_NEAR(hist_quantile(&h, 0.99), 990000, 990000 * 0.01);
	CHECK_NEAR(hist_quantile(&h, 0.999), 999000, 999000 * 0.01);
	CHECK(hist_quantile(&h, 1.0) <= 1000000);
	static struct hist e;
	CHECK_NEAR(hist_quantile(&e, 0.5), 0, 0);
	hist_add(&e, 7);
	CHECK_NEAR(hist_quantile(&e, 0.99), 7, 0);
	return 0;
}

CHECK_TEST(csv_format)
{
	char path[] = "/tmp/vrioemu-csv-XXXXXX";
	int fd = mkstemp(path);
	CHECK_GE(fd, 0);
	close(fd);
	struct csvout c = {0};
	CHECK_EQ(csvout_open(&c, path, "vrioemu 1.2.3 (abc)"), 0);
	snprintf(c.run_id, sizeof(c.run_id), "r,1");
	snprintf(c.scenario, sizeof(c.scenario), "s");
	snprintf(c.model, sizeof(c.model), "elvis");
	c.seed = 42;
	csvout_row(&c, "throughput_rps", 1234, "1/s");
	csvout_row(&c, "latency_p50_us", 12.5, "us");
	CHECK_EQ(csvout_close(&c), 0);
	FILE *f = fopen(path, "r");
	char buf[512];
	size_t n = fread(buf, 1, sizeof(buf) - 1, f);
	buf[n] = 0;
	fclose(f);
	unlink(path);
	CHECK_STR_EQ(buf, "# vrioemu 1.2.3 (abc)\n"
			  "run_id,scenario,model,seed,metric,value,unit\n"
			  "\"r,1\",s,elvis,42,throughput_rps,1234,1/s\n"
			  "\"r,1\",s,elvis,42,latency_p50_us,12.5,us\n");
	return 0;
}

int main(int argc, char **argv) { return check_main(argc, argv); }
