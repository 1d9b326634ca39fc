/*
 * Unit tests of the model building blocks that need no simulation: wire timing (exact),
 * framing, block device arithmetic, statistics (percentiles and confidence intervals against
 * independent references), random streams, timed-queue ordering.
 */
#include <gsl/gsl_rng.h>
#include <stdlib.h>

#include "blockdev.h"
#include "check.h"
#include "ci95.h"
#include "inbox.h"
#include "rng.h"
#include "stats.h"
#include "wire.h"

static struct wire_cfg cfg10g(void)
{
	return (struct wire_cfg){ .bps = 10e9, .mtu = 1500, .nic_s = 0.65e-6, .switch_s = 0.3e-6,
				  .prop_s = 0.05e-6 };
}

CHECK_TEST(wire_framing_overheads)
{
	struct wire_cfg w = cfg10g();
	uint32_t frames;
	uint64_t bytes;
	wire_framing(&w, 1, 0, &frames, &bytes); /* padded to the 46-byte minimum payload */
	CHECK_EQ(frames, 1);
	CHECK_EQ(bytes, 46 + 38);
	wire_framing(&w, 64, 40, &frames, &bytes);
	CHECK_EQ(frames, 1);
	CHECK_EQ(bytes, 64 + 40 + 38);
	wire_framing(&w, 3000, 40, &frames, &bytes); /* 1460 + 1460 + 80 */
	CHECK_EQ(frames, 3);
	CHECK_EQ(bytes, 2 * (1500 + 38) + (80 + 40 + 38));
	wire_framing(&w, 2920, 40, &frames, &bytes); /* exactly two full frames */
	CHECK_EQ(frames, 2);
	CHECK_EQ(bytes, 2 * (1500 + 38));
	return 0;
}

CHECK_TEST(wire_exact_latency)
{
	struct wire_cfg w = cfg10g();
	struct wire_port a = { 0 }, b = { 0 };
	double t0 = 1e-3;
	struct wire_times t = wire_send(&w, &a, &b, t0, t0, 64, 40);
	double ser = (64 + 40 + 38) * 8 / 10e9;
	/* latency + bytes / bandwidth, nothing else */
	CHECK_NEAR(t.arrive, t0 + 2 * 0.65e-6 + 2 * 0.05e-6 + 0.3e-6 + ser, 1e-15);
	CHECK_NEAR(t.depart, t0 + 0.65e-6 + ser, 1e-15);
	CHECK_EQ(a.frames_tx, 1);
	CHECK_EQ(a.bytes_tx, 142);
	/* A 9000-byte message at MTU 1500: 7 frames, one serialization of all of them. */
	struct wire_port c = { 0 }, d = { 0 };
	t = wire_send(&w, &c, &d, 0, 0, 9000, 40);
	double bytes = 6 * (1500 + 38) + (9000 - 6 * 1460 + 40 + 38);
	CHECK_NEAR(t.arrive, 2 * 0.65e-6 + 2 * 0.05e-6 + 0.3e-6 + bytes * 8 / 10e9, 1e-15);
	return 0;
}

