/* microbench — see microbench.h. */
#define _GNU_SOURCE
#include "microbench.h"

#include <pthread.h>
#include <sched.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/eventfd.h>
#include <unistd.h>

#include "measure.h"
#include "vring.h"

static void pin(int cpu)
{
	cpu_set_t s;
	CPU_ZERO(&s);
	CPU_SET(cpu, &s);
	pthread_setaffinity_np(pthread_self(), sizeof(s), &s);
}

/* Wake-up: one thread on cpu0 writes an eventfd, a thread blocked in read() on cpu1 answers
 * on a second eventfd; half the round trip is one cross-core wake-up (the stand-in for a
 * vhost thread woken by a kick, DESIGN §6). */
struct pong {
	int a, b, n;
};
static void *pong_main(void *p)
{
	struct pong *g = p;
	pin(1);
	uint64_t v;
	for (int i = 0; i < g->n; i++) {
		if (read(g->a, &v, 8) != 8)
			break;
		v = 1;
		if (write(g->b, &v, 8) != 8)
			break;
	}
	return NULL;
}

double bench_wakeup(int n)
{
	struct pong g = { eventfd(0, 0), eventfd(0, 0), n };
	if (g.a < 0 || g.b < 0)
		return -1;
	pthread_t t;
	pthread_create(&t, NULL, pong_main, &g);
	pin(0);
	uint64_t v = 1, t0 = measure_now();
	for (int i = 0; i < n; i++) {
		v = 1;
		if (write(g.a, &v, 8) != 8 || read(g.b, &v, 8) != 8)
			break;
	}
	uint64_t dt = measure_now() - t0;
	pthread_join(t, NULL);
	close(g.a);
	close(g.b);
	return dt / (2.0 * n);
}

/* Poll scan: a sidecore pass over @q queues whose avail index another core keeps moving, so
 * every visit reads a cache line the guest wrote (the cost the model charges per queue
 * visited). Each index sits on its own 64-byte line, as in real rings. */
struct scan {
	_Alignas(64) struct { _Alignas(64) _Atomic uint16_t idx; } line[64];
	atomic_int stop;
	int q;
};
static void *scan_writer(void *p)
{
	struct scan *s = p;
	pin(0);
	uint16_t k = 0;
	while (!atomic_load_explicit(&s->stop, memory_order_relaxed)) {
		for (int i = 0; i < s->q; i++)
			atomic_store_explicit(&s->line[i].idx, k, memory_order_release);
		k++;
	}
	return NULL;
}

double bench_poll_scan(int q, int passes)
{
	static struct scan s;
	memset(&s, 0, sizeof(s));
	s.q = q;
	pthread_t t;
	pthread_create(&t, NULL, scan_writer, &s);
	pin(1);
	volatile unsigned sink = 0;
	for (int i = 0; i < passes / 10; i++) /* warm */
		for (int j = 0; j < q; j++)
			sink += atomic_load_explicit(&s.line[j].idx, memory_order_acquire);
	uint64_t t0 = measure_now();
	for (int i = 0; i < passes; i++)
		for (int j = 0; j < q; j++)
			sink += atomic_load_explicit(&s.line[j].idx, memory_order_acquire);
	uint64_t dt = measure_now() - t0;
	atomic_store(&s.stop, 1);
	pthread_join(t, NULL);
	(void)sink;
	return (double)dt / passes;
}

/* Descriptor claim on a multi-consumer receive ring: two cores (cpu0, cpu1) take descriptors
 * from one shared head index with an atomic fetch-and-add, as pooled IOhost sidecores would
 * (rack.iohost_rx_claim = descriptor); ns per claim on cpu1 while cpu0 contends. */
struct claim {
	_Alignas(64) _Atomic uint32_t head;
	_Alignas(64) atomic_int go;
	int n;
};
static void *claim_peer(void *p)
{
	struct claim *c = p;
	pin(0);
	while (!atomic_load_explicit(&c->go, memory_order_acquire))
		;
	for (int i = 0; i < c->n; i++)
		atomic_fetch_add_explicit(&c->head, 1, memory_order_acq_rel);
	return NULL;
}

double bench_rx_claim(int n)
{
	static struct claim c;
	atomic_store(&c.head, 0);
	atomic_store(&c.go, 0);
	c.n = n;
	pthread_t t;
	pthread_create(&t, NULL, claim_peer, &c);
	pin(1);
	atomic_store_explicit(&c.go, 1, memory_order_release);
	uint64_t t0 = measure_now();
	for (int i = 0; i < n; i++)
		atomic_fetch_add_explicit(&c.head, 1, memory_order_acq_rel);
	uint64_t dt = measure_now() - t0;
	pthread_join(t, NULL);
	return (double)dt / n;
}

/* Ring operation: one request through a real split ring on one core — the driver adds and
 * publishes a buffer, the device pops it and returns it, the driver reaps it (the cost the
 * model's rings carry inside guest_stack_cycles and the sidecore's per-request work). */
double bench_ring_op(int n)
{
	enum { NUM = 256 };
	size_t sz = vring_mem_size(NUM);
	void *mem = aligned_alloc(4096, (sz + 4095) / 4096 * 4096);
	static char buf[64];
	struct vring_driver d;
	struct vring_device v;
	struct vring_chain c;
	if (!mem || vring_driver_init(&d, mem, NUM, true)) {
		free(mem);
		return -1;
	}
	vring_device_init(&v, mem, NUM, true);
	pin(1);
	struct vring_buf b = { .addr = (uint64_t)(uintptr_t)buf, .len = sizeof(buf) };
	uint32_t len;
	int bad = 0;
	uint64_t t0 = measure_now();
	for (int i = 0; i < n; i++) {
		bad |= vring_driver_add(&d, &b, 1, buf) < 0;
		vring_driver_kick_prepare(&d);
		bad |= vring_device_pop(&v, &c) != 0;
		vring_device_push(&v, c.head, 0);
		vring_device_notify_prepare(&v);
		bad |= vring_driver_get_used(&d, &len) != buf;
	}
	uint64_t dt = measure_now() - t0;
	vring_driver_free(&d);
	free(mem);
	return bad ? -1 : (double)dt / n;
}

/* Notification, the part a guest's kick costs that runs here: the eventfd write vhost's
 * ioeventfd ends in, with nobody waiting (the VM exit before it is not measurable here). */
double bench_kick(int n)
{
	int fd = eventfd(0, EFD_NONBLOCK);
	if (fd < 0)
		return -1;
	uint64_t one = 1, v;
	pin(1);
	uint64_t t0 = measure_now();
	for (int i = 0; i < n; i++)
		if (write(fd, &one, 8) != 8 && read(fd, &v, 8) != 8) /* full: drain once */
			break;
	uint64_t dt = measure_now() - t0;
	close(fd);
	return (double)dt / n;
}
