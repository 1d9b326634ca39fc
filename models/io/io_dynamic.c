/*
 * io_dynamic — I/O cores that follow the load (docs/model.md, "Dynamic I/O cores"). Elvis'
 * local sidecores (rack.elvis_sidecores per VMhost, their cores taken from the VMs) and a vhost
 * thread per guest queue (vhost.h), with a controller that every dynamic.interval_ms moves each
 * queue between trap-and-emulate (its kicks exit to its vhost thread, its interrupts are
 * injected) and polling (its sidecore; no exits, exitless interrupts) by the rate at which the
 * queue hands requests to its backend, with hysteresis, and parks a sidecore none of whose
 * queues polls: its core is free (sidecore_cpu measured, below 1). Modelled on the ELVIS-era
 * vhost polling patch (poll_start_rate, poll_stop_idle, poll_stop_rate) and the SidecoreM I/O
 * manager's epochs and cooling-off period; the defaults' sources are in params/keys.c.
 *
 *   trap -> polling  the queue handed at least poll_start_rate requests a second over the last
 *                    interval, and its cooldown is over. A parked sidecore is taken back: it
 *                    polls core_switch_ms later, and the queue moves to it then (its vhost
 *                    thread serves it until). Its sidecore in service: switch_us later.
 *   polling -> trap  no request for poll_stop_idle_ms, or (poll_stop_rate > 0) fewer than
 *                    poll_stop_rate a second; its vhost thread serves the ring from switch_us
 *                    later (the ring waits).
 *   park             a sidecore in service, none of its queues polling or about to, nothing
 *                    left in its receive ring.
 * Every queue move costs switch_us of I/O CPU; io_switches counts the queues' moves and the
 * sidecores parked or taken back. Queues start in trap mode, sidecores parked.
 *
 * The vhost threads run on the cores the vCPUs leave free — the sidecores' (rack_spare_cpu) —
 * whether a sidecore is parked or not: a sidecore in service and trap-mode threads of the same
 * VMhost both count that core (an approximation; hysteresis keeps mixed hosts short-lived).
 */
#include <errno.h>
#include <math.h>
#include <simgrid/actor.h>
#include <simgrid/engine.h>
#include <stdint.h>
#include <stdlib.h>

#include "io_elvis.h"
#include "io_model.h"
#include "rack.h"
#include "sidecore.h"
#include "sidecores.h"
#include "vclock.h"
#include "vhost.h"

struct dynq {
	uint16_t avail;   /* its ring's avail index at the last sample */
	double last_work; /* when it last handed its backend a request */
	double poll_at;   /* moving to its sidecore then (INFINITY: no move pending) */
	int cool;         /* intervals before it may move again */
	bool polling;     /* polling or about to (poll_at) */
};

struct dyn {
	struct dynq *q;   /* per guest queue */
	int *polling;     /* per sidecore: its queues polling or about to */
};

static struct dyn *state(struct rack *r)
{
	struct sidecores *e = r->model_state;
	return e->policy;
}

static void cost(struct rack *r, double now)
{
	double s = r->p->switch_us * 1e-6;
	if (meter_in_window(&r->meter, now)) {
		r->meter.cpu_used[CPU_IO] += s;
		r->meter.vhost_io_s += s;
	}
}

static void start_poll(struct rack *r, struct dyn *d, struct vcpu *v, double now)
{
	const struct vs_params *p = r->p;
	struct sidecores *e = r->model_state;
	int g = v->host * p->elvis_sidecores + v->slot % p->elvis_sidecores;
	struct dynq *q = &d->q[v->id];
	struct sidecore *sc = &e->cores[g];
	double at = now + p->switch_us * 1e-6;
	if (sc->parked) {
		at = now + p->core_switch_ms * 1e-3;
		sidecore_park(sc, false, at);
		rack_park(r, -1);
		r->io_switches++;
	} else if (sc->back_at > at) {
		at = sc->back_at;
	}
	q->polling = true;
	q->poll_at = at;
	d->polling[g]++;
	cost(r, now);
}

static void stop_poll(struct rack *r, struct dyn *d, struct vcpu *v, double now)
{
	const struct vs_params *p = r->p;
	struct dynq *q = &d->q[v->id];
	q->polling = false;
	q->poll_at = INFINITY;
	d->polling[v->host * p->elvis_sidecores + v->slot % p->elvis_sidecores]--;
	vhost_switch(v, true, now + p->switch_us * 1e-6);
	cost(r, now);
}

/* Nothing left in sidecore @g's rings for it to finish. */
static bool quiet(const struct sc_group *g)
{
	for (int k = 0; k < g->ncomp; k++)
		if (timedq_next(&g->comp[k].q) < INFINITY)
			return false;
	for (int k = 0; k < g->n; k++)
		if (!vhost_trap(g->ports[k]->v) && vq_pending(&g->ports[k]->v->txq))
			return false;
	return true;
}

