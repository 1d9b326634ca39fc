/*
 * completion — the application learns that a request is done, or lost.
 */
#include "completion.h"

#include "bug.h"
#include "io_model.h"
#include "pkt.h"
#include "vclock.h"
#include "workload.h"

/* The request is done for its application at @t: count it, show it, and free its record once
 * the device no longer holds its buffer. */
void guest_app_done(struct vcpu *v, struct request *q, double t)
{
	struct guest_env *e = v->env;
	const struct vs_params *p = e->p;
	q->answered = true;
	if (p->debug_leak_request && q->id + 1 == p->debug_leak_request) {
		v->inflight--; /* the injected bug: gone without a trace */
	} else {
		meter_complete(e->meter, q->t_issue, t);
		if (meter_in_window(e->meter, t))
			v->w_done++;
		v->inflight--;
		if (e->observer) {
			/* The stages in order; one that did not happen before the completion (a send
			 * done before its frame left the NIC) counts nothing. */
			double at[VS_STAGES + 1] = { q->t_issue, q->t_submit, q->t_arrive, q->t_pop,
						     q->t_served, q->t_back, q->t_rx, t };
			struct vs_completion c = { v->id, v->vm, q->id, q->t_issue, t, q->bytes,
						   q->resp_bytes, e->path, { 0 } };
			for (int s = 1; s <= VS_STAGES; s++) {
				if (at[s] < at[s - 1])
					at[s] = at[s - 1];
				if (at[s] > t)
					at[s] = t;
				c.stage_s[s - 1] = at[s] - at[s - 1];
			}
			e->observer->done(e->observer->ctx, &c);
		}
	}
	VS_BUG_ON(v->inflight < 0, "guest %d: %d requests in flight", v->id, v->inflight);
	if (q->sent)
		req_put(&v->pool, q);
}

/* Does something come back that completes @q (a response, an ACK, a vRIO completion
 * message), or does the return of its TX buffer? */
bool guest_needs_answer(const struct vcpu *v, const struct request *q)
{
	return wl_has_response(v->env->wl, q) || v->flow.tcp || v->model->buffer_by_message;
}

/* The device returned @q's buffer (TX reclaim, or a vRIO completion message). */
void guest_buffer_back(struct vcpu *v, struct request *q)
{
	q->sent = true;
	if (!guest_needs_answer(v, q) && !q->answered)
		guest_app_done(v, q, q->t_device);
	else if (q->answered)
		req_put(&v->pool, q);
}

void guest_acked(void *ctx, struct request *q)
{
	struct vcpu *v = ctx;
	if (!q->answered)
		guest_app_done(v, q, vs_now());
}

void guest_request_lost(struct vcpu *v, struct request *q, double t)
{
	const struct vs_params *p = v->env->p;
	if (q->lost || q->answered)
		return; /* already known lost, or done (a late duplicate) */
	if (!guest_needs_answer(v, q))
		return; /* a UDP-like send: gone, and nobody waits for it */
	/* TCP's timer runs from the last transmission and doubles with each retry (Linux's
	 * backoff); the vRIO front end resends after the timeout from its last send; a UDP-like
	 * application gives up a timeout after it issued the request. */
	int backoff = q->tries > 1 ? (q->tries - 1 < 6 ? q->tries - 1 : 6) : 0;
	double detect = v->flow.tcp ? q->t_sent + p->rto_ms * 1e-3 * (1 << backoff)
		      : v->model->buffer_by_message ? q->t_sent + p->timeout_ms * 1e-3 * (1 << backoff)
							  : q->t_issue + p->timeout_ms * 1e-3;
	if (detect < t)
		detect = t;
	flow_lost(&v->flow, q, detect);
	inbox_ring_at(&v->inbox, detect);
}

bool guest_pkt_current(const struct pkt *k)
{
	return k->req && k->req->in_use && k->req->id == k->req_id;
}

void guest_pkt_lost(struct pkt *k, double t)
{
	if (k->kind != PKT_ACK && guest_pkt_current(k))
		guest_request_lost(k->dst, k->req, t);
}
