/*
 * notify — the cost of telling the other side: kicks (guest → backend) and interrupts
 * (backend → guest), with and without exits. Every exit, kick and interrupt is counted here.
 *
 * trap kick:        VM exit (direct world switch + indirect cache pollution) on the vCPU, then
 *                   the ioeventfd signal that wakes the vhost thread.
 * injected irq:     the injection exit (virtual IPI) and, without exitless interrupts, the EOI
 *                   exit; each exit also pays the indirect cost; then the guest handler.
 * exitless irq:     ELI / posted interrupts: only the guest handler.
 * host irq:         bare metal: the host's handler.
 */
#ifndef VRIOSIM_NOTIFY_H
#define VRIOSIM_NOTIFY_H

#include <gsl/gsl_rng.h>

#include "cpu.h"
#include "meter.h"
#include "vriosim.h"

enum irq_kind { IRQ_INJECTED, IRQ_EXITLESS, IRQ_HOST };

/* The guest's kick traps (trap model): charge the exit on the vCPU's @cpu and count it;
 * returns the delay after which the backend thread is awake (notify + wake-up). */
double notify_kick_exit(const struct vs_params *p, struct cpu *cpu, struct meter *m, gsl_rng *rng);
/* A kick that needs no exit (a doorbell the backend polls): counted only. */
void notify_kick_exitless(struct meter *m);
/* The guest takes an interrupt of @kind at @t: count it and add its cycles, by use, to @cycles
 * (the caller charges them on the vCPU together with the work that follows). */
void notify_take_interrupt(const struct vs_params *p, struct meter *m, enum irq_kind kind,
			   gsl_rng *rng, double *cycles, double t);

/* A virtualized vCPU halts (HLT): the exit, counted, its cycles added to @cycles. */
void notify_halt_exit(const struct vs_params *p, struct meter *m, gsl_rng *rng, double *cycles);

#endif
