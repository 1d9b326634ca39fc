/*
 * metrics — one formula per simulator metric of the schema.
 */
#include "metrics.h"

#include "bug.h"

static const char *const util_names[UTIL_COUNT] = {
	[UTIL_VCPU] = "vcpu",
	[UTIL_VMHOST_CORES] = "vmhost_cores",
	[UTIL_SIDECORE] = "sidecore",
	[UTIL_VMHOST_PORT_TX] = "vmhost_tx",
	[UTIL_VMHOST_PORT_RX] = "vmhost_rx",
	[UTIL_IOHOST_PORT_TX] = "iohost_tx",
	[UTIL_IOHOST_PORT_RX] = "iohost_rx",
	[UTIL_CLIENT_PORT_TX] = "client_tx",
	[UTIL_CLIENT_PORT_RX] = "client_rx",
	[UTIL_BLOCKDEV] = "blockdev",
};

const char *util_name(enum util_kind k) { return (unsigned)k < UTIL_COUNT ? util_names[k] : "?"; }

typedef double (*metric_fn)(const struct metric_ctx *c);

static double throughput_rps(const struct metric_ctx *c) { return c->m->w_completed / c->window; }
static double throughput_gbps(const struct metric_ctx *c) { return c->m->w_bytes * 8 / c->window / 1e9; }
static double latency_mean_us(const struct metric_ctx *c) { return c->latency->mean * 1e6; }
static double latency_p50_us(const struct metric_ctx *c) { return c->latency->p50 * 1e6; }
static double latency_p99_us(const struct metric_ctx *c) { return c->latency->p99 * 1e6; }
static double latency_p999_us(const struct metric_ctx *c) { return c->latency->p999 * 1e6; }
static double exits_per_s(const struct metric_ctx *c) { return c->m->w_exits / c->window; }
static double kicks_per_s(const struct metric_ctx *c) { return c->m->w_kicks / c->window; }
static double interrupts_per_s(const struct metric_ctx *c) { return c->m->w_interrupts / c->window; }

/* The polling cores' seconds in service in the window: not parked by a dynamic policy. */
static double in_service_s(const struct metric_ctx *c)
{
	return c->sidecores * c->window - c->parked_core_s;
}

static double sidecore_busy(const struct metric_ctx *c)
{
	double sc = c->sidecores, s = in_service_s(c);
	return sc && s > 0 ? c->m->io_busy_s / s : 0;
}

/* A polling core consumes its whole core, whatever the load, unless a dynamic policy parks it:
 * then its core is free. */
static double sidecore_cpu(const struct metric_ctx *c)
{
	return c->sidecores ? in_service_s(c) / (c->sidecores * c->window) : 0.0;
}

static double vm_core_util(const struct metric_ctx *c)
{
	return (c->m->cpu_used[CPU_GUEST] + c->m->cpu_used[CPU_EXIT]) / (c->vm_cores * c->window);
}

static double io_cores(const struct metric_ctx *c) { return c->io_cores; }
static double cpu_guest_cores(const struct metric_ctx *c) { return c->m->cpu_used[CPU_GUEST] / c->window; }
static double cpu_exit_cores(const struct metric_ctx *c) { return c->m->cpu_used[CPU_EXIT] / c->window; }
static double cpu_io_cores(const struct metric_ctx *c) { return c->m->cpu_used[CPU_IO] / c->window; }

/* Dedicated cores in service minus their I/O work: what they spent polling (trap has none;
 * vhost threads' work is not a polling core's). */
static double cpu_poll_cores(const struct metric_ctx *c)
{
	double sc = c->sidecores;
	return in_service_s(c) / c->window -
	       (c->m->cpu_used[CPU_IO] - c->m->vhost_io_s) * (sc > 0) / c->window;
}

static double io_switches(const struct metric_ctx *c) { return (double)c->io_switches; }

