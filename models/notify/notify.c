/*
 * notify — exits and interrupts, charged and counted.
 */
#include "notify.h"

#include "rng.h"

double notify_kick_exit(const struct vs_params *p, struct cpu *cpu, struct meter *m, gsl_rng *rng)
{
	meter_count(m, &m->w_kicks, 1);
	meter_count(m, &m->w_exits, 1);
	cpu_run(cpu, rng_cost(rng, p, p->exit_direct_cycles + p->exit_indirect_cycles), CPU_EXIT);
	return rng_cost(rng, p, p->notify_cycles) / cpu->hz + rng_cost(rng, p, p->wakeup_us * 1e-6);
}

void notify_kick_exitless(struct meter *m) { meter_count(m, &m->w_kicks, 1); }

void notify_take_interrupt(const struct vs_params *p, struct meter *m, enum irq_kind kind,
			   gsl_rng *rng, double *cycles, double t)
{
	meter_count_at(m, &m->w_interrupts, 1, t);
	if (kind == IRQ_INJECTED) {
		double exit_cycles = p->irq_inject_cycles + p->exit_indirect_cycles;
		int exits = 1;
		if (!p->eli) {
			exit_cycles += p->eoi_cycles + p->exit_indirect_cycles;
			exits++;
		}
		meter_count_at(m, &m->w_exits, (uint64_t)exits, t);
		cycles[CPU_EXIT] += rng_cost(rng, p, exit_cycles);
	}
	cycles[CPU_GUEST] += rng_cost(rng, p, p->guest_irq_cycles) *
			     (kind == IRQ_HOST ? 1.0 : p->virt_overhead);
}

void notify_halt_exit(const struct vs_params *p, struct meter *m, gsl_rng *rng, double *cycles)
{
	meter_count(m, &m->w_exits, 1);
	meter_count(m, &m->w_halt_exits, 1);
	cycles[CPU_EXIT] += rng_cost(rng, p, p->exit_direct_cycles + p->exit_indirect_cycles);
}
