/* poller — see poller.h. */
#define _GNU_SOURCE
#include "poller.h"

#include <errno.h>
#include <sys/epoll.h>
#include <unistd.h>

#include "cpu.h"
#include "measure.h"

#define KICK_TAG (1ull << 32)

const char *poller_policy_name(enum poller_policy p) { return p == POLLER_RR ? "rr" : "longest"; }

void poller_init(struct poller *p, const struct poller_cfg *cfg, struct vnet_dev *devs,
		 const int *taps, unsigned n, atomic_int *stop)
{
	*p = (struct poller){.cfg = *cfg, .devs = devs, .taps = taps, .n = n, .stop = stop};
}

static int tap_send(void *ctx, struct vnet_dev *d, const struct iovec *iov, int iovcnt, uint32_t len)
{
	(void)d;
	ssize_t n = writev(*(const int *)ctx, iov, iovcnt);
	if (n < 0)
		return -errno;
	return (uint32_t)n == len ? 0 : -EIO;
}

static unsigned serve_tx(struct vnet_dev *d, int tap, unsigned budget)
{
	return vnet_tx_serve(d, budget, tap_send, &tap);
}

/* Frames from the tap into the guest's RX buffers, read straight into guest memory. */
static unsigned serve_rx(struct vnet_dev *d, int tap, unsigned budget, uint64_t *rx_errors)
{
	unsigned work = 0;
	for (unsigned k = 0; k < budget; k++) {
		struct iovec iov[VRING_CHAIN_MAX];
		int n;
		int rc = vnet_rx_reserve(d, iov, &n);
		ssize_t got;
		if (rc == -EAGAIN) {
			/* No buffer posted: a NIC drops at its ring; so do we, and count it. */
			static __thread char scratch[VNET_RX_BUF];
			got = read(tap, scratch, sizeof(scratch));
			if (got > 0)
				d->drops[VNET_DROP_RX_NO_BUF]++;
		} else if (rc == 0) {
			got = readv(tap, iov, n);
			if (got > (ssize_t)VNET_HDR_LEN)
				vnet_rx_commit(d, (uint32_t)got);
		} else {
			break; /* ring fault: counted, the queue is stopped */
		}
		if (got <= 0) {
			if (got < 0 && errno != EAGAIN && errno != EINTR)
				(*rx_errors)++;
			break;
		}
		work++;
	}
	return work;
}

unsigned poller_serve(struct vnet_dev *d, int tap, unsigned budget, uint64_t *rx_errors)
{
	unsigned work = serve_tx(d, tap, budget) + serve_rx(d, tap, budget, rx_errors);
	if (work)
		vnet_signal(d);
	return work;
}

/* RX readiness of all taps in one syscall: polling each tap with a read() that mostly fails
 * would cost a syscall per guest per sweep. */
static unsigned sweep_rx(struct poller *p, int ep)
{
	struct epoll_event ev[64];
	int n = epoll_wait(ep, ev, 64, 0);
	unsigned work = 0;
	for (int k = 0; k < n; k++) {
		unsigned i = (unsigned)ev[k].data.u64;
		unsigned w = serve_rx(&p->devs[i], p->taps[i], p->cfg.batch, &p->rx_errors);
		if (w)
			vnet_signal(&p->devs[i]);
		work += w;
	}
	return work;
}

static unsigned sweep_rr(struct poller *p, unsigned *start)
{
	unsigned work = 0;
	for (unsigned k = 0; k < p->n; k++) {
		unsigned i = (*start + k) % p->n;
		unsigned w = serve_tx(&p->devs[i], p->taps[i], p->cfg.batch);
		if (w)
			vnet_signal(&p->devs[i]);
		work += w;
	}
	*start = (*start + 1) % p->n;
	return work;
}

/* Longest-queue-first: the fullest TX queue gets this sweep's batch. Ties rotate: the scan
 * starts one queue further each sweep and only a strictly longer queue replaces the best, so
 * among equally long queues the first from the rotating start wins — the simulator's rule
 * (models/sidecore/policy_longest.c). A fixed lowest-index rule starved the other queues when
 * the guests kept them all full (a stream). */
static unsigned sweep_longest(struct poller *p)
{
	unsigned best = 0, best_len = 0, start = p->n ? p->cursor % p->n : 0;
	if (p->n)
		p->cursor = (start + 1) % p->n;
	for (unsigned k = 0; k < p->n; k++) {
		unsigned i = (start + k) % p->n;
		unsigned len = vring_device_pending(&p->devs[i].tx);
		if (len > best_len) {
			best_len = len;
			best = i;
		}
	}
	if (!best_len)
		return 0;
	unsigned w = serve_tx(&p->devs[best], p->taps[best], p->cfg.batch);
	if (w)
		vnet_signal(&p->devs[best]);
	return w;
}

static int taps_epoll(struct poller *p, bool kicks)
{
	int ep = epoll_create1(EPOLL_CLOEXEC);
	if (ep < 0)
		return -errno;
	for (unsigned i = 0; i < p->n; i++) {
		struct epoll_event tev = {.events = EPOLLIN, .data.u64 = i};
		struct epoll_event kev = {.events = EPOLLIN, .data.u64 = KICK_TAG | i};
		if (epoll_ctl(ep, EPOLL_CTL_ADD, p->taps[i], &tev) < 0 ||
		    (kicks && epoll_ctl(ep, EPOLL_CTL_ADD, p->devs[i].port->kick_fd, &kev) < 0)) {
			int e = -errno;
			close(ep);
			return e;
		}
	}
	return ep;
}

/* Window bookkeeping shared by both loops. */
struct window {
	bool warm, ended;
	uint64_t cpu0, wall0, busy0;
};