static double requests_issued(const struct metric_ctx *c) { return (double)c->m->issued; }
static double requests_completed(const struct metric_ctx *c) { return (double)c->m->completed; }
static double requests_dropped(const struct metric_ctx *c) { return (double)c->m->dropped; }
static double requests_inflight_end(const struct metric_ctx *c) { return (double)c->inflight_end; }
static double halt_exits_per_s(const struct metric_ctx *c) { return c->m->w_halt_exits / c->window; }
static double cpu_halt_poll_cores(const struct metric_ctx *c) { return c->m->cpu_used[CPU_HALT_POLL] / c->window; }
static double cpu_sched_cores(const struct metric_ctx *c) { return c->m->cpu_used[CPU_SCHED] / c->window; }
static double ctx_switches_per_s(const struct metric_ctx *c) { return c->m->w_ctx_switches / c->window; }
static double requests_lost(const struct metric_ctx *c) { return (double)c->m->lost; }
static double drops_guest_tx(const struct metric_ctx *c) { return (double)c->m->w_drops[DROP_GUEST_TX]; }
static double drops_nic_tx(const struct metric_ctx *c) { return (double)c->m->w_drops[DROP_NIC_TX]; }
static double drops_switch(const struct metric_ctx *c) { return (double)c->m->w_drops[DROP_SWITCH]; }
static double drops_nic_rx(const struct metric_ctx *c) { return (double)c->m->w_drops[DROP_NIC_RX]; }
static double drops_guest_rx(const struct metric_ctx *c) { return (double)c->m->w_drops[DROP_GUEST_RX]; }
static double retransmits_per_s(const struct metric_ctx *c) { return c->m->w_retransmits / c->window; }

/* Drops in the window, or requests piling up through it: the offered load is not carried. */
static double unstable(const struct metric_ctx *c)
{
	for (int d = 0; d < DROP_PLACES; d++)
		if (c->m->w_drops[d])
			return 1;
	return meter_growing(c->m) ? 1 : 0;
}

static double util_vcpu(const struct metric_ctx *c) { return c->util[UTIL_VCPU]; }
static double util_vmhost_cores(const struct metric_ctx *c) { return c->util[UTIL_VMHOST_CORES]; }
static double util_sidecore(const struct metric_ctx *c) { return c->util[UTIL_SIDECORE]; }
static double util_vmhost_port_tx(const struct metric_ctx *c) { return c->util[UTIL_VMHOST_PORT_TX]; }
static double util_vmhost_port_rx(const struct metric_ctx *c) { return c->util[UTIL_VMHOST_PORT_RX]; }
static double util_iohost_port_tx(const struct metric_ctx *c) { return c->util[UTIL_IOHOST_PORT_TX]; }
static double util_iohost_port_rx(const struct metric_ctx *c) { return c->util[UTIL_IOHOST_PORT_RX]; }
static double util_client_port_tx(const struct metric_ctx *c) { return c->util[UTIL_CLIENT_PORT_TX]; }
static double util_client_port_rx(const struct metric_ctx *c) { return c->util[UTIL_CLIENT_PORT_RX]; }
static double util_blockdev(const struct metric_ctx *c) { return c->util[UTIL_BLOCKDEV]; }
static double drops_fault(const struct metric_ctx *c) { return (double)c->m->w_drops[DROP_FAULT]; }
static double fault_recovery_ms(const struct metric_ctx *c) { return c->fault_recovery_ms; }
static double fault_unavailable_ms(const struct metric_ctx *c) { return c->fault_unavailable_ms; }
static double fairness_jain(const struct metric_ctx *c) { return c->fairness; }
static double cost_usd_(const struct metric_ctx *c) { return cost_usd(c->p, &c->shape); }
static double power_w(const struct metric_ctx *c) { return cost_power_w(c->p, &c->shape); }

/* The resource nearest saturation: its utilisation (the unit column names it). */
static enum util_kind busiest(const struct metric_ctx *c)
{
	enum util_kind b = UTIL_VCPU;
	for (int k = 1; k < UTIL_COUNT; k++)
		if (c->util[k] > c->util[b])
			b = (enum util_kind)k;
	return b;
}

static double bottleneck(const struct metric_ctx *c) { return c->util[busiest(c)]; }

