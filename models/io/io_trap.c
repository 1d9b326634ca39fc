/*
 * io_trap — trap-and-emulate with vhost: a kick is a VM exit that wakes the queue's vhost
 * thread; the thread shares the VMhost's cores with the vCPUs (the shared cores' scheduler,
 * rack.shared_cores, decides who runs), serves the TX ring with notifications disabled, and
 * moves what comes back from the host NIC (responses, ACKs, block completions) into the guest,
 * injecting an interrupt when the guest's ring asks for one (EVENT_IDX or the NO_INTERRUPT
 * flag).
 *
 * Both directions wake a sleeping vhost thread: a kick (after the exit and the ioeventfd
 * signal), and a packet from the host NIC (its interrupt, costs.host_irq_cycles on the vhost
 * thread's core, then the thread's wake-up, costs.wakeup_us). The host NIC's receive ring for
 * the queue holds wire.nic_ring packets; one that finds it full is dropped.
 *
 * The threads are vhost.h's, every queue in trap mode from the start: the one loop the dynamic
 * model and the trap fallback switch queues to.
 */
#include "io_model.h"
#include "rack.h"
#include "vhost.h"

static int setup(struct rack *r) { return vhosts_new(r, true); }

static void teardown(struct rack *r) { vhosts_free(r); }

static enum irq_kind irq(const struct vs_params *p) { return IRQ_INJECTED; }

const struct io_model io_trap = {
	.path = "guest>vring>exit>vhost>nic>%s>nic>vhost>vring>irq-injected>guest",
	.virtualized = true,
	.shared_cpu = true,
	.vm_cores = io_all_cores,
	.setup = setup,
	.teardown = teardown,
	.submit = vhost_kick,
	.irq_kind = irq,
};
