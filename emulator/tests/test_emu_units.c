/*
 * test_emu_units — the emulator's pure parts, no privileges needed: guest memory bounds,
 * frames the peer understands, the vRIO header, the device side of a vnet port against a ring
 * driven by a fake guest, the histogram, the CSV format, and every metric written through the
 * schema vriosim shares (common/metrics.def).
 */
#include "check.h"

#include <errno.h>
#include <unistd.h>

#include "measure.h"
#include "pkt.h"
#include "report.h"
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
	csvout_row(&c, METRIC_throughput_rps, 1234);
	csvout_row(&c, METRIC_latency_p50_us, 12.5);
	CHECK_EQ(csvout_close(&c), 0);
	FILE *f = fopen(path, "r");
	char buf[512];
	size_t n = fread(buf, 1, sizeof(buf) - 1, f);
	buf[n] = 0;
	fclose(f);
	unlink(path);
	CHECK_STR_EQ(buf, "# vrioemu 1.2.3 (abc)\n"
			  "run_id,scenario,model,seed,metric,value,unit\n"
			  "\"r,1\",s,elvis,42,throughput_rps,1234,req/s\n"
			  "\"r,1\",s,elvis,42,latency_p50_us,12.5,us\n");
	return 0;
}

/* A run's counters, every one non-zero, as report_run() sees them. */
static struct guest_stats fake_guest;
static struct poller fake_poller;
static struct vrio fake_vrio;
static struct devtot fake_dev;

static struct run_report fake_run(struct opts *o, enum opts_mode mode, enum guest_workload wl)
{
	*o = (struct opts){.mode = mode, .workload = wl, .queues = 2, .frame = 64};
	struct guest_stats *s = &fake_guest;
	*s = (struct guest_stats){.issued = 5000, .completed = 4500, .dropped_device = 100,
				  .dropped_ring_full = 200, .timeouts = 100, .inflight_end = 100,
				  .late_replies = 3, .rx_unexpected = 2, .bytes_completed = 288000,
				  .kicks = 9999, .kicks_suppressed = 10, .irqs_taken = 7777,
				  .win_issued = 4200, .win_completed = 4000, .win_bytes = 256000,
				  .win_wall_ns = 2000000000, .win_cpu_ns = 1000000000,
				  .win_kicks = 1000, .win_irqs = 500};
	hist_add(&s->lat, 12000);
	fake_poller = (struct poller){.win_busy_ns = 1500000000, .win_cpu_ns = 1800000000,
				      .win_wall_ns = 2000000000, .win_tx_ns = 800000000,
				      .win_idle_ns = 1000000, .win_idle_iters = 2000};
	hist_add(&fake_poller.win_tx_hist, 2000);
	fake_vrio = (struct vrio){.win_cpu_ns = 1900000000, .win_wall_ns = 2000000000,
				  .win_busy_ns = 1000000000, .io_requests = 4400, .io_delivered = 4300,
				  .win_delivered = 4000, .interpose_ns = 44000, .win_front_tx = 500,
				  .win_front_tx_ns = 600000, .ring_kernel_drops = 10, .io_tap_drops = 90,
				  .io_bad_header = 10, .io_send_drops = 1, .front_tx_drops = 5};
	fake_dev = (struct devtot){.tx_frames = 4500, .irqs = 6000, .irqs_suppressed = 40};
	for (int k = 0; k < VNET_DROP_COUNT; k++)
		fake_dev.drops[k] = 1 + k;
	return (struct run_report){.o = o, .guest = s, .dev = &fake_dev,
				   .poller = mode == MODE_VRIO ? NULL : &fake_poller,
				   .vrio = mode == MODE_VRIO ? &fake_vrio : NULL,
				   .peer0 = {1, 1, 1, 1, 1}, .peer1 = {4001, 2, 3, 4, 5},
				   .load0 = 0.5, .load1 = 0.6, .cpu_used = 0.05, .stale_removed = 1};
}

/* Write @m as vrioemu does, read the CSV back, and check every row against the schema: a known
 * metric, its unit, one vrioemu writes. Marks what was written in @seen. */
static void check_against_schema(const struct emu_metrics *m, bool *seen)
{
	char path[] = "/tmp/vrioemu-schema-XXXXXX";
	int fd = mkstemp(path);
	CHECK_GE(fd, 0);
	close(fd);
	CHECK_EQ(emu_metrics_write(m, path, "vrioemu test", "r", "s", "elvis", 1), 0);
	FILE *f = fopen(path, "r");
	CHECK(f);
	char line[512];
	int rows = 0;
	while (fgets(line, sizeof(line), f)) {
		if (line[0] == '#' || !strncmp(line, "run_id,", 7))
			continue;
		line[strcspn(line, "\n")] = 0;
		char *field[7], *save = NULL;
		int n = 0;
		for (char *t = strtok_r(line, ",", &save); t && n < 7; t = strtok_r(NULL, ",", &save))
			field[n++] = t;
		CHECK_EQ(n, 7);
		int id = metric_find(field[4]);
		if (id < 0)
			CHECK_FAIL("vrioemu wrote %s, which common/metrics.def does not have", field[4]);
		const struct metric_def *d = metric_def(id);
		if (strcmp(field[6], d->unit))
			CHECK_FAIL("vrioemu wrote %s in %s, the schema says %s", d->name, field[6], d->unit);
		if (!(d->who & MS_EMU))
			CHECK_FAIL("vrioemu wrote %s, which the schema says only vriosim writes", d->name);
		seen[id] = true;
		rows++;
	}
	fclose(f);
	unlink(path);
	CHECK_GT(rows, 10);
}

