/*
 * notify — exits and interrupts, charged and counted.
 */
#include "notify.h"

#include <simgrid/engine.h>

#include "rack.h"

static void count(struct vcpu *v, uint64_t *counter, uint64_t n)
{
	if (rack_in_window(v->rack, simgrid_get_clock()))
		*counter += n;
}

double notify_kick_exit(struct vcpu *v)
{
	const struct vs_params *p = v->rack->p;
	count(v, &v->rack->c.w_kicks, 1);
	count(v, &v->rack->c.w_exits, 1);
	cpu_run(&v->cpu, p->exit_direct_cycles + p->exit_indirect_cycles, CPU_EXIT);
	return p->notify_cycles / v->rack->hz + p->wakeup_us * 1e-6;
}

void notify_kick_exitless(struct vcpu *v) { count(v, &v->rack->c.w_kicks, 1); }

void notify_take_interrupt(struct vcpu *v, enum irq_kind kind, double *cycles)
{
	const struct vs_params *p = v->rack->p;
	count(v, &v->rack->c.w_interrupts, 1);
	if (kind == IRQ_INJECTED) {
		double exit_cycles = p->irq_inject_cycles + p->exit_indirect_cycles;
		int exits = 1;
		if (!p->eli) {
			exit_cycles += p->eoi_cycles + p->exit_indirect_cycles;
			exits++;
		}
		count(v, &v->rack->c.w_exits, (uint64_t)exits);
		cycles[CPU_EXIT] += exit_cycles;
	}
	cycles[CPU_GUEST] += p->guest_irq_cycles * (kind == IRQ_HOST ? 1.0 : p->virt_overhead);
}
