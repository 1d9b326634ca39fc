/*
 * io_vf — what the models whose guests drive an SR-IOV VF (or, bare metal, the NIC itself)
 * share: the NIC's own actions at their time (packets landing in the VF's RX ring, transmitted
 * descriptors returned), and pass-through submission without a backend.
 */
#ifndef VRIOSIM_IO_VF_H
#define VRIOSIM_IO_VF_H

struct vcpu;
struct request;
struct pkt;

/* Packets that reached the guest's VF by @now land in its RX ring; TX descriptors the NIC
 * finished by now come back; the interrupt is raised when a ring asks for it. */
void io_vf_deliver(struct vcpu *v, double now);
/* A packet for @v reaches its VF at @t (a device_sink's arrive; @ctx is unused). */
void io_vf_arrive(void *ctx, struct pkt *k, double t);
/* The guest hands @q to its VF: no exit, no backend; the NIC fetches the descriptor, the device
 * serves it, and the descriptor comes back once the NIC has transmitted it. */
void io_vf_submit(struct vcpu *v, struct request *q);

#endif
