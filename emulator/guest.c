/* guest — see guest.h. */
#define _GNU_SOURCE
#include "guest.h"

#include <errno.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <sys/eventfd.h>
#include <unistd.h>

#include "cpu.h"

/* A TX buffer of a port: one frame (vnet header + frame) in guest memory. */
struct txslot {
	uint64_t off;     /* in guest memory */
	uint64_t t;       /* when it was added */
	unsigned idx;     /* in slots[] */
};

/* An rr request waiting for its reply. */
struct rrreq {
	uint64_t seq;
	uint64_t t;
	bool live;
};

/* Driver-side state of one guest's device. */
struct gport {
	struct vnet_port *pub;
	struct vring_driver tx, rx;
	struct txslot *slots;
	unsigned *free_slots, nfree;
	uint64_t *rx_off;        /* RX buffer i; its cookie is &rx_off[i] */
	struct rrreq rr[GUEST_MAX_OUTSTANDING];
	unsigned rr_live;
	uint64_t next_seq;       /* rr: counter, the slot index goes in the low 6 bits */
	uint64_t sent;           /* pktgen: frames due so far, sent or dropped */
};

const char *guest_workload_name(enum guest_workload w)
{
	static const char *const n[] = {"stream", "rr", "pktgen"};
	return n[w];
}

static int post_rx(struct gport *p, unsigned i)
{
	struct vring_buf b = {.addr = p->rx_off[i], .len = VNET_RX_BUF, .device_writes = true};
	int rc = vring_driver_add(&p->rx, &b, 1, &p->rx_off[i]);
	return rc < 0 ? rc : 0;
}

static int port_create(struct guest *g, unsigned id)
{
	const struct guest_cfg *c = &g->cfg;
	struct gport *p = &g->gp[id];
	struct vnet_port *pub = &g->ports[id];
	size_t ring = vring_mem_size(c->queue_size);
	int64_t tx = shm_alloc(&g->shm, ring, 4096), rx = shm_alloc(&g->shm, ring, 4096);
	if (tx < 0 || rx < 0)
		return -ENOMEM;
	*pub = (struct vnet_port){.id = id, .num = c->queue_size, .event_idx = c->event_idx,
				  .tx_ring = (uint64_t)tx, .rx_ring = (uint64_t)rx,
				  .kick_fd = -1, .irq_fd = -1};
	pkt_link_addrs(id, &pub->link);
	p->pub = pub;
	pub->irq_fd = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
	if (c->kick)
		pub->kick_fd = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
	if (pub->irq_fd < 0 || (c->kick && pub->kick_fd < 0))
		return -errno;
	int rc = vring_driver_init(&p->tx, shm_drv(&g->shm, (uint64_t)tx), c->queue_size, c->event_idx);
	if (!rc)
		rc = vring_driver_init(&p->rx, shm_drv(&g->shm, (uint64_t)rx), c->queue_size, c->event_idx);
	if (rc)
		return rc;
	unsigned n = c->queue_size;
	p->slots = calloc(n, sizeof(*p->slots));
	p->free_slots = calloc(n, sizeof(*p->free_slots));
	p->rx_off = calloc(n, sizeof(*p->rx_off));
	if (!p->slots || !p->free_slots || !p->rx_off)
		return -ENOMEM;
	for (unsigned i = 0; i < n; i++) {
		int64_t t = shm_alloc(&g->shm, VNET_HDR_LEN + c->frame_len, 64);
		int64_t r = shm_alloc(&g->shm, VNET_RX_BUF, 64);
		if (t < 0 || r < 0)
			return -ENOMEM;
		p->slots[i] = (struct txslot){.off = (uint64_t)t, .idx = i};
		p->free_slots[p->nfree++] = i;
		p->rx_off[i] = (uint64_t)r;
		/* The frame is built once per slot; only the sequence changes per request. */
		memset(shm_drv(&g->shm, (uint64_t)t), 0, VNET_HDR_LEN);
		if ((rc = post_rx(p, i)))
			return rc;
	}
	vring_driver_kick_prepare(&p->rx); /* publish the RX buffers */
	p->rx.kicks = p->rx.kicks_suppressed = 0;
	return 0;
}

