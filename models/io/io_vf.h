/*
 * io_vf — what the models whose guests drive an SR-IOV VF (or, bare metal, the NIC itself)
 * share: completions arriving at the VF, and pass-through submission without a backend.
 */
#ifndef VRIOSIM_IO_VF_H
#define VRIOSIM_IO_VF_H

struct vcpu;
struct request;

/* Arrivals at the guest's VF (v->rxq) due by now → its used ring, deciding on an interrupt.
 * Returns how many. */
unsigned io_vf_deliver(struct vcpu *v);
/* The guest hands @q to its VF: no exit, no backend; the NIC fetches the descriptor and the
 * device serves it. */
void io_vf_submit(struct vcpu *v, struct request *q);

#endif