CHECK_TEST(wire_fifo_queueing)
{
	struct wire_cfg w = cfg10g();
	struct wire_port a = { 0 }, b = { 0 }, c = { 0 };
	double ser = 1538.0 * 8 / 10e9; /* one full frame */
	struct wire_times t1 = wire_send(&w, &a, &b, 0, 0, 1460, 40);
	struct wire_times t2 = wire_send(&w, &a, &b, 0, 0, 1460, 40); /* same uplink: waits */
	CHECK_NEAR(t2.arrive - t1.arrive, ser, 1e-15);
	CHECK_NEAR(t2.depart - t1.depart, ser, 1e-15);
	/* Another sender to the same receiver at the same time: the downlink serializes them. */
	struct wire_port e = { 0 }, f = { 0 };
	struct wire_times u1 = wire_send(&w, &e, &f, 0, 0, 1460, 40);
	struct wire_times u2 = wire_send(&w, &c, &f, 0, 0, 1460, 40);
	CHECK_NEAR(u2.arrive - u1.arrive, ser, 1e-15);
	CHECK_NEAR(u2.depart, u1.depart, 1e-15); /* their uplinks are independent */
	/* After the link drains, no residual delay. */
	struct wire_times t3 = wire_send(&w, &a, &b, 1.0, 1.0, 1460, 40);
	CHECK_NEAR(t3.arrive - 1.0, t1.arrive, 1e-12);
	/* A slot reserved ahead (a response computed at request time) does not delay a message
	 * that fits before it; one that overlaps it waits. */
	struct wire_port g = { 0 }, h = { 0 };
	struct wire_times late = wire_send(&w, &g, &h, 0, 20e-6, 64, 40);
	struct wire_times now = wire_send(&w, &g, &h, 0, 0, 64, 40);
	CHECK_NEAR(now.arrive, 2 * 0.65e-6 + 2 * 0.05e-6 + 0.3e-6 + 142 * 8 / 10e9, 1e-15);
	CHECK_NEAR(late.arrive, 20e-6 + now.arrive, 1e-15);
	double lser = 142 * 8 / 10e9;
	struct wire_times clash = wire_send(&w, &g, &h, 0, 20e-6 - lser / 2, 64, 40);
	CHECK_NEAR(clash.depart, late.depart + lser, 1e-15); /* waits behind the reserved slot */
	wire_port_free(&g);
	wire_port_free(&h);
	return 0;
}

CHECK_TEST(blockdev_slots_and_bandwidth)
{
	struct blockdev d;
	CHECK_EQ(blockdev_init(&d, 2, 10e-6, 8e9), 0); /* 1 GB/s */
	double x = 4096 * 8 / 8e9;
	double t1 = blockdev_submit(&d, 0, 4096);
	double t2 = blockdev_submit(&d, 0, 4096);
	double t3 = blockdev_submit(&d, 0, 4096);
	CHECK_NEAR(t1, 10e-6 + x, 1e-15);
	CHECK_NEAR(t2, 10e-6 + 2 * x, 1e-15); /* parallel slot, transfer queued behind the first */
	CHECK_NEAR(t3, t1 + 10e-6 + x, 1e-15); /* waits for a slot: the first frees at t1 */
	double t4 = blockdev_submit(&d, 1.0, 512);
	CHECK_NEAR(t4, 1.0 + 10e-6 + 512 * 8 / 8e9, 1e-12);
	CHECK_EQ(d.ios, 4);
	blockdev_free(&d);
	return 0;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return (x > y) - (x < y);
}

/* The reference: rank q·(n-1) with linear interpolation, on an independently sorted copy. */
static double ref_quantile(const double *sorted, size_t n, double q)
{
	double pos = q * (double)(n - 1);
	size_t lo = (size_t)pos;
	double frac = pos - (double)lo;
	return lo + 1 < n ? sorted[lo] + frac * (sorted[lo + 1] - sorted[lo]) : sorted[lo];
}

CHECK_TEST(stats_percentiles_match_sorted_reference)
{
	gsl_rng *r = rng_stream(7, 0, 0);
	size_t sizes[] = { 1, 2, 3, 10, 999, 100000 };
	for (size_t k = 0; k < sizeof(sizes) / sizeof(sizes[0]); k++) {
		size_t n = sizes[k];
		struct samples s = { 0 };
		double *ref = malloc(n * sizeof(*ref)), sum = 0;
		for (size_t i = 0; i < n; i++) {
			double x = rng_draw(r, &(struct vs_dist_spec){ DIST_LOGNORMAL, 1.5 }, 20e-6);
			CHECK_EQ(samples_add(&s, x), 0);
			ref[i] = x;
			sum += x;
		}
		qsort(ref, n, sizeof(*ref), cmp_double);
		struct summary m;
		samples_summarise(&s, &m);
		CHECK_EQ(m.n, n);
		CHECK_NEAR(m.mean, sum / n, 1e-12 * sum / n);
		CHECK_NEAR(m.min, ref[0], 0);
		CHECK_NEAR(m.max, ref[n - 1], 0);
		CHECK_NEAR(m.p50, ref_quantile(ref, n, 0.5), 1e-18);
		CHECK_NEAR(m.p99, ref_quantile(ref, n, 0.99), 1e-18);
		CHECK_NEAR(m.p999, ref_quantile(ref, n, 0.999), 1e-18);
		free(ref);
		samples_free(&s);
	}
	struct samples empty = { 0 };
	struct summary m;
	samples_summarise(&empty, &m);
	CHECK_EQ(m.n, 0);
	CHECK_NEAR(m.p99, 0, 0);
	gsl_rng_free(r);
	return 0;
}

