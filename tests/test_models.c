/*
 * Unit tests of the model building blocks: wire timing (exact), framing, block device
 * arithmetic, statistics (percentiles and confidence intervals against independent
 * references), random streams, timed-queue ordering; and, each in a small simulation of its
 * own (one per process, as SimGrid wants), the shared cores' scheduler.
 */
#define _GNU_SOURCE
#include <gsl/gsl_rng.h>
#include <gsl/gsl_sort.h>
#include <simgrid/actor.h>
#include <simgrid/engine.h>
#include <simgrid/host.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "blockdev.h"
#include "check.h"
#include "check_sim.h"
#include "ci95.h"
#include "cpu.h"
#include "dsort.h"
#include "inbox.h"
#include "rng.h"
#include "sched.h"
#include "stats.h"
#include "vclock.h"
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
	struct wire_port *ports[] = { &a, &b, &c, &d };
	for (int i = 0; i < 4; i++)
		wire_port_free(ports[i]);
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
	struct wire_port *ports[] = { &a, &b, &c, &e, &f, &g, &h };
	for (int i = 0; i < 7; i++)
		wire_port_free(ports[i]);
	return 0;
}

/* The linear schedule the circular one replaced, as the reference: the same first-fit gaps,
 * merges and forgetting. */
struct ref_sched {
	double start[4096], end[4096];
	int n;
};

static double ref_reserve(struct ref_sched *s, double clock, double t, double d)
{
	int drop = 0;
	while (drop < s->n && s->end[drop] <= clock)
		drop++;
	memmove(s->start, s->start + drop, (size_t)(s->n - drop) * sizeof(double));
	memmove(s->end, s->end + drop, (size_t)(s->n - drop) * sizeof(double));
	s->n -= drop;
	double at = t;
	int i = 0;
	for (; i < s->n; i++) {
		if (s->end[i] <= at)
			continue;
		if (s->start[i] >= at + d)
			break;
		at = s->end[i];
	}
	double end = at + d;
	bool jp = i > 0 && s->end[i - 1] >= at, jn = i < s->n && s->start[i] <= end;
	if (jp && jn) {
		s->end[i - 1] = s->end[i];
		memmove(s->start + i, s->start + i + 1, (size_t)(s->n - i - 1) * sizeof(double));
		memmove(s->end + i, s->end + i + 1, (size_t)(s->n - i - 1) * sizeof(double));
		s->n--;
	} else if (jp) {
		s->end[i - 1] = end;
	} else if (jn) {
		s->start[i] = at;
	} else {
		memmove(s->start + i + 1, s->start + i, (size_t)(s->n - i) * sizeof(double));
		memmove(s->end + i + 1, s->end + i, (size_t)(s->n - i) * sizeof(double));
		s->start[i] = at;
		s->end[i] = end;
		s->n++;
	}
	return at;
}

/* Random reservations ahead of a moving clock (gaps filled early and late, merges, the
 * buffer wrapping and growing): the circular schedule gives every start the linear one does,
 * exactly, and keeps as many intervals. */
