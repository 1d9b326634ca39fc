/* vrio — see vrio.h. */
#define _GNU_SOURCE
#include "vrio.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "cpu.h"
#include "measure.h"
#include "netns.h"
#include "vrio_proto.h"

static int open_in(const char *ns, const char *ifname, struct afp *a, bool ring, bool v2)
{
	int saved, rc = netns_enter(ns, &saved);
	if (rc)
		return rc;
	rc = afp_open(a, ifname, ring, v2);
	netns_leave(saved);
	return rc;
}

int vrio_create(struct vrio *v, const struct vrio_cfg *cfg, const struct env *e,
		struct vnet_dev *devs, unsigned n, atomic_int *stop, char *why, size_t whylen)
{
	memset(v, 0, sizeof(*v));
	v->vm.fd = v->io.fd = -1;
	v->cfg = *cfg;
	v->devs = devs;
	v->n = n;
	v->taps = e->taps;
	v->stop = stop;
	int rc = open_in(e->ns_vm, e->veth_vm, &v->vm, false, false);
	if (rc) {
		snprintf(why, whylen, "AF_PACKET socket on %s: %s", e->veth_vm, strerror(-rc));
		return rc;
	}
	rc = open_in(e->ns_io, e->veth_io, &v->io, true, cfg->v2);
	if (rc) {
		snprintf(why, whylen, "AF_PACKET %s ring on %s: %s", cfg->v2 ? "TPACKET_V2" : "TPACKET_V3",
			 e->veth_io, strerror(-rc));
		afp_close(&v->vm);
		return rc;
	}
	return 0;
}

void vrio_destroy(struct vrio *v)
{
	afp_close(&v->vm);
	afp_close(&v->io);
}

/* ---- VMhost side: on the guest's core ----------------------------------------------------- */

static int front_send(void *ctx, struct vnet_dev *d, const struct iovec *iov, int iovcnt, uint32_t len)
{
	struct vrio *v = ctx;
	uint8_t hdr[VRIO_OVERHEAD];
	struct vrio_hdr h = {.version = VRIO_VERSION, .type = VRIO_NET_TX,
			     .device = (uint16_t)d->port->id, .queue = VRIO_Q_TX,
			     .req_id = v->front_req++, .len = len};
	vrio_encap(hdr, v->io.mac, v->vm.mac, &h);
	/* The send's time, on one frame in 8 (two clock reads per frame would slow the very
	 * path measured): the sample's mean is the mean. */
	bool timed = (h.req_id & 7) == 0;
	uint64_t t0 = timed ? measure_now() : 0;
	int rc = afp_send(&v->vm, hdr, sizeof(hdr), iov, iovcnt);
	if (rc) {
		v->front_tx_drops++;
	} else if (timed && t0 >= v->cfg.t_warm && t0 < v->cfg.t_end) {
		v->win_front_tx_ns += measure_now() - t0;
		v->win_front_tx++;
	}
	return rc;
}

unsigned vrio_front_poll(void *arg)
{
	struct vrio *v = arg;
	unsigned work = 0;
	for (unsigned i = 0; i < v->n; i++) {
		unsigned w = vnet_tx_serve(&v->devs[i], v->cfg.batch, front_send, v);
		if (w)
			vnet_signal(&v->devs[i]);
		work += w;
	}
	static __thread uint8_t buf[VRIO_OVERHEAD + VNET_RX_BUF];
	uint32_t touched = 0; /* bitmap of devices that got frames (first 32) */
	for (unsigned k = 0; k < v->cfg.batch * v->n; k++) {
		ssize_t got = afp_recv(&v->vm, buf, sizeof(buf));
		if (got < 0)
			break;
		work++;
		struct vrio_hdr h;
		int off = vrio_decap(buf, (size_t)got, &h);
		if (off < 0 || h.type != VRIO_NET_RX || h.device >= v->n || h.len < VNET_HDR_LEN) {
			v->front_rx_bad++;
			continue;
		}
		v->front_rx++;
		struct vnet_dev *d = &v->devs[h.device];
		struct iovec iov = {.iov_base = buf + off, .iov_len = h.len};
		vnet_rx_deliver(d, &iov, 1, h.len); /* drops are counted by the device */
		if (h.device < 32)
			touched |= 1u << h.device;
		else
			vnet_signal(d);
	}
	for (unsigned i = 0; touched && i < v->n && i < 32; i++)
		if (touched & (1u << i))
			vnet_signal(&v->devs[i]);
	return work;
}

