/*
 * io_passthru — SR-IOV pass-through and bare metal: no interposition, no backend core. The
 * guest (or the host application) drives the NIC's ring itself: the VF consumes a descriptor
 * as it transmits, and completions come back as VF interrupts — exitless with ELI, injected
 * (exit + EOI exit) without; bare metal takes a host interrupt and pays no virtualization tax.
 */
#include <simgrid/engine.h>

#include "device.h"
#include "io_model.h"
#include "rack.h"

static int setup(struct rack *r)
{
	(void)r;
	return 0;
}

static void submit(struct vcpu *v, struct request *q)
{
	vq_kick_prepare(&v->vq); /* the doorbell write to the VF: no exit */
	notify_kick_exitless(v);
	struct request *popped = vq_pop(&v->vq); /* the NIC fetches the descriptor */
	double back = device_serve(v->rack, v->port, false, popped ? popped : q, simgrid_get_clock());
	timedq_post(&v->rxq, &q->node, back);
}

static enum irq_kind sriov_irq(const struct vs_params *p) { return p->eli ? IRQ_EXITLESS : IRQ_INJECTED; }
static enum irq_kind host_irq(const struct vs_params *p) { return IRQ_HOST; }

const struct io_model io_sriov = {
	.name = "sriov",
	.path = "guest>vf>nic>%s>nic>vf>irq>guest",
	.virtualized = true,
	.vm_cores = io_all_cores,
	.setup = setup,
	.submit = submit,
	.deliver = io_vf_deliver,
	.irq_kind = sriov_irq,
};

const struct io_model io_baremetal = {
	.name = "baremetal",
	.path = "app>nic>%s>nic>irq>app",
	.virtualized = false,
	.vm_cores = io_all_cores,
	.setup = setup,
	.submit = submit,
	.deliver = io_vf_deliver,
	.irq_kind = host_irq,
};
