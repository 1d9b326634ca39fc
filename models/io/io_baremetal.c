/*
 * io_baremetal — no virtualization: the application on the host drives the NIC, takes host
 * interrupts and pays no virtualization tax. The reference for "percent of bare metal".
 */
#include "io_model.h"
#include "io_vf.h"

static enum irq_kind irq(const struct vs_params *p) { return IRQ_HOST; }

const struct io_model io_baremetal = {
	.path = "app>nic>%s>nic>irq>app",
	.vf_tx = true,
	.vf_rx = true,
	.virtualized = false,
	.vm_cores = io_all_cores,
	.submit = io_vf_submit,
	.deliver = io_vf_deliver,
	.irq_kind = irq,
};
