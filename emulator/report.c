/* report — see report.h. */
#include "report.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "measure.h"

void emu_metrics_put(struct emu_metrics *m, enum metric_id id, double v)
{
	const struct metric_def *d = metric_def(id);
	if (!d || !(d->who & MS_EMU) || m->put[id]) {
		fprintf(stderr, "vrioemu: internal error: metric %s %s\n", d ? d->name : "(no such id)",
			!d ? "" : m->put[id] ? "written twice" : "is not vrioemu's in metrics.def");
		abort();
	}
	m->put[id] = true;
	m->v[id] = v;
}

double emu_metrics_get(const struct emu_metrics *m, enum metric_id id)
{
	return (unsigned)id < METRIC_COUNT && m->put[id] ? m->v[id] : NAN;
}

void emu_metrics_print(const struct emu_metrics *m, FILE *f)
{
	for (int i = 0; i < METRIC_COUNT; i++) {
		const struct metric_def *d = metric_def(i);
		if (m->put[i] && (m->v[i] != 0 || d->who == MS_BOTH))
			fprintf(f, "  %-30s %14.6g %s\n", d->name, m->v[i], d->unit);
	}
}

int emu_metrics_write(const struct emu_metrics *m, const char *path, const char *stamp,
		      const char *run_id, const char *scenario, const char *model,
		      unsigned long seed)
{
	struct csvout c = {0};
	int rc = csvout_open(&c, path, stamp);
	if (rc)
		return rc;
	snprintf(c.run_id, sizeof(c.run_id), "%s", run_id);
	snprintf(c.scenario, sizeof(c.scenario), "%s", scenario);
	snprintf(c.model, sizeof(c.model), "%s", model);
	c.seed = seed;
	for (int i = 0; i < METRIC_COUNT; i++)
		if (m->put[i])
			csvout_row(&c, i, m->v[i]);
	return csvout_close(&c) ? -EIO : 0;
}

void devtot_sum(struct devtot *t, const struct vnet_dev *devs, unsigned n)
{
	memset(t, 0, sizeof(*t));
	for (unsigned i = 0; i < n; i++) {
		const struct vnet_dev *d = &devs[i];
		t->tx_frames += d->tx_frames;
		t->rx_frames += d->rx_frames;
		t->irqs += d->irqs;
		t->irqs_suppressed += d->tx.interrupts_suppressed + d->rx.interrupts_suppressed;
		t->kicks_seen += d->kicks_seen;
		for (int k = 0; k < VNET_DROP_COUNT; k++)
			t->drops[k] += d->drops[k];
	}
	t->tx_drops = t->drops[VNET_DROP_BAD_DESC] + t->drops[VNET_DROP_BACKEND_FULL] +
		      t->drops[VNET_DROP_BACKEND_ERR];
	t->rx_drops = t->drops[VNET_DROP_RX_NO_BUF] + t->drops[VNET_DROP_RX_TOO_BIG];
}

/* Each drop reason's metric (a reason added to enum vnet_drop needs its line here and in
 * metrics.def: test_emu_units checks that every reason has a distinct device_drop_ metric). */
static const enum metric_id drop_metric[VNET_DROP_COUNT] = {
	[VNET_DROP_BAD_DESC] = METRIC_device_drop_bad_descriptor,
	[VNET_DROP_BACKEND_FULL] = METRIC_device_drop_backend_full,
	[VNET_DROP_BACKEND_ERR] = METRIC_device_drop_backend_error,
	[VNET_DROP_RX_NO_BUF] = METRIC_device_drop_rx_no_buffer,
	[VNET_DROP_RX_TOO_BIG] = METRIC_device_drop_rx_too_big,
	[VNET_DROP_RING_FAULT] = METRIC_device_drop_ring_fault,
};

static double per(double x, double n) { return n ? x / n : 0; }

