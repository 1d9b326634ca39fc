/*
 * wl_trace — replay of recorded requests (workload.trace_file: issue time, VM, sizes). Each
 * VM's records are issued by its first queue at their recorded times, whatever completes: a
 * full ring drops the request.
 */
#include <math.h>

#include "vcpu.h"
#include "workload.h"

static bool open_loop(const struct vs_params *p) { return true; }

static int check(const struct vs_params *p, struct vs_check *out)
{
	if (p->n_trace > 0)
		return 0;
	*out = (struct vs_check){ "workload.trace_file",
				  "workload.kind = trace needs a trace with at least one record" };
	return -1;
}

/* The next record for this VM at or after @from (only its first queue replays). */
static int next_record(const struct vcpu *v, int from)
{
	const struct vs_params *p = v->env->p;
	int vms = vs_total_vms(p);
	if (v->id % p->vcpus_per_vm)
		return p->n_trace;
	for (int i = from; i < p->n_trace; i++)
		if (p->trace[i].vm % vms == v->vm)
			return i;
	return p->n_trace;
}

static void schedule(struct vcpu *v)
{
	const struct vs_params *p = v->env->p;
	v->wl.next_arrival = v->wl.trace_pos < p->n_trace ? p->trace[v->wl.trace_pos].t_s : INFINITY;
}

static void init(struct vcpu *v)
{
	v->wl.timed = true;
	v->wl.trace_pos = next_record(v, 0);
	schedule(v);
}

static void take(struct vcpu *v, struct request *q)
{
	const struct vs_trace_rec *t = &v->env->p->trace[v->wl.trace_pos];
	q->write = false;
	q->bytes = t->bytes;
	q->resp_bytes = t->resp_bytes;
	v->wl.trace_pos = next_record(v, v->wl.trace_pos + 1);
	schedule(v);
}

const struct workload wl_trace = {
	.target = WL_TARGET_PEER,
	.descriptors = 1,
	.open_loop = open_loop,
	.check = check,
	.init = init,
	.take = take,
};