int guest_create(struct guest *g, const struct guest_cfg *cfg, atomic_int *stop)
{
	memset(g, 0, sizeof(*g));
	g->cfg = *cfg;
	g->stop = stop;
	g->shm.fd = -1;
	unsigned n = cfg->ports;
	if (n == 0 || n > GUEST_MAX_PORTS || cfg->outstanding > GUEST_MAX_OUTSTANDING)
		return -EINVAL;
	size_t per_port = 2 * (vring_mem_size(cfg->queue_size) + 4096) +
			  (size_t)cfg->queue_size * (VNET_HDR_LEN + cfg->frame_len + 64 + VNET_RX_BUF + 64);
	int rc = shm_create(&g->shm, per_port * n + 4096);
	if (rc)
		return rc;
	g->gp = calloc(n, sizeof(*g->gp));
	g->ports = calloc(n, sizeof(*g->ports));
	if (!g->gp || !g->ports)
		return -ENOMEM;
	for (unsigned i = 0; i < n; i++) {
		g->ports[i].kick_fd = g->ports[i].irq_fd = -1;
		if ((rc = port_create(g, i)))
			return rc;
	}
	return 0;
}

void guest_destroy(struct guest *g)
{
	for (unsigned i = 0; g->gp && i < g->cfg.ports; i++) {
		struct gport *p = &g->gp[i];
		vring_driver_free(&p->tx);
		vring_driver_free(&p->rx);
		free(p->slots);
		free(p->free_slots);
		free(p->rx_off);
		if (g->ports[i].irq_fd >= 0)
			close(g->ports[i].irq_fd);
		if (g->ports[i].kick_fd >= 0)
			close(g->ports[i].kick_fd);
	}
	free(g->gp);
	free(g->ports);
	shm_destroy(&g->shm);
	g->gp = NULL;
	g->ports = NULL;
}

/* ---- the workload ------------------------------------------------------------------------ */

static bool in_window(const struct guest *g, uint64_t now)
{
	return now >= g->cfg.t_warm && now < g->cfg.t_end;
}

/* Add one frame to TX. false when the ring (or the slot pool) is full. */
static bool send_frame(struct guest *g, struct gport *p, uint64_t seq, bool pong, uint64_t now)
{
	if (!p->nfree)
		return false;
	struct txslot *s = &p->slots[p->free_slots[p->nfree - 1]];
	char *buf = shm_drv(&g->shm, s->off);
	pkt_build(buf + VNET_HDR_LEN, g->cfg.frame_len, &p->pub->link, p->pub->id, seq, pong);
	struct vring_buf b = {.addr = s->off, .len = VNET_HDR_LEN + g->cfg.frame_len};
	if (vring_driver_add(&p->tx, &b, 1, s) < 0)
		return false;
	p->nfree--;
	s->t = now;
	g->st.issued++;
	return true;
}

static void kick(struct guest *g, struct gport *p)
{
	if (vring_driver_kick_prepare(&p->tx) && p->pub->kick_fd >= 0) {
		uint64_t one = 1;
		if (write(p->pub->kick_fd, &one, sizeof(one)) < 0)
			g->err = -errno;
	}
}

static unsigned reap_tx(struct guest *g, struct gport *p, uint64_t now)
{
	unsigned n = 0;
	uint32_t len;
	struct txslot *s;
	while ((s = vring_driver_get_used(&p->tx, &len))) {
		n++;
		p->free_slots[p->nfree++] = s->idx;
		bool dropped = len == VNET_TX_DROPPED;
		if (g->cfg.workload == GUEST_RR) {
			if (!dropped)
				continue; /* the reply completes it */
			/* Which request was it? Its sequence is in the frame. If it already timed
			 * out it was counted then: count nothing twice. */
			uint64_t seq = pkt_seq_of((const char *)shm_drv(&g->shm, s->off) + VNET_HDR_LEN);
			struct rrreq *r = &p->rr[seq & (GUEST_MAX_OUTSTANDING - 1)];
			if (r->live && r->seq == seq) {
				r->live = false;
				p->rr_live--;
				g->st.dropped_device++;
			}
			continue;
		}
		if (dropped) {
			g->st.dropped_device++;
			continue;
		}
		g->st.completed++;
		g->st.bytes_completed += g->cfg.frame_len;
		if (in_window(g, now)) {
			hist_add(&g->st.lat, now - s->t);
			if (g->cfg.on_complete)
				g->cfg.on_complete(g->cfg.complete_ctx, p->pub->id, s->t, now);
		}
	}
	return n;
}

