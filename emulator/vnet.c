/* vnet — see vnet.h. */
#include "vnet.h"

#include <errno.h>
#include <string.h>
#include <unistd.h>

/* Indirect tables are guest memory like any other buffer. */
static const struct vring_desc *translate(void *opaque, uint64_t addr, uint32_t len)
{
	return shm_dev(opaque, addr, len);
}

void vnet_dev_init(struct vnet_dev *d, const struct vnet_port *p, const struct shm_region *shm)
{
	memset(d, 0, sizeof(*d));
	d->port = p;
	d->shm = shm;
	vring_device_init(&d->tx, shm_dev(shm, p->tx_ring, vring_mem_size(p->num)), p->num,
			  p->event_idx);
	vring_device_init(&d->rx, shm_dev(shm, p->rx_ring, vring_mem_size(p->num)), p->num,
			  p->event_idx);
	d->tx.translate = d->rx.translate = translate;
	d->tx.translate_opaque = d->rx.translate_opaque = (void *)shm;
}

/* A rejected chain is a dropped frame: mirror the ring's own fault counters. */
static void update_faults(struct vnet_dev *d)
{
	d->drops[VNET_DROP_RING_FAULT] = vring_device_faults(&d->tx) + vring_device_faults(&d->rx);
}

/* Resolve a chain's buffers of one direction into an iovec over the device's mapping. */
static int chain_iov(const struct vnet_dev *d, const struct vring_chain *c, bool writable,
		     struct iovec *iov, int *iovcnt, uint32_t *total)
{
	int n = 0;
	uint32_t sum = 0;
	for (unsigned i = 0; i < c->n; i++) {
		if (c->bufs[i].device_writes != writable)
			continue;
		void *p = shm_dev(d->shm, c->bufs[i].addr, c->bufs[i].len);
		if (!p)
			return -EFAULT;
		iov[n].iov_base = p;
		iov[n].iov_len = c->bufs[i].len;
		sum += c->bufs[i].len;
		n++;
	}
	*iovcnt = n;
	*total = sum;
	return 0;
}

unsigned vnet_tx_serve(struct vnet_dev *d, unsigned budget, vnet_send_fn send, void *ctx)
{
	unsigned done = 0;
	struct vring_chain c;
	struct iovec iov[VRING_CHAIN_MAX];
	while (done < budget) {
		int rc = vring_device_pop(&d->tx, &c);
		if (rc == -EAGAIN)
			break;
		if (rc < 0) { /* malformed: the queue is stopped, nothing to return */
			update_faults(d);
			break;
		}
		done++;
		int n;
		uint32_t len;
		uint32_t status = 0;
		if (chain_iov(d, &c, false, iov, &n, &len) || len < VNET_HDR_LEN + 14 ||
		    len > VNET_HDR_LEN + PKT_MAX_FRAME + 18) {
			d->drops[VNET_DROP_BAD_DESC]++;
			status = VNET_TX_DROPPED;
		} else {
			rc = send(ctx, d, iov, n, len);
			if (rc == 0) {
				d->tx_frames++;
				d->tx_bytes += len - VNET_HDR_LEN;
			} else {
				d->drops[rc == -EAGAIN || rc == -ENOBUFS ? VNET_DROP_BACKEND_FULL
									 : VNET_DROP_BACKEND_ERR]++;
				status = VNET_TX_DROPPED;
			}
		}
		vring_device_push(&d->tx, c.head, status);
	}
	return done;
}

int vnet_rx_reserve(struct vnet_dev *d, struct iovec *iov, int *iovcnt)
{
	uint32_t len;
	while (!d->rx_held) {
		int rc = vring_device_pop(&d->rx, &d->rx_chain);
		if (rc == -EAGAIN)
			return -EAGAIN;
		if (rc < 0) {
			update_faults(d);
			return -EPROTO;
		}
		if (chain_iov(d, &d->rx_chain, true, iov, iovcnt, &len) || len < VNET_HDR_LEN) {
			/* Unusable buffer: give it back empty and try the next one. */
			d->drops[VNET_DROP_BAD_DESC]++;
			vring_device_push(&d->rx, d->rx_chain.head, 0);
			continue;
		}
		d->rx_held = true;
		return 0;
	}
	return chain_iov(d, &d->rx_chain, true, iov, iovcnt, &len);
}

void vnet_rx_commit(struct vnet_dev *d, uint32_t len)
{
	/* The tap leaves num_buffers alone; without mergeable buffers it is always 1. */
	struct iovec iov[VRING_CHAIN_MAX];
	int n;
	uint32_t total;
	if (!chain_iov(d, &d->rx_chain, true, iov, &n, &total) && iov[0].iov_len >= VNET_HDR_LEN) {
		uint8_t *h = iov[0].iov_base;
		h[10] = 1;
		h[11] = 0;
	}
	vring_device_push(&d->rx, d->rx_chain.head, len);
	d->rx_held = false;
	d->rx_frames++;
	d->rx_bytes += len - VNET_HDR_LEN;
}

int vnet_rx_deliver(struct vnet_dev *d, const struct iovec *src, int srccnt, uint32_t len)
{
	struct iovec dst[VRING_CHAIN_MAX];
	int n;
	int rc = vnet_rx_reserve(d, dst, &n);
	if (rc) {
		int why = rc == -EAGAIN ? VNET_DROP_RX_NO_BUF : VNET_DROP_RING_FAULT;
		if (why == VNET_DROP_RX_NO_BUF)
			d->drops[why]++;
		return why;
	}
	uint32_t room = 0;
	for (int i = 0; i < n; i++)
		room += (uint32_t)dst[i].iov_len;
	if (len > room) {
		d->drops[VNET_DROP_RX_TOO_BIG]++;
		return VNET_DROP_RX_TOO_BIG; /* keep holding the chain for the next frame */
	}
	/* Scatter src into dst. */
	int si = 0, di = 0;
	size_t so = 0, dof = 0;
	uint32_t left = len;
	while (left) {
		size_t k = src[si].iov_len - so;
		if (k > dst[di].iov_len - dof)
			k = dst[di].iov_len - dof;
		if (k > left)
			k = left;
		memcpy((char *)dst[di].iov_base + dof, (const char *)src[si].iov_base + so, k);
		so += k;
		dof += k;
		left -= (uint32_t)k;
		if (so == src[si].iov_len) {
			si++;
			so = 0;
		}
		if (dof == dst[di].iov_len) {
			di++;
			dof = 0;
		}
		if (left && (si >= srccnt || di >= n))
			break;
	}
	vnet_rx_commit(d, len - left);
	return 0;
}

static void signal_ring(struct vnet_dev *d, struct vring_device *v)
{
	if (vring_device_notify_prepare(v) && d->port->irq_fd >= 0) {
		uint64_t one = 1;
		/* An eventfd write cannot fail short of counter overflow; an extra or a lost
		 * increment only coalesces interrupts, which the guest tolerates. */
		if (write(d->port->irq_fd, &one, sizeof(one)) == sizeof(one))
			d->irqs++;
	}
}

void vnet_signal(struct vnet_dev *d)
{
	signal_ring(d, &d->tx);
	signal_ring(d, &d->rx);
}

uint64_t vnet_drops_total(const struct vnet_dev *d)
{
	uint64_t n = 0;
	for (int i = 0; i < VNET_DROP_COUNT; i++)
		n += d->drops[i];
	return n;
}
