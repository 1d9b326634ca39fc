/*
 * sidecores — the polling models' common parts.
 */
#include "sidecores.h"

#include <stdlib.h>

#include "guest.h"
#include "io_guest.h"
#include "pkt.h"
#include "rack.h"
#include "vclock.h"

#include <simgrid/engine.h>

struct sidecores *sidecores_new(struct rack *r, int n_groups, int n_cores, int n_ports,
				double *busy_s)
{
	struct sidecores *s = calloc(1, sizeof(*s));
	if (!s)
		return NULL;
	s->env = (struct sc_env){ .p = r->p, .hz = r->hz, .meter = &r->meter, .ctx = r };
	s->n_groups = n_groups;
	s->n_cores = n_cores;
	s->n_ports = n_ports;
	s->groups = calloc((size_t)n_groups, sizeof(*s->groups));
	s->cores = calloc((size_t)n_cores, sizeof(*s->cores));
	s->ports = calloc((size_t)n_ports, sizeof(*s->ports));
	s->env.busy_s = busy_s;
	if (!s->groups || !s->cores || !s->ports) {
		sidecores_free(s);
		return NULL;
	}
	return s;
}

void sidecores_free(struct sidecores *s)
{
	if (!s)
		return;
	for (int g = 0; s->groups && g < s->n_groups; g++)
		sc_group_free(&s->groups[g]);
	for (int c = 0; s->cores && c < s->n_cores; c++)
		sidecore_free(&s->cores[c]);
	free(s->groups);
	free(s->cores);
	free(s->ports);
	free(s);
}

/* Packet @k is lost at @place at @t: its request's transport learns it (a lost ACK is covered
 * by the next). */
static void lose(struct pkt *k, enum drop_place place, double t)
{
	struct vcpu *v = k->dst;
	meter_drop(v->env->meter, place, t);
	guest_pkt_lost(k, t);
	pkt_put(v->env->pkts, k);
}

void sidecores_dropped(struct sidecore *sc, struct pkt *k, double t) { lose(k, DROP_NIC_RX, t); }

void sidecores_lost(struct rack *r, struct pkt *k, double t) { lose(k, DROP_FAULT, t); }

void sidecores_publish(struct sidecore *sc)
{
	for (int i = 0; i < sc->neffects; i++) {
		struct sc_effect *e = &sc->effects[i];
		if (e->rx)
			io_rx_fill(e->v, e->item, e->t);
		else
			io_tx_return(e->v, e->item, e->t);
	}
	/* One interrupt decision per guest: the first publishes everything it has. */
	double now = vs_now();
	for (int i = 0; i < sc->neffects; i++)
		io_notify(sc->effects[i].v, now);
	sc->neffects = 0;
}
