/*
 * completion — the application learns that a request is done.
 */
#include "completion.h"

#include "bug.h"
#include "io_model.h"
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
