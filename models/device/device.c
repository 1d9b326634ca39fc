/*
 * device — network peers and block devices, local or consolidated.
 */
#include "device.h"

#include <simgrid/engine.h>

#include "blockdev.h"
#include "guest.h"
#include "pkt.h"
#include "rng.h"
#include "wire.h"
#include "workload.h"
#include "vclock.h"

#define BLK_HDR_WIRE 16u   /* virtio-blk header carried to a remote device */
#define BLK_STATUS_WIRE 1u

int device_drop_place(int d)
{
	return d == WIRE_DROP_NIC_TX ? DROP_NIC_TX : d == WIRE_DROP_FAULT ? DROP_FAULT : DROP_SWITCH;
}

/* A packet answering @q, of @kind and @bytes, sent from @src at @t toward @from. */
static void reply(const struct devices *d, struct wire_port *src, struct wire_port *from,
		  struct request *q, enum pkt_kind kind, uint32_t bytes, double t,
		  const struct device_sink *sink)
{
	struct wire_times w = wire_send(d->wire, src, from, vs_now(), t, bytes, PROTO_HDR_BYTES);
	if (w.drop) {
		meter_drop(d->meter, device_drop_place(w.drop), t);
		if (kind != PKT_ACK) /* a lost ACK is covered by the next one */
			guest_request_lost(q->vcpu, q, t);
		return;
	}
	struct pkt *p = pkt_get(d->pkts);
	if (!p) {
		guest_request_lost(q->vcpu, q, t); /* out of memory: as good as dropped */
		return;
	}
	p->kind = kind;
	p->dst = q->vcpu;
	p->req = q;
	p->req_id = q->id;
	p->bytes = bytes;
	p->frames = w.frames;
	if (kind != PKT_ACK || q->t_back < q->t_served)
		q->t_back = w.arrive;
	sink->arrive(sink->ctx, p, w.arrive);
}


static double serve_block(const struct devices *d, struct wire_port *from, bool at_iohost,
			  struct request *q, double now, const struct device_sink *sink)
{
	bool remote = !at_iohost && d->p->dev_placement == PLACE_IOHOST;
	if (!remote) {
		double done = blockdev_submit(at_iohost ? q->vcpu->iohost_dev : q->vcpu->dev, now, q->bytes);
		meter_deliver(d->meter, done, q->bytes);
		struct pkt *p = pkt_get(d->pkts);
		if (!p) {
			guest_request_lost(q->vcpu, q, now);
			return now;
		}
		*p = (struct pkt){ .kind = PKT_RESP, .dst = q->vcpu, .req = q, .req_id = q->id,
				   .bytes = q->bytes };
		q->t_back = done;
		sink->arrive(sink->ctx, p, done);
		return now;
	}
	/* A remote device: the request (with data for writes) over the wire, the I/O at the IOhost,
	 * the status (with data for reads) back. */
	uint32_t out = BLK_HDR_WIRE + (q->write ? q->bytes : 0);
	uint32_t back = BLK_STATUS_WIRE + (q->write ? 0 : q->bytes);
	struct wire_port *io = q->vcpu->iohost_port;
	struct wire_times go = wire_send(d->wire, from, io, vs_now(), now, out,
					 PROTO_HDR_BYTES);
	if (go.drop) {
		meter_drop(d->meter, device_drop_place(go.drop), now);
		guest_request_lost(q->vcpu, q, now);
		return go.depart > now ? go.depart : now;
	}
	double done = blockdev_submit(q->vcpu->iohost_dev, go.arrive, q->bytes);
	meter_deliver(d->meter, done, q->bytes);
	reply(d, io, from, q, PKT_RESP, back, done, sink);
	return go.depart;
}

/* The peer got a TCP-like send at @t: ACKs back to @from. */
static void peer_acks(const struct devices *d, struct wire_port *from, struct request *q,
		      double t, const struct device_sink *sink)
{
	const struct vs_params *p = d->p;
	struct vcpu *v = q->vcpu;
	uint32_t mss = (uint32_t)p->mtu > PROTO_HDR_BYTES ? (uint32_t)p->mtu - PROTO_HDR_BYTES : 1u;
	unsigned segments = (q->bytes + mss - 1) / mss;
	unsigned acks = flow_peer_acks(&v->flow, segments, (unsigned)p->delack_segments, p->gro);
	double at = t + rng_cost(v->rng, p, p->peer_ack_us * 1e-6);
	if (!acks) { /* a lone segment: the delayed-ACK timer answers it */
		at = t + p->delack_ms * 1e-3;
		acks = 1;
	}
	for (unsigned i = 0; i < acks; i++)
		reply(d, v->peer_port, from, q, PKT_ACK, 0, at, sink);
}

double device_serve(const struct devices *d, struct wire_port *from, bool at_iohost,
		    struct request *q, double now, const struct device_sink *sink)
{
	const struct vs_params *p = d->p;
	q->t_served = now;
	if (d->block)
		return serve_block(d, from, at_iohost, q, now, sink);
	struct vcpu *v = q->vcpu;
	struct wire_times go = wire_send(d->wire, from, v->peer_port, vs_now(), now,
					 q->bytes, PROTO_HDR_BYTES);
	if (go.drop) {
		meter_drop(d->meter, device_drop_place(go.drop), now);
		guest_request_lost(v, q, now);
		return go.depart > now ? go.depart : now;
	}
	meter_deliver(d->meter, go.arrive, q->bytes);
	q->t_back = go.depart; /* a send: done once it left (an answer will say otherwise) */
	if (q->resp_bytes) {
		double service = rng_cost(v->rng, p, p->peer_us * 1e-6) +
				 rng_draw(v->rng, &p->service_dist, p->service_us * 1e-6);
		reply(d, v->peer_port, from, q, PKT_RESP, q->resp_bytes, go.arrive + service, sink);
	} else if (v->flow.tcp) {
		peer_acks(d, from, q, go.arrive, sink);
	}
	return go.depart;
}
