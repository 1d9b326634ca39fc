/*
 * fault — down, noticed, moved, back.
 */
#include "fault.h"

#include <errno.h>
#include <math.h>
#include <simgrid/actor.h>
#include <simgrid/engine.h>
#include <stdlib.h>

#include "io_model.h"
#include "rack.h"
#include "vclock.h"

/* The fault's own part (a port) and the model's (its sidecores, its rings). */
static void apply(struct rack *r, bool down)
{
	const struct vs_params *p = r->p;
	if (p->fault == FAULT_LINK && p->fault_target < p->vmhosts)
		r->vmhost_port[p->fault_target].failed = down;
	if (p->fault == FAULT_IOHOST && p->fault_target < r->n_iohosts)
		r->iohost_port[p->fault_target].failed = down;
	if (r->model->fault)
		r->model->fault(r, p->fault, p->fault_target, down);
	int lost = p->fault == FAULT_IOHOST && r->model->iohost && p->fault_target < r->n_iohosts
			   ? p->iohost_sidecores
		   : p->fault == FAULT_SIDECORE && p->fault_target < r->sidecores ? 1 : 0;
	r->sidecores_out += down ? lost : -lost;
}

static void fault_main(int argc, char **argv)
{
	struct rack *r = sg_actor_self_get_data();
	const struct vs_params *p = r->p;
	sg_actor_daemonize(sg_actor_self());
	vs_sleep_to(p->fault_at_s);
	apply(r, true);
	double noticed = p->fault_at_s + p->fault_detect_ms * 1e-3;
	bool back = p->fault_until_s > p->fault_at_s;
	if (!back || noticed < p->fault_until_s) {
		vs_sleep_to(noticed);
		if (p->failover != FAILOVER_NONE && r->model->failover)
			r->model->failover(r, p->fault, p->fault_target);
	}
	if (back) {
		vs_sleep_to(p->fault_until_s);
		apply(r, false);
	}
}

int fault_start(struct rack *r)
{
	const struct vs_params *p = r->p;
	if (p->fault == FAULT_NONE)
		return 0;
	r->meter.n_ms = (int)ceil(p->duration_s * 1000) + 1;
	r->meter.per_ms = calloc((size_t)r->meter.n_ms, sizeof(*r->meter.per_ms));
	if (!r->meter.per_ms)
		return rack_fail(r, -ENOMEM, "allocating the fault's millisecond counts");
	sg_actor_t a = sg_actor_init("fault", r->iohost_h[0]);
	sg_actor_set_data(a, r);
	sg_actor_start_(a, fault_main, 0, NULL);
	return 0;
}

void fault_measure(const struct rack *r, double *recovery_ms, double *unavailable_ms)
{
	const struct vs_params *p = r->p;
	const struct meter *m = &r->meter;
	*recovery_ms = *unavailable_ms = 0;
	if (!m->per_ms)
		return;
	int from = (int)(p->warmup_s * 1000), at = (int)(p->fault_at_s * 1000);
	int end = (int)(p->duration_s * 1000);
	if (end > m->n_ms)
		end = m->n_ms;
	if (at <= from || at >= end)
		return;
	double pre = 0;
	for (int k = from; k < at; k++)
		pre += m->per_ms[k];
	pre /= at - from;
	/* Recovered: the first 5 ms whose average is back to 90% of the pre-fault rate. */
	int k = at;
	for (; k + 5 <= end; k++) {
		double s = 0;
		for (int j = k; j < k + 5; j++)
			s += m->per_ms[j];
		if (s / 5 >= 0.9 * pre)
			break;
	}
	*recovery_ms = k + 5 <= end ? k - at : end - at;
	/* The service lost: each millisecond's shortfall from the rate before, summed. */
	for (int j = at; j < end && pre > 0; j++)
		if (m->per_ms[j] < pre)
			*unavailable_ms += 1 - m->per_ms[j] / pre;
}
