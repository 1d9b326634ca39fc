/*
 * vhost — trap-and-emulate's backend as a part a guest queue can be switched to and from: a
 * vhost thread per queue on its VMhost's cores, woken by the guest's kick (a VM exit) or by
 * what comes back from the host NIC (its interrupt), serving the TX ring with notifications
 * off and moving what comes back into the guest's rings, with an injected interrupt.
 *
 * Two mechanisms switch queues to it: the dynamic model moves its queues between it and a
 * local sidecore by notification rate (io_dynamic.c), and with fault.failover = trap a queue
 * whose IOhost (vRIO) or Elvis sidecore failed falls back to it once the failure is noticed,
 * and returns when the part is back. A queue in trap mode takes vhost_path (v->model): its
 * kicks exit to the thread, its interrupts are injected, its requests are served from its
 * VMhost (its NIC port, its local device). Out of trap mode the thread takes nothing from the
 * TX ring; it only finishes what it took and moves what comes back for the requests it served
 * (the old path drains).
 *
 * The trap model (io_trap.c) is these threads with every queue in trap mode from the start.
 * Its CPU: the VMhost's shared cores where the vCPUs share theirs (oversubscribed hosts),
 * else the cores its vCPUs leave free — the local sidecores' cores, parked or failed
 * (rack_spare_cpu, its own scheduler over them).
 */
#ifndef VRIOSIM_VHOST_H
#define VRIOSIM_VHOST_H

#include <stdbool.h>

struct rack;
struct vcpu;
struct pkt;
struct request;

/* The path of a queue in trap mode (v->model while switched). */
extern const struct io_model vhost_path;

/* A vhost thread for every guest queue of @r (r->vhosts), started and asleep; with @trap every
 * queue is in trap mode from the start (the trap model: its own path, io_trap, not vhost_path,
 * and no switch counted), else none is. 0, or -errno with rack_fail (a VMhost whose vCPUs
 * hold all its cores: no core for the threads). */
int vhosts_new(struct rack *r, bool trap);
/* Free them (r->vhosts = NULL; nothing if there are none). */
void vhosts_free(struct rack *r);

/* Is queue @v in trap mode? False when the rack has no vhosts. */
bool vhost_trap(const struct vcpu *v);
/* Put queue @v in trap mode from now on, its thread serving its TX ring from time @at (a
 * switch's cost: the ring waits until then), or take it out of trap mode at once (@at unused;
 * the model's own path serves the ring from now). Nothing if it is already so; a move
 * counts in r->io_switches. */
void vhost_switch(struct vcpu *v, bool trap, double at);

/* The guest's kick of queue @v in trap mode (an io_model's submit): a VM exit that wakes its
 * thread, unless the thread is at work (notifications off). */
void vhost_kick(struct vcpu *v, struct request *q);

/* Packet @k for queue @v (in trap mode) reaches the host NIC ring its thread drains, at @t:
 * what came back for a request its sidecore served, or waited in a failed sidecore's ring. */
void vhost_arrive(struct vcpu *v, struct pkt *k, double t);

#endif