static unsigned reap_rx(struct guest *g, struct gport *p, uint64_t now)
{
	unsigned n = 0;
	uint32_t len;
	uint64_t *off;
	while ((off = vring_driver_get_used(&p->rx, &len))) {
		n++;
		const char *buf = shm_drv(&g->shm, *off);
		int64_t seq = len > VNET_HDR_LEN
				      ? pkt_parse_reply(buf + VNET_HDR_LEN, len - VNET_HDR_LEN,
							&p->pub->link, p->pub->id)
				      : PKT_E_MALFORMED;
		struct rrreq *r = seq >= 0 ? &p->rr[seq & (GUEST_MAX_OUTSTANDING - 1)] : NULL;
		if (g->cfg.workload == GUEST_RR && r && r->live && r->seq == (uint64_t)seq) {
			r->live = false;
			p->rr_live--;
			g->st.completed++;
			g->st.bytes_completed += g->cfg.frame_len;
			if (in_window(g, now)) {
				hist_add(&g->st.lat, now - r->t);
				if (g->cfg.on_complete)
					g->cfg.on_complete(g->cfg.complete_ctx, p->pub->id, r->t, now);
			}
		} else if (seq >= 0) {
			g->st.late_replies++; /* its request already timed out */
		} else {
			g->st.rx_unexpected++;
		}
		post_rx(p, (unsigned)(off - p->rx_off));
	}
	if (n)
		vring_driver_kick_prepare(&p->rx); /* publish; the device polls RX, never waits on it */
	return n;
}

static unsigned issue(struct guest *g, struct gport *p, uint64_t now, uint64_t t0)
{
	const struct guest_cfg *c = &g->cfg;
	unsigned n = 0;
	switch (c->workload) {
	case GUEST_STREAM:
		while (n < c->batch && send_frame(g, p, p->next_seq, false, now)) {
			p->next_seq++;
			n++;
		}
		break;
	case GUEST_RR:
		for (unsigned slot = 0; slot < c->outstanding && p->rr_live < c->outstanding; slot++) {
			struct rrreq *r = &p->rr[slot];
			if (r->live)
				continue;
			uint64_t seq = (p->next_seq << 6) | slot;
			if (!send_frame(g, p, seq, true, now))
				break;
			p->next_seq++;
			*r = (struct rrreq){.seq = seq, .t = now, .live = true};
			p->rr_live++;
			n++;
		}
		break;
	case GUEST_PKTGEN: {
		double per_port = c->rate_pps / c->ports;
		uint64_t due = c->rate_pps > 0 ? (uint64_t)((double)(now - t0) * 1e-9 * per_port)
					       : p->sent + c->batch;
		while (p->sent < due && n < c->batch) {
			p->sent++;
			if (send_frame(g, p, p->next_seq, false, now)) {
				p->next_seq++;
				n++;
			} else {
				g->st.issued++;
				g->st.dropped_ring_full++;
			}
		}
		break;
	}
	}
	if (n)
		kick(g, p);
	return n;
}

static void expire_rr(struct guest *g, struct gport *p, uint64_t now, bool all)
{
	for (unsigned s = 0; s < g->cfg.outstanding; s++) {
		struct rrreq *r = &p->rr[s];
		if (r->live && (all || now - r->t > g->cfg.rr_timeout_ns)) {
			r->live = false;
			p->rr_live--;
			g->st.timeouts++;
		}
	}
}

/* Idle in trap mode: ask for interrupts, re-check (no lost wake-up), then sleep on them. */
static void wait_irq(struct guest *g, uint64_t timeout_ns)
{
	unsigned n = g->cfg.ports;
	bool pending = false;
	for (unsigned i = 0; i < n; i++) {
		/* TX completions only matter when we are out of TX buffers (as virtio-net frees
		 * TX lazily): asking for them otherwise would double the interrupts. */
		if (!g->gp[i].nfree)
			pending |= !vring_driver_enable_cb(&g->gp[i].tx);
		pending |= !vring_driver_enable_cb(&g->gp[i].rx);
	}
	if (!pending) {
		struct pollfd pfd[GUEST_MAX_PORTS];
		for (unsigned i = 0; i < n; i++)
			pfd[i] = (struct pollfd){.fd = g->ports[i].irq_fd, .events = POLLIN};
		int ms = (int)((timeout_ns + 999999) / 1000000);
		if (poll(pfd, n, ms > 0 ? ms : 1) > 0) {
			g->st.wakeups++;
			for (unsigned i = 0; i < n; i++) {
				uint64_t v;
				if (pfd[i].revents && read(pfd[i].fd, &v, sizeof(v)) == sizeof(v))
					g->st.irqs_taken += v;
			}
		}
	}
	for (unsigned i = 0; i < n; i++) {
		vring_driver_disable_cb(&g->gp[i].tx);
		vring_driver_disable_cb(&g->gp[i].rx);
	}
}