void report_run(struct emu_metrics *m, const struct run_report *r)
{
	const struct opts *o = r->o;
	const struct guest_stats *s = r->guest;
	const struct devtot *t = r->dev;
	const struct vrio *v = r->vrio;
	const struct poller *p = r->poller;
	const bool vrio = o->mode == MODE_VRIO;
	/* elvis' sidecore and vrio's IOhost core poll; trap's vhost thread sleeps on kicks. */
	const bool polling = o->mode != MODE_TRAP;
	/* The measured window, by the guest's clock (1 ns when empty: zero counts, zero rates). */
	const double win = s->win_wall_ns ? s->win_wall_ns * 1e-9 : 1e-9;
	const unsigned per_req = o->workload == GUEST_RR ? 2 : 1; /* frames per request */
	const double rps = s->win_completed / win;
	/* The I/O thread: the polling core, the vhost thread or the IOhost core. */
	const double io_cpu = vrio ? v->win_cpu_ns : p->win_cpu_ns;
	const double io_wall = vrio ? v->win_wall_ns : p->win_wall_ns;
	const double io_busy = vrio ? v->win_busy_ns : p->win_busy_ns;
	const double wc = (double)s->win_completed;

	EMU_PUT(m, throughput_rps, rps);
	EMU_PUT(m, throughput_gbps, (double)s->win_bytes * per_req * 8 / win / 1e9);
	EMU_PUT(m, latency_mean_us, per((double)s->lat.sum, (double)s->lat.count) / 1e3);
	EMU_PUT(m, latency_p50_us, hist_quantile(&s->lat, 0.50) / 1e3);
	EMU_PUT(m, latency_p99_us, hist_quantile(&s->lat, 0.99) / 1e3);
	EMU_PUT(m, latency_p999_us, hist_quantile(&s->lat, 0.999) / 1e3);
	EMU_PUT(m, kicks_per_s, s->win_kicks / win);
	EMU_PUT(m, interrupts_per_s, s->win_irqs / win);
	EMU_PUT(m, sidecore_busy, polling ? per(io_busy, io_wall) : 0);
	EMU_PUT(m, sidecore_cpu, polling ? per(io_cpu, io_wall) : 0);
	EMU_PUT(m, io_cores, polling ? 1 : 0);
	EMU_PUT(m, requests_issued, s->issued);
	EMU_PUT(m, requests_completed, s->completed);
	EMU_PUT(m, requests_dropped, s->dropped_device + s->dropped_ring_full + s->timeouts);
	EMU_PUT(m, requests_inflight_end, s->inflight_end);

	EMU_PUT(m, throughput_pps, rps * per_req);
	EMU_PUT(m, latency_max_us, s->lat.max / 1e3);
	EMU_PUT(m, window_s, s->win_wall_ns * 1e-9);
	EMU_PUT(m, dropped_guest_ring_full, s->dropped_ring_full);
	EMU_PUT(m, dropped_rr_timeout, s->timeouts);
	EMU_PUT(m, dropped_by_device, s->dropped_device);
	for (int k = 0; k < VNET_DROP_COUNT; k++)
		emu_metrics_put(m, drop_metric[k], t->drops[k]);
	if (vrio) {
		/* The IOhost core's own count over its own window. */
		EMU_PUT(m, throughput_delivered_pps, per(v->win_delivered, v->win_wall_ns * 1e-9));
		EMU_PUT(m, vrio_iohost_requests, v->io_requests);
		EMU_PUT(m, vrio_iohost_delivered, v->io_delivered);
		EMU_PUT(m, vrio_lost_in_transit, (double)t->tx_frames - v->io_requests -
							 v->ring_kernel_drops);
		EMU_PUT(m, vrio_front_tx_drops, v->front_tx_drops);
		EMU_PUT(m, vrio_iohost_drop_bad_header, v->io_bad_header);
		EMU_PUT(m, vrio_iohost_drop_tap_full, v->io_tap_drops);
		EMU_PUT(m, vrio_iohost_drop_send, v->io_send_drops);
		EMU_PUT(m, vrio_ring_drops_kernel, v->ring_kernel_drops);
		EMU_PUT(m, vrio_interpose_ns_per_req, per(v->interpose_ns, v->io_requests));
		EMU_PUT(m, vrio_wire_ns_per_frame, per(v->win_front_tx_ns, v->win_front_tx));
	}
	EMU_PUT(m, late_replies, s->late_replies);
	EMU_PUT(m, rx_unexpected, s->rx_unexpected);
	EMU_PUT(m, kicks, s->kicks);
	EMU_PUT(m, kicks_suppressed, s->kicks_suppressed);
	EMU_PUT(m, interrupts, t->irqs);
	EMU_PUT(m, interrupts_suppressed, t->irqs_suppressed);
	EMU_PUT(m, io_cpu_ns_per_req, per(io_cpu, wc));
	EMU_PUT(m, io_wall_ns_per_req, per(io_wall, wc));
	EMU_PUT(m, io_busy_ns_per_req, per(io_busy, wc));
	if (o->mode == MODE_ELVIS) {
		/* The parts of a spinning pass: TX work per frame, and a pass that finds nothing. */
		EMU_PUT(m, io_tx_ns_per_req, per(p->win_tx_ns, wc));
		EMU_PUT(m, io_tx_ns_p50, hist_quantile(&p->win_tx_hist, 0.5));
		EMU_PUT(m, poll_idle_ns_per_pass, per(p->win_idle_ns, p->win_idle_iters));
	}
	EMU_PUT(m, guest_cpu_ns_per_req, per(s->win_cpu_ns, wc));
	EMU_PUT(m, io_thread_busy, per(io_busy, io_wall));
	EMU_PUT(m, io_thread_cpu, per(io_cpu, io_wall));
	const struct snmp *p0 = &r->peer0, *p1 = &r->peer1;
	if (p0->udp_in >= 0 && p1->udp_in >= 0) {
		EMU_PUT(m, peer_udp_in_datagrams, p1->udp_in - p0->udp_in);
		EMU_PUT(m, peer_udp_rcvbuf_errors, p1->udp_rcvbuf - p0->udp_rcvbuf);
		EMU_PUT(m, peer_udp_in_errors, p1->udp_inerr - p0->udp_inerr);
		EMU_PUT(m, peer_udp_noports, p1->udp_noports - p0->udp_noports);
	}
	EMU_PUT(m, loadavg_before, r->load0);
	EMU_PUT(m, loadavg_after, r->load1);
	EMU_PUT(m, cpu_used_before, r->cpu_used);
	EMU_PUT(m, machine_busy, r->busy);
	EMU_PUT(m, stale_namespaces_removed, r->stale_removed);
}

void report_bench(struct emu_metrics *m, const struct bench_report *b)
{
	double slowest = fmin(b->tap_pps, b->afp_pps);
	EMU_PUT(m, raw_tap_write_pps, b->tap_pps);
	EMU_PUT(m, sidecore_forward_pps, b->elvis_pps);
	EMU_PUT(m, sidecore_ratio, per(b->elvis_pps, b->tap_pps));
	EMU_PUT(m, raw_afpacket_send_pps, b->afp_pps);
	EMU_PUT(m, vrio_forward_pps, b->vrio_pps);
	EMU_PUT(m, vrio_slowest_stage_pps, slowest);
	EMU_PUT(m, vrio_ratio, per(b->vrio_pps, slowest));
	EMU_PUT(m, frame_bytes, b->frame);
	EMU_PUT(m, loadavg_before, b->load0);
	EMU_PUT(m, loadavg_after, b->load1);
	EMU_PUT(m, cpu_used_before, b->cpu_used);
	EMU_PUT(m, machine_busy, b->busy);
}
