/*
 * cpu — sleep on a dedicated core, execute on a shared one.
 */
#include "cpu.h"

#include <simgrid/actor.h>
#include <simgrid/engine.h>

void cpu_account(struct cpu *c, double t0, double t1, double cpu_s, enum cpu_use use)
{
	if (!c->used_s || t1 <= c->window_start)
		return;
	double span = t1 - t0;
	double in = t1 - (t0 > c->window_start ? t0 : c->window_start);
	double s = span > 0 ? cpu_s * (in / span) : cpu_s;
	c->used_s[use] += s;
	if (use == CPU_HALT_POLL)
		return; /* a spinning idle vCPU is not demand */
	if (c->busy_s)
		*c->busy_s += s;
	if (c->host_busy_s)
		*c->host_busy_s += s;
}

void cpu_run_mix(struct cpu *c, const double cycles[CPU_USE_COUNT])
{
	double total = 0;
	for (int u = 0; u < CPU_USE_COUNT; u++)
		total += cycles[u];
	if (total <= 0)
		return;
	double t0 = simgrid_get_clock();
	if (c->shared)
		sg_actor_execute(total); /* the host's speed is in cycles/s: flops == cycles */
	else
		sg_actor_sleep_for(total / c->hz);
	double t1 = simgrid_get_clock();
	for (int u = 0; u < CPU_USE_COUNT; u++)
		if (cycles[u] > 0)
			cpu_account(c, t0, t1, cycles[u] / c->hz, (enum cpu_use)u);
}

void cpu_run(struct cpu *c, double cycles, enum cpu_use use)
{
	double mix[CPU_USE_COUNT] = { 0 };
	mix[use] = cycles;
	cpu_run_mix(c, mix);
}
