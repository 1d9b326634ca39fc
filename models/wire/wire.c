/*
 * wire — FIFO serializers and fixed latencies, advanced by arithmetic.
 */
#include "wire.h"

void wire_framing(const struct wire_cfg *w, uint32_t payload, uint32_t hdr, uint32_t *frames,
		  uint64_t *wire_bytes)
{
	uint32_t per_frame = (uint32_t)w->mtu > hdr ? (uint32_t)w->mtu - hdr : 1u;
	uint32_t n = payload ? (payload + per_frame - 1) / per_frame : 1u;
	uint64_t bytes = 0;
	uint32_t left = payload;
	for (uint32_t i = 0; i < n; i++) {
		uint32_t seg = left > per_frame ? per_frame : left;
		uint32_t l2 = seg + hdr;
		bytes += (l2 < WIRE_MIN_PAYLOAD ? WIRE_MIN_PAYLOAD : l2) + WIRE_FRAME_OVERHEAD;
		left -= seg;
	}
	*frames = n;
	*wire_bytes = bytes;
}

struct wire_times wire_send(const struct wire_cfg *w, struct wire_port *src, struct wire_port *dst,
			    double now, uint32_t payload, uint32_t hdr)
{
	uint32_t frames;
	uint64_t bytes;
	wire_framing(w, payload, hdr, &frames, &bytes);
	double ser = (double)bytes * 8.0 / w->bps;

	double up_start = now + w->nic_s;
	if (src->up_busy > up_start)
		up_start = src->up_busy;
	src->up_busy = up_start + ser;
	src->frames_tx += frames;
	src->bytes_tx += bytes;

	/* Cut-through: the first bit leaves the switch after its latency, unless the port is busy. */
	double down_start = up_start + w->prop_s + w->switch_s;
	if (dst->down_busy > down_start)
		down_start = dst->down_busy;
	dst->down_busy = down_start + ser;

	struct wire_times t = { .depart = up_start + ser,
				.arrive = down_start + ser + w->prop_s + w->nic_s };
	return t;
}
