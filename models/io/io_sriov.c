/*
 * io_sriov — SR-IOV pass-through without interposition: the guest drives its VF directly (the
 * VF consumes a descriptor as it transmits) and completions come back as VF interrupts —
 * exitless with ELI, injected (exit + EOI exit) without. The no-interposition upper bound.
 */
#include "io_model.h"
#include "io_vf.h"

static enum irq_kind irq(const struct vs_params *p) { return p->eli ? IRQ_EXITLESS : IRQ_INJECTED; }

const struct io_model io_sriov = {
	.path = "guest>vf>nic>%s>nic>vf>irq>guest",
	.vf_tx = true,
	.vf_rx = true,
	.virtualized = true,
	.vm_cores = io_all_cores,
	.submit = io_vf_submit,
	.deliver = io_vf_deliver,
	.irq_kind = irq,
};
