/*
 * cost — dollars and watts of a configuration (see cost.h).
 */
#include "cost.h"

#include <math.h>

/* Sockets of a server of @cores cores. */
static int sockets(const struct vs_cost *c, int cores)
{
	return (cores + c->cpu_cores - 1) / c->cpu_cores;
}

/* A server of @cores cores: its chassis by whole sockets, its processors by the cores used. */
static double server_usd(const struct vs_cost *c, int cores)
{
	int s = sockets(c, cores);
	double chassis = s <= 2 ? c->server_2s_usd : ceil(s / 4.0) * c->server_4s_usd;
	return chassis + c->cpu_usd * cores / c->cpu_cores;
}

/* A server of @cores cores, @busy of them busy (cores' worth), in watts. */
static double server_w(const struct vs_cost *c, int cores, double busy)
{
	double peak = sockets(c, cores) * c->platform_w + c->cpu_w * cores / c->cpu_cores;
	double u = cores > 0 ? busy / cores : 0;
	u = u < 0 ? 0 : u > 1 ? 1 : u;
	return peak * (c->idle_ratio + (1 - c->idle_ratio) * u);
}

/* A port of @gbps relative to one of 10 Gb/s. */
static double port_scale(const struct vs_cost *c, double gbps) { return pow(gbps / 10, c->port_exp); }

static double iohost_gbps(const struct vs_params *p) { return p->iohost_gbps > 0 ? p->iohost_gbps : p->gbps; }

double cost_usd(const struct vs_params *p, const struct cost_shape *s)
{
	const struct vs_cost *c = &p->cost;
	double port = c->nic_usd + c->switch_port_usd;
	double usd = 0;
	for (int h = 0; h < p->vmhosts; h++) { /* each VMhost as its class makes it */
		struct vs_host vh;
		vs_host(p, h, &vh);
		usd += server_usd(c, vh.cores) + port * port_scale(c, vh.gbps);
	}
	usd += s->iohosts * (server_usd(c, p->iohost_cores) + port * port_scale(c, iohost_gbps(p)));
	return usd + s->devices * c->flash_usd;
}

double cost_power_w(const struct vs_params *p, const struct cost_shape *s)
{
	const struct vs_cost *c = &p->cost;
	double port = c->nic_w + c->switch_port_w;
	double w = 0;
	for (int h = 0; h < p->vmhosts; h++) {
		struct vs_host vh;
		vs_host(p, h, &vh);
		double busy = s->host_busy_cores ? s->host_busy_cores[h] : s->vmhost_busy_cores / p->vmhosts;
		w += server_w(c, vh.cores, busy) + port * port_scale(c, vh.gbps);
	}
	if (s->iohosts)
		w += s->iohosts * (server_w(c, p->iohost_cores, s->iohost_busy_cores / s->iohosts) +
				   port * port_scale(c, iohost_gbps(p)));
	return w + s->devices * c->flash_w;
}