/* One interval's decisions. */
static void tick(struct rack *r, struct dyn *d, double dt, double now)
{
	const struct vs_params *p = r->p;
	struct sidecores *e = r->model_state;
	for (int i = 0; i < r->n_vcpus; i++) {
		struct vcpu *v = &r->vcpus[i];
		struct dynq *q = &d->q[i];
		uint16_t a = v->txq.drv.avail_idx;
		double rate = (uint16_t)(a - q->avail) / dt;
		q->avail = a;
		if (rate > 0)
			q->last_work = now;
		if (q->cool > 0) {
			q->cool--;
			continue;
		}
		bool stop = now - q->last_work >= p->poll_stop_idle_ms * 1e-3 ||
			    (p->poll_stop_rate > 0 && rate < p->poll_stop_rate);
		if (!q->polling && p->poll_start_rate > 0 && rate >= p->poll_start_rate)
			start_poll(r, d, v, now);
		else if (q->polling && stop)
			stop_poll(r, d, v, now);
		else
			continue;
		q->cool = p->dyn_cooldown;
	}
	for (int g = 0; g < e->n_cores; g++) {
		struct sidecore *sc = &e->cores[g];
		if (!sc->parked && !sc->failed && d->polling[g] == 0 && quiet(&e->groups[g])) {
			sidecore_park(sc, true, 0);
			rack_park(r, 1);
			r->io_switches++;
		}
	}
}

static void controller_main(int argc, char **argv)
{
	struct rack *r = sg_actor_self_get_data();
	struct dyn *d = state(r);
	double dt = r->p->dyn_interval_ms * 1e-3, next = dt;
	sg_actor_daemonize(sg_actor_self());
	for (;;) {
		double now = vs_now();
		if (time_reached(next, now)) {
			tick(r, d, dt, now);
			next += dt;
		}
		double wake = next;
		for (int i = 0; i < r->n_vcpus; i++) {
			struct dynq *q = &d->q[i];
			if (q->polling && time_reached(q->poll_at, now)) {
				vhost_switch(&r->vcpus[i], false, now);
				q->poll_at = INFINITY;
			}
			if (q->poll_at < wake)
				wake = q->poll_at;
		}
		vs_sleep_to(wake);
	}
}

static void teardown(struct rack *r)
{
	struct sidecores *e = r->model_state;
	struct dyn *d = e ? e->policy : NULL;
	if (d) {
		free(d->q);
		free(d->polling);
		free(d);
		e->policy = NULL;
	}
	vhosts_free(r);
	elvis_teardown(r);
}

static int setup(struct rack *r)
{
	int rc = vhosts_new(r, false);
	if (!rc)
		rc = elvis_setup(r);
	if (rc)
		return rc;
	struct sidecores *e = r->model_state;
	struct dyn *d = calloc(1, sizeof(*d));
	if (d) {
		d->q = calloc((size_t)r->n_vcpus, sizeof(*d->q));
		d->polling = calloc((size_t)e->n_cores, sizeof(*d->polling));
	}
	e->policy = d;
	if (!d || !d->q || !d->polling)
		return rack_fail(r, -ENOMEM, "allocating the dynamic model's controller");
	for (int i = 0; i < r->n_vcpus; i++) {
		d->q[i].poll_at = INFINITY;
		vhost_switch(&r->vcpus[i], true, 0);
	}
	for (int g = 0; g < e->n_cores; g++)
		sidecore_park(&e->cores[g], true, 0);
	rack_park(r, e->n_cores);
	r->io_switches = 0; /* the start is no move */
	sg_actor_t a = sg_actor_init("io-controller", r->vmhost_h[0]);
	sg_actor_set_data(a, r);
	sg_actor_start_(a, controller_main, 0, NULL);
	return 0;
}

static int check(const struct vs_params *p, struct vs_check *out)
{
	if (elvis_check(p, out))
		return -1;
	if (p->poll_stop_rate >= p->poll_start_rate && p->poll_start_rate > 0) {
		*out = (struct vs_check){ "dynamic.poll_stop_rate",
					  "must be below dynamic.poll_start_rate (the hysteresis)" };
		return -1;
	}
	return 0;
}

/* Trap mode's submit is vhost_path's; this is the polling queue's. */
static enum irq_kind irq(const struct vs_params *p) { return IRQ_EXITLESS; }

const struct io_model io_dynamic = {
	.path = "guest>vring>sidecore|exit>vhost>nic>%s>nic>sidecore|vhost>vring>irq>guest",
	.virtualized = true,
	.reads_guests = true,
	.check = check,
	.vm_cores = elvis_vm_cores,
	.setup = setup,
	.teardown = teardown,
	.submit = elvis_submit,
	.irq_kind = irq,
	.fault = elvis_fault,
};
