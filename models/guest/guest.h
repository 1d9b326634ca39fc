/*
 * guest — a vCPU running the workload: it issues requests into its virtqueue (paying the
 * application and guest-stack cycles), hands them to the I/O model, and takes completions
 * (interrupt, NAPI-style reaping with callbacks disabled while it runs, guest-stack cycles on
 * the way up). Latency is measured from the application's issue to the completion's delivery
 * to the application.
 * The guest queue itself (struct vcpu) and what the guests share are in vcpu.h.
 */
#ifndef VRIOSIM_GUEST_H
#define VRIOSIM_GUEST_H

#include <simgrid/host.h>

#include "completion.h" /* guest_request_lost, guest_pkt_current, guest_pkt_lost */
#include "vcpu.h"

/* Start the vCPU's actor on @host (not a daemon: the run lasts while guests exist). */
void guest_start(struct vcpu *v, sg_host_t host);

#endif
