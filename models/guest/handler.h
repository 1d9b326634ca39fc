/*
 * handler — a guest's interrupt handler whose end is not an instant of its own.
 *
 * On a dedicated core the handler's cycles and then, in the softirq, the stack's cycles for the
 * first packet of the NAPI poll run back to back, neither preemptible. At the handler's end the
 * softirq only lands what the VF received by then and takes the first packet from the RX ring
 * (there since the interrupt: the ring is FIFO) and draws its cycles: when nothing else can
 * change that meanwhile (handler_hold's conditions), the vCPU does it at the handler's start
 * and waits once, for the stack's end. Every time and every draw comes out as it did with two
 * waits (docs/model.md, "Order at equal times").
 */
#ifndef VRIOSIM_HANDLER_H
#define VRIOSIM_HANDLER_H

#include <stdbool.h>

#include "cpu.h"

struct vcpu;
struct pkt;

/* A handler's run that the vCPU does not wake at the end of: the stack's run for the first
 * packet of its NAPI poll follows it in one wait (run_held). */
struct held_irq {
	double t0, left;            /* the handler's run: its start and length */
	double cpu_s[CPU_USE_COUNT];
};

/* Could the handler of an interrupt that brought @pk (the first packet in the vCPU's RX ring)
 * be held, as far as the vCPU and the packet go? (handler_hold also needs handler cycles.) */
bool handler_may_hold(const struct vcpu *v, const struct pkt *pk);
/* The interrupt handler of @c cycles starts at @t (now, or a later time the vCPU acts as of),
 * in_irq: can its end be held? If so its run is recorded in @h (its CPU time deferred to its
 * end) and the caller runs the first packet's stack cycles with handler_run_held instead of
 * waiting for the handler. */
bool handler_hold(struct vcpu *v, const double c[CPU_USE_COUNT], struct held_irq *h, double t);
/* When the held handler's run and then the stack's run of @cycles end. */
double handler_held_end(const struct vcpu *v, const struct held_irq *h,
			const double cycles[CPU_USE_COUNT]);
/* The held handler's run, then the stack's run of @cycles, as one wait; with @ahead, no wait:
 * the vCPU runs ahead of the clock to their end (vcpu.ahead), which the caller has found
 * nobody can tell from waiting for it. */
void handler_run_held(struct vcpu *v, const struct held_irq *h, const double cycles[CPU_USE_COUNT],
		      bool ahead);

#endif
