/*
 * guest — a vCPU running the workload: it issues requests into its virtqueue (paying the
 * application and guest-stack cycles), hands them to the I/O model, and takes completions
 * (interrupt, NAPI-style reaping with callbacks disabled while it runs, guest-stack cycles on
 * the way up). Latency is measured from the application's issue to the completion's delivery
 * to the application.
 */
#ifndef VRIOSIM_GUEST_H
#define VRIOSIM_GUEST_H

struct vcpu;

/* Start the vCPU's actor (not a daemon: the run lasts while guests exist). */
void guest_start(struct vcpu *v);

#endif
