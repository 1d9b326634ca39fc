/*
 * cpu — sleep on a dedicated core; on a shared one, the scheduler's run queues or SimGrid's
 * processor sharing.
 */
#include "cpu.h"

#include <math.h>
#include <simgrid/actor.h>
#include <simgrid/engine.h>

#include "bug.h"
#include "sched.h"
#include "vclock.h"

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

void cpu_defer(struct cpu *c, double t0, double t1, const double cpu_s[CPU_USE_COUNT])
{
	VS_BUG_ON(c->n_deferred >= 2, "a third deferred account");
	c->deferred[c->n_deferred].t0 = t0;
	c->deferred[c->n_deferred].t1 = t1;
	for (int u = 0; u < CPU_USE_COUNT; u++)
		c->deferred[c->n_deferred].cpu_s[u] = cpu_s[u];
	c->n_deferred++;
}

void cpu_undefer(struct cpu *c)
{
	if (c->n_deferred)
		c->n_deferred--;
}

void cpu_defer_end(struct cpu *c, double t1)
{
	if (c->n_deferred)
		c->deferred[c->n_deferred - 1].t1 = t1;
	cpu_settle(c, INFINITY);
}

void cpu_settle(struct cpu *c, double now)
{
	int k = 0;
	for (; k < c->n_deferred && c->deferred[k].t1 < now; k++)
		for (int u = 0; u < CPU_USE_COUNT; u++)
			if (c->deferred[k].cpu_s[u] > 0)
				cpu_account(c, c->deferred[k].t0, c->deferred[k].t1,
					    c->deferred[k].cpu_s[u], (enum cpu_use)u);
	for (int j = k; j < c->n_deferred; j++)
		c->deferred[j - k] = c->deferred[j];
	c->n_deferred -= k;
}

/* One run under the scheduler: its segments, switch overhead or a share of its work (split
 * by use as its cycles are). */
struct run_acct {
	struct cpu *c;
	const double *cycles;
};

static void account_segment(void *ctx, enum sched_seg seg, double t0, double t1, double share)
{
	struct run_acct *a = ctx;
	if (seg == SCHED_SEG_SWITCH) {
		cpu_account(a->c, t0, t1, t1 - t0, CPU_SCHED);
		return;
	}
	for (int u = 0; u < CPU_USE_COUNT; u++)
		if (a->cycles[u] > 0)
			cpu_account(a->c, t0, t1, share * (a->cycles[u] / a->c->hz), (enum cpu_use)u);
}

void cpu_run_mix(struct cpu *c, const double cycles[CPU_USE_COUNT])
{
	double total = cpu_cycles(cycles);
	if (total <= 0)
		return;
	if (c->thread) {
		struct run_acct a = { c, cycles };
		sched_run(c->thread, total / c->hz, account_segment, &a);
		return;
	}
	double t0 = vs_now();
	if (c->shared)
		vs_execute(total); /* the host's speed is in cycles/s: flops == cycles */
	else
		vs_sleep_for(total / c->hz);
	double t1 = vs_now();
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

void cpu_block(struct cpu *c)
{
	if (c->thread)
		sched_block(c->thread);
}

void cpu_halt(struct cpu *c, double poll_s)
{
	if (c->thread)
		sched_halt(c->thread, poll_s);
}

double cpu_halt_poll_until(struct cpu *c)
{
	return c->thread ? sched_poll_until(c->thread) : __builtin_inf();
}

bool cpu_unhalt(struct cpu *c, double t_halt, double poll_s)
{
	double t = vs_now();
	if (c->thread) {
		double poll_end;
		bool polled = sched_unhalt(c->thread, &poll_end);
		if (poll_end > t_halt)
			cpu_account(c, t_halt, poll_end, poll_end - t_halt, CPU_HALT_POLL);
		return polled;
	}
	/* Dedicated, or processor sharing: KVM's poll catches an idle shorter than its window.
	 * Only a dedicated core's spinning is accounted (processor sharing has no run queue to
	 * tell whether the core had something else to run). */
	double idle = t - t_halt;
	if (idle > poll_s)
		return false;
	if (!c->shared)
		cpu_account(c, t_halt, t_halt + idle, idle, CPU_HALT_POLL);
	return true;
}

bool cpu_unhalt_at(struct cpu *c, double t_halt, double poll_s, double t)
{
	VS_BUG_ON(c->shared || c->thread, "a shared core cannot act ahead of time");
	double idle = t - t_halt, s[CPU_USE_COUNT] = { 0 };
	if (idle > poll_s)
		return false;
	s[CPU_HALT_POLL] = idle;
	cpu_defer(c, t_halt, t_halt + idle, s);
	return true;
}
