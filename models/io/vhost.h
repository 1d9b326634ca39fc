/*
 * vhost — trap-and-emulate's backend as a part a guest queue can be switched to and from: a
 * vhost thread per queue on its VMhost's shared cores, woken by the guest's kick (a VM exit) or
 * by what comes back from the host NIC (its interrupt), serving the TX ring with notifications
 * off and moving what comes back into the guest's rings, with an injected interrupt.
 *
 * It is the per-queue backend switch of two mechanisms: the dynamic model's queues move
 * between it and a local sidecore by notification rate (io_dynamic.c, corectl.h), and with
 * fault.failover = trap a queue whose IOhost (vRIO) or Elvis sidecore failed falls back to it
 * once the failure is noticed. A queue in trap mode kicks (vhost_kick) and takes injected
 * interrupts; out of it, its TX ring is its model's own path's, and the thread only finishes
 * what it took and handles what comes back for the requests it served (the old path drains).
 *
 * The thread's loop is io_trap.c's (same costs, same draws from the guest queue's random
 * stream). Its CPU: the VMhost's shared cores where its vCPUs share them (the dynamic model,
 * oversubscribed hosts), else the cores its dedicated vCPUs leave free (rack_spare_cpu).
 */
#ifndef VRIOSIM_VHOST_H
#define VRIOSIM_VHOST_H

#include <stdbool.h>

struct rack;
struct vcpu;
struct pkt;

/* Per-queue vhost backends for @r (r->vhosts), none started, no queue in trap mode. 0, or
 * -ENOMEM with rack_fail. */
int vhosts_new(struct rack *r);
/* Free them (r->vhosts = NULL; nothing if there are none). */
void vhosts_free(struct rack *r);

/* Start queue @v's vhost thread (once; again: nothing). @spare: the cores its VMhost's
 * dedicated vCPUs leave free, if its vCPUs do not share their cores (rack_spare_cpu). 0, or
 * -errno with rack_fail. */
int vhost_start(struct rack *r, struct vcpu *v, int spare);

/* Is queue @v in trap mode (its kicks exit to its vhost thread, its interrupts are injected)?
 * False when the rack has no vhosts. */
bool vhost_trap(const struct vcpu *v);
/* Put queue @v in trap mode from now on, its thread serving its TX ring from time @at (a
 * switch's cost: the ring waits), or take it out of trap mode at once. The thread must have
 * been started. */
void vhost_switch(struct vcpu *v, bool trap, double at);
/* The guest handed requests to @v's ring in trap mode: a kick, a VM exit, unless the ring's
 * notifications are off (the thread is at work). */
void vhost_kick(struct vcpu *v);
/* Packet @k for @v reaches the host NIC ring its vhost thread drains, at @t (a failed
 * sidecore's ring handed over). */
void vhost_arrive(struct vcpu *v, struct pkt *k, double t);

#endif