/* Cumulative spin-loop counters (zero in trap mode); the window keeps their differences. */
struct spin_acc {
	uint64_t tx_ns, idle_ns, idle_iters;
};

static void window_tick(struct poller *p, struct window *w, uint64_t now, uint64_t busy,
			const struct spin_acc *a, struct spin_acc *a0)
{
	if (!w->warm && now >= p->cfg.t_warm) {
		w->warm = true;
		w->cpu0 = measure_thread_cpu();
		w->wall0 = now;
		w->busy0 = busy;
		*a0 = *a;
	}
	if (w->warm && !w->ended && now >= p->cfg.t_end) {
		w->ended = true;
		p->win_cpu_ns = measure_thread_cpu() - w->cpu0;
		p->win_wall_ns = now - w->wall0;
		p->win_busy_ns = busy - w->busy0;
		p->win_tx_ns = a->tx_ns - a0->tx_ns;
		p->win_idle_ns = a->idle_ns - a0->idle_ns;
		p->win_idle_iters = a->idle_iters - a0->idle_iters;
	}
}

static void run_spin(struct poller *p)
{
	for (unsigned i = 0; i < p->n; i++) {
		vring_device_disable_notify(&p->devs[i].tx); /* a sidecore never takes a kick */
		vring_device_disable_notify(&p->devs[i].rx);
	}
	int ep = taps_epoll(p, false);
	if (ep < 0) {
		p->err = ep;
		return;
	}
	struct window w = {0};
	struct spin_acc acc = {0}, acc0 = {0};
	unsigned start = 0;
	uint64_t busy = 0, t = measure_now();
	while (!atomic_load_explicit(p->stop, memory_order_relaxed)) {
		unsigned tx = p->cfg.policy == POLLER_RR ? sweep_rr(p, &start) : sweep_longest(p);
		uint64_t mid = tx ? measure_now() : 0;
		unsigned work = tx + sweep_rx(p, ep);
		uint64_t now = measure_now();
		p->iterations++;
		if (tx) {
			acc.tx_ns += mid - t;
			if (w.warm && !w.ended)
				hist_add(&p->win_tx_hist, (mid - t) / tx);
		}
		if (work) {
			p->busy_iterations++;
			busy += now - t;
		} else {
			acc.idle_ns += now - t;
			acc.idle_iters++;
		}
		t = now;
		window_tick(p, &w, now, busy, &acc, &acc0);
	}
	close(ep);
}

/* Drain one TX queue after a kick, vhost style: notifications off while working, back on
 * before sleeping, then look once more for what raced in between. Like vhost's weight, a
 * queue gets at most @weight chains per turn so that one busy guest cannot starve the others;
 * returns true when it stopped for that reason (notifications still off: poll it again). */
static bool drain_kicked(struct poller *p, unsigned i, unsigned weight, unsigned *work)
{
	struct vnet_dev *d = &p->devs[i];
	vring_device_disable_notify(&d->tx);
	for (;;) {
		unsigned w;
		while ((w = serve_tx(d, p->taps[i], p->cfg.batch))) {
			*work += w;
			vnet_signal(d);
			if (w > weight)
				return true;
			weight -= w;
		}
		if (vring_device_enable_notify(&d->tx) || d->tx.broken)
			return false;
		vring_device_disable_notify(&d->tx);
	}
}

static void run_block(struct poller *p)
{
	for (unsigned i = 0; i < p->n; i++)
		vring_device_disable_notify(&p->devs[i].rx); /* RX is driven by the tap, not kicks */
	int ep = taps_epoll(p, true);
	if (ep < 0) {
		p->err = ep;
		return;
	}
	struct window w = {0};
	uint64_t busy = 0;
	uint64_t again = 0; /* bitmap (first 64 queues): stopped by the weight, serve w/o a kick */
	struct epoll_event ev[128];
	while (!atomic_load_explicit(p->stop, memory_order_relaxed)) {
		int n = epoll_wait(ep, ev, 128, again ? 0 : 10);
		uint64_t t = measure_now();
		if (n < 0 && errno != EINTR) {
			p->err = -errno;
			break;
		}
		if (n > 0)
			p->wakeups++;
		unsigned work = 0;
		uint64_t todo = again;
		again = 0;
		for (int k = 0; k < n; k++) {
			unsigned i = (unsigned)(ev[k].data.u64 & 0xffffffffu);
			struct vnet_dev *d = &p->devs[i];
			if (ev[k].data.u64 & KICK_TAG) {
				uint64_t v;
				if (read(d->port->kick_fd, &v, sizeof(v)) == sizeof(v))
					d->kicks_seen += v;
				todo |= 1ull << (i & 63);
			} else {
				unsigned r = serve_rx(d, p->taps[i], p->cfg.batch, &p->rx_errors);
				if (r)
					vnet_signal(d);
				work += r;
			}
		}
		for (unsigned i = 0; i < p->n && i < 64; i++)
			if ((todo >> i) & 1 && drain_kicked(p, i, 4 * p->cfg.batch, &work))
				again |= 1ull << i;
		uint64_t now = measure_now();
		p->iterations++;
		if (work) {
			p->busy_iterations++;
			busy += now - t;
		}
		window_tick(p, &w, now, busy, &(struct spin_acc){0}, &(struct spin_acc){0});
	}
	close(ep);
}

void *poller_run(void *arg)
{
	struct poller *p = arg;
	int rc = cpu_pin(p->cfg.cpu);
	if (rc) {
		p->err = rc;
		return NULL;
	}
	if (p->cfg.block)
		run_block(p);
	else
		run_spin(p);
	return NULL;
}