/* Every metric vrioemu writes, in every mode and workload and in bench, is the schema's, in the
 * schema's unit; and every metric the schema says vrioemu writes, it writes somewhere. */
CHECK_TEST(metrics_in_schema)
{
	static const enum opts_mode modes[] = {MODE_ELVIS, MODE_TRAP, MODE_VRIO};
	static const enum guest_workload wls[] = {GUEST_RR, GUEST_STREAM, GUEST_PKTGEN};
	bool seen[METRIC_COUNT] = {0};
	for (unsigned i = 0; i < 3; i++)
		for (unsigned j = 0; j < 3; j++) {
			struct opts o;
			struct run_report in = fake_run(&o, modes[i], wls[j]);
			struct emu_metrics m = {0};
			report_run(&m, &in);
			check_against_schema(&m, seen);
		}
	struct bench_report b = {.tap_pps = 4e5, .afp_pps = 5e5, .elvis_pps = 3.6e5,
				 .vrio_pps = 3.4e5, .frame = 64, .load0 = 0.1, .load1 = 0.2};
	struct emu_metrics m = {0};
	report_bench(&m, &b);
	check_against_schema(&m, seen);
	for (int id = 0; id < METRIC_COUNT; id++)
		if ((metric_def(id)->who & MS_EMU) && !seen[id])
			CHECK_FAIL("metrics.def says vrioemu writes %s; it never does", metric_def(id)->name);
	return 0;
}

/* Rates of the measured window are its counts over its length (not over warm-up + window), and
 * the device-drop reasons each have their own metric. */
CHECK_TEST(metrics_windowed_rates)
{
	struct opts o;
	struct run_report in = fake_run(&o, MODE_TRAP, GUEST_RR);
	struct emu_metrics m = {0};
	report_run(&m, &in);
	/* 2 s window: 4000 completed, 1000 kicks and 500 interrupts in it. */
	CHECK_NEAR(emu_metrics_get(&m, METRIC_throughput_rps), 2000, 1e-9);
	CHECK_NEAR(emu_metrics_get(&m, METRIC_throughput_pps), 4000, 1e-9); /* rr: 2 frames */
	CHECK_NEAR(emu_metrics_get(&m, METRIC_throughput_gbps), 256000 * 2 * 8 / 2.0 / 1e9, 1e-15);
	CHECK_NEAR(emu_metrics_get(&m, METRIC_kicks_per_s), 500, 1e-9);
	CHECK_NEAR(emu_metrics_get(&m, METRIC_interrupts_per_s), 250, 1e-9);
	CHECK_NEAR(emu_metrics_get(&m, METRIC_kicks), 9999, 0);  /* the whole run */
	CHECK_NEAR(emu_metrics_get(&m, METRIC_window_s), 2, 1e-12);
	/* Trap has no polling core: the shared sidecore metrics say so, as vriosim's. */
	CHECK_NEAR(emu_metrics_get(&m, METRIC_io_cores), 0, 0);
	CHECK_NEAR(emu_metrics_get(&m, METRIC_sidecore_cpu), 0, 0);
	CHECK_NEAR(emu_metrics_get(&m, METRIC_io_thread_cpu), 0.9, 1e-12);
	for (int k = 0; k < VNET_DROP_COUNT; k++) {
		int n = 0;
		for (int id = 0; id < METRIC_COUNT; id++)
			n += !strncmp(metric_def(id)->name, "device_drop_", 12) &&
			     emu_metrics_get(&m, id) == 1 + k;
		CHECK_EQ(n, 1);
	}
	struct run_report e = fake_run(&o, MODE_ELVIS, GUEST_STREAM);
	struct emu_metrics me = {0};
	report_run(&me, &e);
	CHECK_NEAR(emu_metrics_get(&me, METRIC_io_cores), 1, 0);
	CHECK_NEAR(emu_metrics_get(&me, METRIC_sidecore_cpu), 0.9, 1e-12);
	CHECK_NEAR(emu_metrics_get(&me, METRIC_sidecore_busy), 0.75, 1e-12);
	return 0;
}

int main(int argc, char **argv) { return check_main(argc, argv); }