/* Take the interrupts pending on every port without waiting (a spinning guest never waits). */
static void take_irqs(struct guest *g)
{
	for (unsigned i = 0; i < g->cfg.ports; i++) {
		uint64_t v;
		if (read(g->ports[i].irq_fd, &v, sizeof(v)) == sizeof(v))
			g->st.irqs_taken += v;
	}
}

/* The counters the measured window is the difference of. */
struct gsnap {
	uint64_t issued, completed, bytes, kicks, irqs, cpu, wall;
};

static void snapshot(struct guest *g, struct gsnap *w, uint64_t now)
{
	take_irqs(g);
	uint64_t kicks = 0;
	for (unsigned i = 0; i < g->cfg.ports; i++)
		kicks += g->gp[i].tx.kicks;
	*w = (struct gsnap){.issued = g->st.issued, .completed = g->st.completed,
			    .bytes = g->st.bytes_completed, .kicks = kicks, .irqs = g->st.irqs_taken,
			    .cpu = measure_thread_cpu(), .wall = now};
}

/* Close the window opened at @w0 (@warm false: it never opened, it is empty). */
static void window_close(struct guest *g, const struct gsnap *w0, uint64_t now, bool warm)
{
	struct gsnap w1;
	snapshot(g, &w1, now);
	g->st.win_issued = w1.issued - w0->issued;
	g->st.win_completed = w1.completed - w0->completed;
	g->st.win_bytes = w1.bytes - w0->bytes;
	g->st.win_kicks = w1.kicks - w0->kicks;
	g->st.win_irqs = w1.irqs - w0->irqs;
	g->st.win_cpu_ns = w1.cpu - w0->cpu;
	g->st.win_wall_ns = warm ? now - w0->wall : 0;
}

void *guest_run(void *arg)
{
	struct guest *g = arg;
	const struct guest_cfg *c = &g->cfg;
	int rc = cpu_pin(c->cpu);
	if (rc) {
		g->err = rc;
		return NULL;
	}
	for (unsigned i = 0; i < c->ports; i++) {
		vring_driver_disable_cb(&g->gp[i].tx);
		vring_driver_disable_cb(&g->gp[i].rx);
	}
	uint64_t t0 = measure_now(), last_expire = t0;
	struct gsnap w0 = {0};
	bool warm = false, ended = false;
	for (;;) {
		uint64_t now = measure_now();
		if (!warm && now >= c->t_warm) {
			warm = true;
			snapshot(g, &w0, now);
		}
		if (!ended && now >= c->t_end) {
			ended = true;
			if (!warm) /* no warm-up window at all: measure nothing rather than lie */
				snapshot(g, &w0, now);
			window_close(g, &w0, now, true);
		}
		bool aborting = atomic_load_explicit(g->stop, memory_order_relaxed);
		unsigned work = c->hook ? c->hook(c->hook_ctx) : 0;
		/* The hook (vRIO's front end) served our own TX ring: what it sent completes now,
		 * after its send, not at the top of the loop (a frame's latency includes its send;
		 * stamped before it, vrio p50s came out below the send's own cost). */
		if (work)
			now = measure_now();
		bool busy = false;
		for (unsigned i = 0; i < c->ports; i++) {
			struct gport *p = &g->gp[i];
			work += reap_tx(g, p, now) + reap_rx(g, p, now);
			if (!ended && !aborting)
				work += issue(g, p, now, t0);
			busy |= vring_driver_in_flight(&p->tx) || p->rr_live;
		}
		if (now - last_expire > 1000000 && c->workload == GUEST_RR) {
			last_expire = now;
			for (unsigned i = 0; i < c->ports; i++)
				expire_rr(g, &g->gp[i], now, false);
		}
		if (ended || aborting) {
			if (!busy || aborting || now >= c->t_end + c->drain_ns)
				break;
		}
		if (!work && c->block)
			wait_irq(g, ended ? 1000000 : (c->t_end - now < 1000000 ? c->t_end - now : 1000000));
	}
	/* What never came back is accounted for, never forgotten. */
	for (unsigned i = 0; i < c->ports; i++) {
		struct gport *p = &g->gp[i];
		expire_rr(g, p, 0, true);
		g->st.inflight_end += vring_driver_in_flight(&p->tx);
		g->st.kicks += p->tx.kicks;
		g->st.kicks_suppressed += p->tx.kicks_suppressed;
	}
	if (!ended) /* aborted before the window closed */
		window_close(g, &w0, measure_now(), warm);
	return NULL;
}