/* The registry: the formula of every simulator metric, by schema id. */
static const metric_fn formulas[METRIC_COUNT] = {
	[METRIC_throughput_rps] = throughput_rps,
	[METRIC_throughput_gbps] = throughput_gbps,
	[METRIC_latency_mean_us] = latency_mean_us,
	[METRIC_latency_p50_us] = latency_p50_us,
	[METRIC_latency_p99_us] = latency_p99_us,
	[METRIC_latency_p999_us] = latency_p999_us,
	[METRIC_exits_per_s] = exits_per_s,
	[METRIC_kicks_per_s] = kicks_per_s,
	[METRIC_interrupts_per_s] = interrupts_per_s,
	[METRIC_sidecore_busy] = sidecore_busy,
	[METRIC_sidecore_cpu] = sidecore_cpu,
	[METRIC_vm_core_util] = vm_core_util,
	[METRIC_io_cores] = io_cores,
	[METRIC_cpu_guest_cores] = cpu_guest_cores,
	[METRIC_cpu_exit_cores] = cpu_exit_cores,
	[METRIC_cpu_io_cores] = cpu_io_cores,
	[METRIC_cpu_poll_cores] = cpu_poll_cores,
	[METRIC_io_switches] = io_switches,
	[METRIC_requests_issued] = requests_issued,
	[METRIC_requests_completed] = requests_completed,
	[METRIC_requests_dropped] = requests_dropped,
	[METRIC_requests_inflight_end] = requests_inflight_end,
	[METRIC_halt_exits_per_s] = halt_exits_per_s,
	[METRIC_cpu_halt_poll_cores] = cpu_halt_poll_cores,
	[METRIC_cpu_sched_cores] = cpu_sched_cores,
	[METRIC_ctx_switches_per_s] = ctx_switches_per_s,
	[METRIC_requests_lost] = requests_lost,
	[METRIC_drops_guest_tx] = drops_guest_tx,
	[METRIC_drops_nic_tx] = drops_nic_tx,
	[METRIC_drops_switch] = drops_switch,
	[METRIC_drops_nic_rx] = drops_nic_rx,
	[METRIC_drops_guest_rx] = drops_guest_rx,
	[METRIC_retransmits_per_s] = retransmits_per_s,
	[METRIC_unstable] = unstable,
	[METRIC_util_vcpu] = util_vcpu,
	[METRIC_util_vmhost_cores] = util_vmhost_cores,
	[METRIC_util_sidecore] = util_sidecore,
	[METRIC_util_vmhost_port_tx] = util_vmhost_port_tx,
	[METRIC_util_vmhost_port_rx] = util_vmhost_port_rx,
	[METRIC_util_iohost_port_tx] = util_iohost_port_tx,
	[METRIC_util_iohost_port_rx] = util_iohost_port_rx,
	[METRIC_util_client_port_tx] = util_client_port_tx,
	[METRIC_util_client_port_rx] = util_client_port_rx,
	[METRIC_util_blockdev] = util_blockdev,
	[METRIC_bottleneck] = bottleneck,
	[METRIC_fairness_jain] = fairness_jain,
	[METRIC_drops_fault] = drops_fault,
	[METRIC_fault_recovery_ms] = fault_recovery_ms,
	[METRIC_fault_unavailable_ms] = fault_unavailable_ms,
	[METRIC_cost_usd] = cost_usd_,
	[METRIC_power_w] = power_w,
};

void metrics_compute(const struct metric_ctx *c, struct vs_results *res)
{
	res->n = 0;
	for (int id = 0; id < METRIC_COUNT; id++) {
		const struct metric_def *d = metric_def((enum metric_id)id);
		if (!(d->who & MS_SIM))
			continue;
		/* A schema line for the simulator without its formula here is a bug of ours. */
		if (!formulas[id])
			vs_bug(__FILE__, __LINE__, "formulas[id]", "metric %s has no formula", d->name);
		/* The bottleneck's unit column names the resource. */
		const char *unit = id == METRIC_bottleneck ? util_name(busiest(c)) : d->unit;
		res->m[res->n++] = (struct vs_metric){ d->name, formulas[id](c), unit };
	}
}
