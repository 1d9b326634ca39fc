/*
 * notify — exits and interrupts, charged and counted.
 */
#include "notify.h"

double notify_kick_exit(const struct vs_params *p, struct cpu *cpu, struct meter *m)
{
	meter_count(m, &m->w_kicks, 1);
	meter_count(m, &m->w_exits, 1);
	cpu_run(cpu, p->exit_direct_cycles + p->exit_indirect_cycles, CPU_EXIT);
	return p->notify_cycles / cpu->hz + p->wakeup_us * 1e-6;
}

void notify_kick_exitless(struct meter *m) { meter_count(m, &m->w_kicks, 1); }

void notify_take_interrupt(const struct vs_params *p, struct meter *m, enum irq_kind kind,
			   double *cycles)
{
	meter_count(m, &m->w_interrupts, 1);
	if (kind == IRQ_INJECTED) {
		double exit_cycles = p->irq_inject_cycles + p->exit_indirect_cycles;
		int exits = 1;
		if (!p->eli) {
			exit_cycles += p->eoi_cycles + p->exit_indirect_cycles;
			exits++;
		}
		meter_count(m, &m->w_exits, (uint64_t)exits);
		cycles[CPU_EXIT] += exit_cycles;
	}
	cycles[CPU_GUEST] += p->guest_irq_cycles * (kind == IRQ_HOST ? 1.0 : p->virt_overhead);
}
