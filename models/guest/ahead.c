/*
 * ahead — when a vCPU may run ahead of the clock (ahead.h).
 */
#include "ahead.h"

#include "meter.h"
#include "workload.h"

/* Only when nobody can see the difference. Besides the held handler's conditions (nobody else
 * draws from the VM's stream, no TCP-like flow, a dedicated core): the request it completes
 * the only one in flight (nobody sends it anything meanwhile); nothing due for the vCPU until
 * @t; nothing ever dropped or lost in the run (no late answer on its way); the device holding
 * none of its TX descriptors (it writes nothing to its rings meanwhile); no reader of the
 * counters and CPU accounts until @t (the sampler; the run's end, which SimGrid may take up
 * to 10 us early); a closed loop whose load does not change with time; and nothing that
 * watches the guests (guest_env.run_ahead). What the vCPU writes meanwhile — its rings, its
 * latency sample, the run's request numbering, the CPU accounts — nobody reads before @t;
 * its next request is seen when it is published, an instant. */
bool ahead_may(const struct vcpu *v, double t, double due)
{
	const struct guest_env *e = v->env;
	const struct meter *m = e->meter;
	if (!e->run_ahead || v->inflight != 1 || v->wl.timed || e->p->pattern != PATTERN_CONSTANT ||
	    e->wl->open_loop(e->p) || !v->rxq.mem)
		return false;
	if (m->lost || m->dropped || m->drops_all || !(m->next_read > t) ||
	    !(t < e->p->duration_s - 1e-5))
		return false;
	if (vring_driver_in_flight(&v->txq.drv) != vq_used_pending(&v->txq))
		return false;
	return !time_reached(due, t);
}