/* ---- IOhost side: its own core ------------------------------------------------------------ */

/* The interposition slot: a real look at the request (is it IPv4 for our peer?) plus a
 * configurable busy cost, measured rather than assumed. */
static bool interpose(struct vrio *v, const uint8_t *payload, uint32_t len)
{
	uint64_t t0 = measure_now();
	bool ok = len >= VNET_HDR_LEN + 34 && payload[VNET_HDR_LEN + 12] == 0x08 &&
		  payload[VNET_HDR_LEN + 13] == 0x00;
	uint64_t t = t0;
	while (t - t0 < v->cfg.interpose_ns)
		t = measure_now();
	v->interpose_ns += measure_now() - t0;
	return ok || true; /* a firewall that admits everything: the cost is what we model */
}

static unsigned io_requests(struct vrio *v)
{
	unsigned work = 0;
	const uint8_t *f;
	uint32_t len;
	while (work < v->cfg.batch * v->n && afp_next(&v->io, &f, &len)) {
		work++;
		v->io_requests++;
		struct vrio_hdr h;
		int off = vrio_decap(f, len, &h);
		if (off < 0 || h.type != VRIO_NET_TX || h.queue != VRIO_Q_TX || h.device >= v->n ||
		    h.len < VNET_HDR_LEN + 14) {
			v->io_bad_header++;
		} else if (interpose(v, f + off, h.len)) {
			ssize_t w = write(v->taps[h.device], f + off, h.len);
			if (w != (ssize_t)h.len)
				v->io_tap_drops++;
			else
				v->io_delivered++;
		}
		afp_done(&v->io);
	}
	return work;
}

static unsigned io_responses(struct vrio *v)
{
	unsigned work = 0;
	static __thread uint8_t buf[VRIO_OVERHEAD + VNET_RX_BUF];
	for (unsigned i = 0; i < v->n; i++) {
		for (unsigned k = 0; k < v->cfg.batch; k++) {
			ssize_t got = read(v->taps[i], buf + VRIO_OVERHEAD, VNET_RX_BUF);
			if (got <= 0)
				break;
			work++;
			struct vrio_hdr h = {.version = VRIO_VERSION, .type = VRIO_NET_RX,
					     .device = (uint16_t)i, .queue = VRIO_Q_RX,
					     .req_id = v->io_req++, .len = (uint32_t)got};
			vrio_encap(buf, v->vm.mac, v->io.mac, &h);
			if (afp_send(&v->io, buf, VRIO_OVERHEAD + (size_t)got, NULL, 0))
				v->io_send_drops++;
			else
				v->io_responses++;
		}
	}
	return work;
}

void *vrio_iohost_run(void *arg)
{
	struct vrio *v = arg;
	int rc = cpu_pin(v->cfg.cpu);
	if (rc) {
		v->err = rc;
		return NULL;
	}
	bool warm = false, ended = false;
	uint64_t busy = 0, busy0 = 0, cpu0 = 0, wall0 = 0, del0 = 0, t = measure_now();
	while (!atomic_load_explicit(v->stop, memory_order_relaxed)) {
		unsigned work = io_requests(v) + io_responses(v);
		uint64_t now = measure_now();
		if (work)
			busy += now - t;
		t = now;
		if (!warm && now >= v->cfg.t_warm) {
			warm = true;
			cpu0 = measure_thread_cpu();
			wall0 = now;
			busy0 = busy;
			del0 = v->io_delivered;
		}
		if (warm && !ended && now >= v->cfg.t_end) {
			ended = true;
			v->win_cpu_ns = measure_thread_cpu() - cpu0;
			v->win_wall_ns = now - wall0;
			v->win_busy_ns = busy - busy0;
			v->win_delivered = v->io_delivered - del0;
		}
	}
	/* What the guest sent last may still sit in the ring: serve it before stopping. */
	for (int i = 0; i < 100 && io_requests(v); i++)
		;
	v->ring_kernel_drops += afp_kernel_drops(&v->io);
	return NULL;
}
