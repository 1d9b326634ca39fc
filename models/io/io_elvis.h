/*
 * io_elvis — local sidecores (Elvis): the parts the dynamic model (io_dynamic.c) builds on.
 * Both models' sidecores are the same: elvis_sidecores per VMhost, each serving the guest
 * queues of its VMhost with slot % elvis_sidecores == its number there.
 */
#ifndef VRIOSIM_IO_ELVIS_H
#define VRIOSIM_IO_ELVIS_H

#include <stdbool.h>

#include "vriosim.h"

struct rack;
struct vcpu;
struct request;

/* The local sidecores and their queues (r->model_state: struct sidecores), sidecore_cpu's
 * busy counts, and with fault.failover = trap on a sidecore fault the vhosts (unless made
 * already). 0, or -errno with rack_fail. */
int elvis_setup(struct rack *r);
void elvis_teardown(struct rack *r);
/* The guest published work: its sidecore's poll loop sees it. */
void elvis_submit(struct vcpu *v, struct request *q);
/* A sidecore fault, its failover (another sidecore of the VMhost, or trap). */
void elvis_fault(struct rack *r, enum vs_fault kind, int target, bool down);
void elvis_failover(struct rack *r, enum vs_fault kind, int target);
int elvis_check(const struct vs_params *p, struct vs_check *out);
int elvis_vm_cores(const struct vs_params *p);

#endif
