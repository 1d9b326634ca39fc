/*
 * device — network peers and block devices, local or consolidated.
 */
#include "device.h"

#include <simgrid/engine.h>

#include "blockdev.h"
#include "vcpu.h"
#include "rng.h"
#include "wire.h"

#define BLK_HDR_WIRE 16u   /* virtio-blk header carried to a remote device */
#define BLK_STATUS_WIRE 1u

static double serve_block(const struct devices *d, struct wire_port *from, bool at_iohost,
			  struct request *q, double now)
{
	struct vcpu *v = q->vcpu;
	bool remote = !at_iohost && d->p->dev_placement == PLACE_IOHOST;
	if (!remote)
		return blockdev_submit(at_iohost ? d->iohost_dev : v->dev, now, q->bytes);
	/* A remote device: the request (with data for writes) over the wire, the I/O at the IOhost,
	 * the status (with data for reads) back. */
	uint32_t out = BLK_HDR_WIRE + (q->write ? q->bytes : 0);
	uint32_t back = BLK_STATUS_WIRE + (q->write ? 0 : q->bytes);
	struct wire_times go = wire_send(d->wire, from, d->iohost_port, simgrid_get_clock(), now,
					 out, PROTO_HDR_BYTES);
	double done = blockdev_submit(d->iohost_dev, go.arrive, q->bytes);
	return wire_send(d->wire, d->iohost_port, from, simgrid_get_clock(), done, back,
			 PROTO_HDR_BYTES).arrive;
}

double device_serve(const struct devices *d, struct wire_port *from, bool at_iohost,
		    struct request *q, double now)
{
	const struct vs_params *p = d->p;
	if (d->block)
		return serve_block(d, from, at_iohost, q, now);
	struct vcpu *v = q->vcpu;
	struct wire_times go = wire_send(d->wire, from, v->peer_port, simgrid_get_clock(), now,
					 q->bytes, PROTO_HDR_BYTES);
	if (!q->resp_bytes)
		return go.depart;
	double service = p->peer_us * 1e-6 + rng_draw(v->rng, &p->service_dist, p->service_us * 1e-6);
	return wire_send(d->wire, v->peer_port, from, simgrid_get_clock(), go.arrive + service,
			 q->resp_bytes, PROTO_HDR_BYTES).arrive;
}