CHECK_TEST(stats_confidence_interval)
{
	double x[] = { 10, 12, 9, 11, 13 }; /* mean 11, sd sqrt(2.5) */
	double mean, lo, hi;
	ci95_mean(x, 5, &mean, &lo, &hi);
	double half = 2.7764451051977987 * sqrt(2.5) / sqrt(5.0); /* t(0.975, 4) from tables */
	CHECK_NEAR(mean, 11, 1e-12);
	CHECK_NEAR(lo, 11 - half, 1e-9);
	CHECK_NEAR(hi, 11 + half, 1e-9);
	ci95_mean(x, 1, &mean, &lo, &hi);
	CHECK_NEAR(lo, 10, 0);
	CHECK_NEAR(hi, 10, 0);
	return 0;
}

CHECK_TEST(rng_streams_reproducible_and_distinct)
{
	gsl_rng *a = rng_stream(42, 0, 3), *b = rng_stream(42, 0, 3), *c = rng_stream(42, 1, 3),
		*d = rng_stream(42, 0, 4);
	int same_c = 0, same_d = 0;
	for (int i = 0; i < 1000; i++) {
		unsigned long x = gsl_rng_get(a), y = gsl_rng_get(b);
		CHECK_EQ(x, y);
		same_c += gsl_rng_get(c) == x;
		same_d += gsl_rng_get(d) == x;
	}
	CHECK_LT(same_c, 3);
	CHECK_LT(same_d, 3);
	/* Distribution means are preserved (lognormal keeps the requested mean). */
	double sum = 0;
	for (int i = 0; i < 200000; i++)
		sum += rng_draw(a, &(struct vs_dist_spec){ DIST_LOGNORMAL, 1.0 }, 5.0);
	CHECK_NEAR(sum / 200000, 5.0, 0.1);
	CHECK_NEAR(rng_draw(a, &(struct vs_dist_spec){ DIST_CONST, 0 }, 5.0), 5.0, 0);
	gsl_rng_free(a);
	gsl_rng_free(b);
	gsl_rng_free(c);
	gsl_rng_free(d);
	return 0;
}

CHECK_TEST(timedq_keeps_time_order)
{
	struct timedq q;
	timedq_init(&q, NULL);
	struct tq_node n[6] = { 0 }; /* fresh nodes: on no queue */
	double when[6] = { 5, 1, 3, 3, 9, 0 };
	for (int i = 0; i < 6; i++)
		timedq_post(&q, &n[i], when[i]);
	CHECK_EQ(q.len, 6);
	CHECK_EQ(timedq_ready_count(&q, 3, 100), 4);
	CHECK(timedq_pop_ready(&q, 0) == &n[5]);
	CHECK(timedq_pop_ready(&q, 0) == NULL); /* the next one is not ready yet */
	CHECK(timedq_pop_ready(&q, 4) == &n[1]);
	CHECK(timedq_pop_ready(&q, 4) == &n[2]); /* equal times keep FIFO order */
	CHECK(timedq_pop_ready(&q, 4) == &n[3]);
	CHECK_NEAR(timedq_next(&q), 5, 0);
	CHECK(timedq_pop_ready(&q, 100) == &n[0]);
	CHECK(timedq_pop_ready(&q, 100) == &n[4]);
	CHECK(timedq_pop_ready(&q, 100) == NULL);
	CHECK(isinf(timedq_next(&q)));
	return 0;
}

int main(int argc, char **argv) { return check_main(argc, argv); }