CHECK_TEST(wire_schedule_matches_linear)
{
	static struct ref_sched ref;
	gsl_rng *r = gsl_rng_alloc(gsl_rng_mt19937);
	for (int round = 0; round < 20; round++) {
		struct wire_sched s = { 0 };
		ref.n = 0;
		double clock = 0;
		for (int i = 0; i < 20000; i++) {
			if (gsl_rng_uniform(r) < 0.3)
				clock += gsl_rng_uniform(r) * 2e-6;
			double t = clock + gsl_rng_uniform(r) * (round % 2 ? 50e-6 : 5e-6);
			double d = (1 + gsl_rng_uniform_int(r, 200)) * 1e-8;
			double a = wire_sched_reserve(&s, clock, t, d), b = ref_reserve(&ref, clock, t, d);
			CHECK(a == b);
			CHECK_EQ(s.n, ref.n);
			CHECK_LT(ref.n, 4000);
		}
		free(s.v);
	}
	gsl_rng_free(r);
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

/* dsort gives the very array GSL's heapsort gave (what the goldens were made with): samples
 * with many ties, already sorted, reversed, and none. */
CHECK_TEST(dsort_matches_gsl_sort)
{
	gsl_rng *r = rng_stream(11, 0, 0);
	size_t n = 50000;
	double *a = malloc(n * sizeof(*a)), *b = malloc(n * sizeof(*b));
	for (int shape = 0; shape < 4; shape++) {
		for (size_t i = 0; i < n; i++) {
			double x = rng_draw(r, &(struct vs_dist_spec){ DIST_LOGNORMAL, 1.0 }, 20e-6);
			if (shape == 1)
				x = 1e-6 * (double)(gsl_rng_uniform_int(r, 50)); /* ties, zeros */
			a[i] = b[i] = x;
		}
		if (shape >= 2) { /* sorted already, then reversed */
			gsl_sort(a, 1, n);
			for (size_t i = 0; i < n; i++)
				b[i] = shape == 2 ? a[i] : a[n - 1 - i];
			memcpy(a, b, n * sizeof(*a));
		}
		gsl_sort(a, 1, n);
		dsort(b, n);
		CHECK(!memcmp(a, b, n * sizeof(*a)));
	}
	dsort(b, 0);
	free(a);
	free(b);
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

CHECK_TEST(cpu_deferred_account_settles_after_its_end)
{
	/* A vCPU's halt exit accounted at its end without waking for it (cpu_defer): readers see
	 * it only strictly after that end, exactly once, as cpu_account at the end would have. */
	double used[CPU_USE_COUNT] = { 0 }, busy = 0, host = 0, ref_used[CPU_USE_COUNT] = { 0 };
	double ref_busy = 0, ref_host = 0;
	struct cpu c = { .hz = 2e9, .used_s = used, .busy_s = &busy, .host_busy_s = &host,
			 .window_start = 1.0 };
	struct cpu ref = { .hz = 2e9, .used_s = ref_used, .busy_s = &ref_busy,
			   .host_busy_s = &ref_host, .window_start = 1.0 };
	double s[CPU_USE_COUNT] = { 0 };
	s[CPU_EXIT] = 3e-6;
	s[CPU_GUEST] = 1e-6;
	/* Straddling the window's start: the part inside counts. */
	cpu_defer(&c, 1.0 - 2e-6, 1.0 + 2e-6, s);
	cpu_settle(&c, 1.0 + 2e-6); /* at its end: not yet (an actor there would come after) */
	CHECK_NEAR(busy, 0, 0);
	cpu_settle(&c, 1.5);
	cpu_settle(&c, INFINITY); /* once only */
	cpu_account(&ref, 1.0 - 2e-6, 1.0 + 2e-6, s[CPU_GUEST], CPU_GUEST);
	cpu_account(&ref, 1.0 - 2e-6, 1.0 + 2e-6, s[CPU_EXIT], CPU_EXIT);
	for (int u = 0; u < CPU_USE_COUNT; u++)
		CHECK_NEAR(used[u], ref_used[u], 0);
	CHECK_NEAR(busy, ref_busy, 0);
	CHECK_NEAR(host, ref_host, 0);
	CHECK_NEAR(busy, 2e-6, 1e-15); /* half of 4 us of work is inside the window */
	/* Interrupted before its end: forgotten. */
	cpu_defer(&c, 2.0, 2.1, s);
	cpu_undefer(&c);
	cpu_settle(&c, INFINITY);
	CHECK_NEAR(busy, ref_busy, 0);
	/* Two at once (a halt poll, then a handler), settled in order, each once: a reader
	 * between their ends takes the first only; the second ends early (cpu_defer_end). */
	double poll[CPU_USE_COUNT] = { 0 };
	poll[CPU_HALT_POLL] = 5e-6;
	cpu_defer(&c, 3.0, 3.0 + 5e-6, poll);
	cpu_defer(&c, 3.0 + 5e-6, 3.0 + 9e-6, s);
	cpu_settle(&c, 3.0 + 6e-6);
	CHECK_NEAR(used[CPU_HALT_POLL], 5e-6, 1e-18);
	CHECK_NEAR(busy, ref_busy, 0); /* halt polling is not demand */
	cpu_defer_end(&c, 3.0 + 8e-6);
	cpu_defer_end(&c, 3.0 + 8e-6); /* nothing left: a no-op */
	cpu_account(&ref, 3.0 + 5e-6, 3.0 + 8e-6, s[CPU_GUEST], CPU_GUEST);
	cpu_account(&ref, 3.0 + 5e-6, 3.0 + 8e-6, s[CPU_EXIT], CPU_EXIT);
	CHECK_NEAR(busy, ref_busy, 0);
	CHECK_NEAR(used[CPU_EXIT], ref_used[CPU_EXIT], 0);
	return 0;
}

CHECK_TEST(timedq_keeps_time_order)
{
	struct timedq q;
	timedq_init(&q, NULL);
	struct tq_node n[6] = { 0 }; /* not on any queue yet (a debug build checks) */
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

/* A finite receive ring: the takes after an arrival found by search (takes in time order) must
 * be what counting them one by one finds, whatever the backlog; a take earlier than the one
 * before it switches to counting. */
CHECK_TEST(ring_limit_search_matches_count)
{
	gsl_rng *r = gsl_rng_alloc(gsl_rng_mt19937);
	gsl_rng_set(r, 7);
	for (unsigned size = 1; size <= 64; size = size * 3 + 1) {
		struct ring_limit a, b;
		CHECK_EQ(ring_limit_init(&a, size), 0);
		CHECK_EQ(ring_limit_init(&b, size), 0);
		b.unordered = true; /* the reference: counts one by one */
		double now = 0;
		int dropped = 0, kept = 0;
		for (int i = 0; i < 20000; i++) {
			now += gsl_rng_uniform(r) < 0.3 ? 0 : gsl_rng_uniform(r); /* ties too */
			/* arrivals up to a backlog of ~2 rings behind, sometimes exactly a take */
			double arrival = now - gsl_rng_uniform(r) * 2.0 * size;
			if (gsl_rng_uniform(r) < 0.1 && a.taken)
				arrival = a.taken_at[(a.taken - 1) % size];
			bool ka = ring_limit_take(&a, arrival, now), kb = ring_limit_take(&b, arrival, now);
			CHECK_EQ(ka, kb);
			ka ? kept++ : dropped++;
		}
		CHECK(!a.unordered);
		CHECK(kept > 0 && dropped > 0); /* both outcomes exercised */
		CHECK_EQ(a.admitted, b.admitted);
		ring_limit_free(&a);
		ring_limit_free(&b);
	}
	gsl_rng_free(r);
	struct ring_limit c;
	CHECK_EQ(ring_limit_init(&c, 2), 0);
	CHECK(ring_limit_take(&c, 0, 2));
	CHECK(!c.unordered);
	CHECK(ring_limit_take(&c, 1, 1)); /* a take back in time */
	CHECK(c.unordered);
	ring_limit_free(&c);
	return 0;
}

/* ---- The shared cores' scheduler (engine/sched.h, through engine/cpu.h) ---- */

#define HZ 3e9                 /* cycles per second of the test cores */
#define SWITCH_S (11400 / HZ)  /* costs.ctx_switch_cycles' default: 3.8 us */

/* One simulation of @cores cores at HZ; the host. */
static sg_host_t sim_start(int cores) { return check_sim_start("test_models", HZ, cores); }

/* Linux's base tunables for a host of @cores CPUs (scaling log), the default switch cost. */
static struct sched_cfg linux_cfg(int cores)
{
	double f = sched_tunable_factor(SCHED_SCALING_LOG, cores);
	return (struct sched_cfg){ .latency_s = 6e-3 * f, .min_gran_s = 0.75e-3 * f,
				   .wakeup_gran_s = 1e-3 * f, .switch_s = SWITCH_S };
}

/* A thread of the test: its CPU, its accounts, and what it does. */
struct tthread {
	struct cpu cpu;
	double used[CPU_USE_COUNT];
	double chunk_s;            /* hog: work per cpu_run */
	double run_s, sleep_s;     /* sleeper: work, then blocked for sleep_s (0: for ever) */
	double halt_s;             /* halter: its event comes this long after its halt */
	int rounds;                /* sleeper: wake-ups so far */
	double delay_sum;          /* sleeper: from wake-up to work done, minus the work */
	double delay_max;
	bool polled;               /* halter: KVM's poll caught its event */
	double halted_at;          /* halter: when it halted */
};

static void start(sg_host_t h, const char *name, struct tthread *t, void (*fn)(int, char **))
{
	sg_actor_t a = sg_actor_init(name, h);
	sg_actor_set_data(a, t);
	sg_actor_start_(a, fn, 0, NULL);
}

static void thread_init(struct tthread *t, struct sched *s, int slot)
{
	memset(t, 0, sizeof(*t));
	t->cpu = (struct cpu){ .shared = true, .thread = sched_thread_new(s, slot), .hz = HZ,
			       .used_s = t->used };
	CHECK(t->cpu.thread);
}

static double busy(const struct tthread *t) { return t->used[CPU_GUEST] + t->used[CPU_SCHED]; }

/* CPU-bound: work for ever, chunk by chunk (it keeps its core between chunks). */
static void hog_main(int argc, char **argv)
{
	struct tthread *t = sg_actor_self_get_data();
	for (;;)
		cpu_run(&t->cpu, t->chunk_s * HZ, CPU_GUEST);
}

/* Work run_s, block sleep_s, again; the delay past the work is the wait for the core. */
static void sleeper_main(int argc, char **argv)
{
	struct tthread *t = sg_actor_self_get_data();
	for (;;) {
		double t0 = vs_now();
		cpu_run(&t->cpu, t->run_s * HZ, CPU_GUEST);
		double d = vs_now() - t0 - t->run_s;
		if (++t->rounds > 3) { /* past the start */
			t->delay_sum += d;
			t->delay_max = fmax(t->delay_max, d);
		}
		cpu_block(&t->cpu);
		vs_sleep_for(t->sleep_s > 0 ? t->sleep_s : 1e9);
	}
}

/* Two CPU-bound threads on one core, 100 ms: their shares and the switches. */
static void two_hogs(const struct sched_cfg *cfg, struct tthread *a, struct tthread *b,
		     uint64_t *switches)
{
	sg_host_t h = sim_start(1);
	struct sched *s = sched_new(1, cfg);
	thread_init(a, s, 0);
	thread_init(b, s, 1);
	a->chunk_s = b->chunk_s = 10e-6;
	start(h, "a", a, hog_main);
	start(h, "b", b, hog_main);
	simgrid_run_until(0.1);
	vclock_forget();
	*switches = sched_switches(s);
}

CHECK_TEST(sched_two_hogs_share_a_core)
{
	/* 1 ms slices (sched.latency_us = 2000: latency / 2 threads; min_granularity 0.75 ms):
	 * 100 slices in 100 ms, one switch at each but the first. */
	struct sched_cfg cfg = linux_cfg(1);
	cfg.latency_s = 2e-3;
	struct tthread a, b;
	uint64_t sw;
	two_hogs(&cfg, &a, &b, &sw);
	double ba = busy(&a), bb = busy(&b);
	CHECK_NEAR(ba / (ba + bb), 0.5, 0.01);
	CHECK_NEAR(ba + bb, 0.1, 10e-6); /* the core never idled (the chunk in progress aside) */
	CHECK_GE(sw, 99);
	CHECK_LE(sw, 100);
	/* Each switch cost its 3.8 us on the core, accounted as CPU_SCHED. */
	CHECK_NEAR(a.used[CPU_SCHED] + b.used[CPU_SCHED], (double)sw * SWITCH_S, SWITCH_S + 1e-9);
	CHECK_NEAR(a.used[CPU_GUEST] + b.used[CPU_GUEST], 0.1 - (double)sw * SWITCH_S,
		   2 * SWITCH_S + 10e-6);
	return 0;
}

CHECK_TEST(sched_two_hogs_linux_defaults)
{
	/* A 1-CPU host: factor 1, 6 ms latency, 3 ms slices: 33 switches in 100 ms, and the split
	 * is fair to within one slice. */
	struct sched_cfg cfg = linux_cfg(1);
	CHECK_NEAR(cfg.latency_s, 6e-3, 0);
	CHECK_NEAR(linux_cfg(8).latency_s, 24e-3, 1e-15); /* 1 + log2(8) */
	CHECK_NEAR(sched_tunable_factor(SCHED_SCALING_LOG, 64), 4, 0); /* at most 8 CPUs count */
	CHECK_NEAR(sched_tunable_factor(SCHED_SCALING_LOG, 6), 3, 0);
	struct tthread a, b;
	uint64_t sw;
	two_hogs(&cfg, &a, &b, &sw);
	CHECK_EQ(sw, 33);
	CHECK_LE(fabs(busy(&a) - busy(&b)), 3e-3 + 10e-6);
	return 0;
}

/* A CPU-bound thread and one that works 0.1 ms every 2 ms on one core. Woken, the sleeper
 * leads by latency/2 = 3 ms (GENTLE_FAIR_SLEEPERS): it preempts if that is more than the
 * wakeup granularity, else it waits for the hog's slice to end (3 ms after the hog got the
 * core: 1 ms after the wake-up). */
static double wakeup_delay(double wakeup_gran_s, double *max)
{
	struct sched_cfg cfg = linux_cfg(1);
	cfg.wakeup_gran_s = wakeup_gran_s;
	sg_host_t h = sim_start(1);
	struct sched *s = sched_new(1, &cfg);
	struct tthread hog, sl;
	thread_init(&hog, s, 0);
	thread_init(&sl, s, 1);
	hog.chunk_s = 10e-6;
	sl.run_s = 0.1e-3;
	sl.sleep_s = 2e-3;
	start(h, "hog", &hog, hog_main);
	start(h, "sleeper", &sl, sleeper_main);
	simgrid_run_until(0.1);
	vclock_forget();
	CHECK_GT(sl.rounds, 20);
	*max = sl.delay_max;
	return sl.delay_sum / (sl.rounds - 3);
}

CHECK_TEST(sched_wakeup_preempts_past_granularity)
{
	double max;
	double d = wakeup_delay(1e-3, &max); /* 3 ms lead > 1 ms: at once (its switch only) */
	CHECK_NEAR(d, SWITCH_S, 1e-9);
	CHECK_NEAR(max, SWITCH_S, 1e-9);
	return 0;
}

CHECK_TEST(sched_wakeup_waits_within_granularity)
{
	double max;
	double d = wakeup_delay(4e-3, &max); /* 3 ms lead < 4 ms: the hog's slice ends first */
	CHECK_NEAR(d, 1e-3 + SWITCH_S, 1e-9);
	CHECK_NEAR(max, 1e-3 + SWITCH_S, 1e-9);
	return 0;
}

CHECK_TEST(sched_idle_balance_and_ties)
{
	/* Two cores; threads 0 and 2 (home core 0) CPU-bound, thread 1 (home core 1) works 1 ms
	 * then blocks for good. All wake at t = 0, started in the order 2, 1, 0: the tie goes to
	 * thread 0 whatever the order (its pick revisits thread 2's at the same instant). At 1 ms
	 * core 1 goes idle and pulls thread 2 from core 0: one switch in all. */
	struct sched_cfg cfg = linux_cfg(2);
	sg_host_t h = sim_start(2);
	struct sched *s = sched_new(2, &cfg);
	struct tthread t[3];
	for (int i = 0; i < 3; i++)
		thread_init(&t[i], s, i);
	t[0].chunk_s = t[2].chunk_s = 10e-6;
	t[1].run_s = 1e-3;
	start(h, "t2", &t[2], hog_main);
	start(h, "t1", &t[1], sleeper_main);
	start(h, "t0", &t[0], hog_main);
	simgrid_run_until(0.1);
	vclock_forget();
	CHECK_EQ(sched_switches(s), 1);
	CHECK_NEAR(t[0].used[CPU_GUEST], 0.1, 10e-6);
	CHECK_NEAR(t[1].used[CPU_GUEST], 1e-3, 1e-12);
	CHECK_NEAR(t[2].used[CPU_SCHED], SWITCH_S, 1e-12);
	CHECK_NEAR(t[2].used[CPU_GUEST], 0.1 - 1e-3 - SWITCH_S, 10e-6);
	return 0;
}

/* Work 10 us, halt with a 200 us poll, and take the event halt_s later. */
static void halter_main(int argc, char **argv)
{
	struct tthread *t = sg_actor_self_get_data();
	cpu_run(&t->cpu, 10e-6 * HZ, CPU_GUEST);
	double t_halt = t->halted_at = vs_now(), event = t_halt + t->halt_s;
	cpu_halt(&t->cpu, 200e-6);
	for (double now; !time_reached(event, now = vs_now());)
		vs_sleep_for(fmin(event, cpu_halt_poll_until(&t->cpu)) - now);
	t->polled = cpu_unhalt(&t->cpu, t_halt, 200e-6);
	cpu_block(&t->cpu);
	vs_sleep_for(1e9);
}

/* Wake 60 us into the run, work run_s, block for good. */
static void waker_main(int argc, char **argv)
{
	struct tthread *t = sg_actor_self_get_data();
	vs_sleep_for(60e-6);
	cpu_run(&t->cpu, t->run_s * HZ, CPU_GUEST);
	cpu_block(&t->cpu);
	vs_sleep_for(1e9);
}

CHECK_TEST(sched_halt_poll_yields_the_core)
{
	/* Three cores, a halting vCPU on each: core 0's event comes within the poll (caught);
	 * core 1's too, but another thread wakes there 50 us into the poll (the poll ends, the
	 * vCPU needs a wake-up); core 2's event comes after the 200 us poll (spun 200 us). */
	struct sched_cfg cfg = linux_cfg(3);
	sg_host_t h = sim_start(3);
	struct sched *s = sched_new(3, &cfg);
	struct tthread v[3], w;
	double after[3] = { 100e-6, 100e-6, 300e-6 };
	for (int i = 0; i < 3; i++) {
		thread_init(&v[i], s, i);
		v[i].halt_s = after[i];
		start(h, "vcpu", &v[i], halter_main);
	}
	thread_init(&w, s, 4); /* home core 4 mod 3 = 1 */
	w.run_s = 20e-6;
	start(h, "other", &w, waker_main);
	simgrid_run_until(1e-3);
	vclock_forget();
	for (int i = 0; i < 3; i++)
		CHECK_NEAR(v[i].halted_at, 10e-6, 1e-12);
	CHECK(v[0].polled);
	CHECK_NEAR(v[0].used[CPU_HALT_POLL], 100e-6, 1e-12);
	CHECK(!v[1].polled);
	CHECK_NEAR(v[1].used[CPU_HALT_POLL], 50e-6, 1e-12);
	CHECK_NEAR(w.used[CPU_GUEST], 20e-6, 1e-12);
	CHECK_NEAR(w.used[CPU_SCHED], SWITCH_S, 1e-12); /* the vCPU's thread out, the other in */
	CHECK_EQ(sched_switches(s), 1);
	CHECK(!v[2].polled);
	CHECK_NEAR(v[2].used[CPU_HALT_POLL], 200e-6, 1e-12);
	return 0;
}

int main(int argc, char **argv) { return check_main(argc, argv); }
