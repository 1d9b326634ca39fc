/*
 * sched — per-core run queues in vruntime order, slices, wake-up preemption, idle balance and
 * halt polling, on SimGrid semaphores.
 *
 * Every state change is made at once by the actor that causes it (a waker, a thread leaving
 * its core): the core's current thread, its queue and the vruntimes are always those of the
 * present instant. A thread's actor only waits: for its core (queued, no timeout) or while it
 * runs (until its work or its slice ends, or until someone releases it). Released, it reads
 * the state again: still running (its slice got shorter: wait again), preempted (wait for the
 * core), done.
 */
#include "sched.h"

#include <math.h>
#include <simgrid/actor.h>
#include <simgrid/engine.h>
#include <simgrid/semaphore.h>
#include <stdlib.h>

#include "bug.h"
#include "inbox.h"
#include "vclock.h"

enum ts_state {
	TS_BLOCKED,  /* off every run queue: waiting for an event */
	TS_QUEUED,   /* runnable, on its core's queue, waiting for the core */
	TS_RUNNING,  /* its core's current thread */
	TS_POLLING,  /* its core's current thread, halted: KVM polls for its next event */
};

struct sched_thread {
	struct sched *s;
	int id;                   /* its slot in the host: ties go to the lower */
	int home;                 /* the core it wakes on */
	int core;                 /* the core whose queue holds it or that runs it (-1: blocked) */
	enum ts_state state;
	int64_t vruntime;         /* CPU it has had, ns (nice 0), as of exec_start when current */
	double exec_start;        /* current: when its vruntime was last brought up to date */
	double picked_at;         /* current: when it got the core (its slice runs from here) */
	double switch_s;          /* current: switch overhead still to run before its work */
	double switch_until;      /* current: when its switch is over (a switch is not preempted) */
	bool resched;             /* current: a waker preempts it once its switch is over */
	double poll_until;        /* polling: when KVM gives up */
	double poll_end;          /* after a halt: when its poll stopped spinning */
	double held_at;           /* running, between two calls: when its last call returned */
	double armed;             /* waiting while running: when its timeout fires */
	bool waiting;             /* its actor is blocked on sem */
	bool kicked;              /* sem was released for it (at most one token in flight) */
	sg_sem_t sem;             /* its actor waits here */
	sg_actor_t actor;         /* the actor it is (debug: nobody else calls for it) */
	struct sched_thread *next; /* next on its core's queue */
};

struct sched_core {
	int id;
	struct sched_thread *curr;    /* running or polling (NULL: idle) */
	struct sched_thread *queue;   /* runnable and waiting, in (vruntime, id) order */
	int nr_queued;
	int64_t min_vruntime;         /* monotone: where sleepers are placed from (ns) */
	struct sched_thread *last;    /* the last thread it ran (curr included): switches cost */
	struct sched_thread *prev_last; /* last before curr was picked (a pick revisited) */
	bool counted;                 /* curr's pick counted a switch */
};

struct sched {
	struct sched_cfg cfg;
	int ncores;
	struct sched_core *cores;
	struct sched_thread **threads; /* every thread, for freeing */
	int nthreads, cap;
	uint64_t switches;             /* switches since cfg.window_start */
};

static double now(void) { return vs_now(); }

/* vruntimes are whole nanoseconds, as Linux's: sums of CPU times compare exactly, so equal
 * shares tie (and the tie rule decides) instead of rounding noise. */
static int64_t ns(double s) { return llround(s * 1e9); }

double sched_tunable_factor(enum sched_scaling mode, int ncpus)
{
	int cpus = ncpus < 8 ? ncpus : 8, log2 = 0;
	while ((2 << log2) <= cpus)
		log2++;
	switch (mode) {
	case SCHED_SCALING_NONE: return 1;
	case SCHED_SCALING_LINEAR: return cpus;
	case SCHED_SCALING_LOG: break;
	}
	return 1 + log2;
}

/* ---- Set-up ---- */

struct sched *sched_new(int cores, const struct sched_cfg *cfg)
{
	struct sched *s = calloc(1, sizeof(*s));
	if (!s || !(s->cores = calloc((size_t)cores, sizeof(*s->cores)))) {
		free(s);
		return NULL;
	}
	s->cfg = *cfg;
	s->ncores = cores;
	for (int i = 0; i < cores; i++)
		s->cores[i].id = i;
	return s;
}

void sched_free(struct sched *s)
{
	if (!s)
		return;
	/* Semaphores are left to SimGrid: actors still wait on them when the run
	 * stops, and SimGrid refuses to destroy one in use. */
	for (int i = 0; i < s->nthreads; i++)
		free(s->threads[i]);
	free(s->threads);
	free(s->cores);
	free(s);
}

struct sched_thread *sched_thread_new(struct sched *s, int slot)
{
	if (s->nthreads == s->cap) {
		int cap = s->cap ? 2 * s->cap : 16;
		struct sched_thread **t = realloc(s->threads, (size_t)cap * sizeof(*t));
		if (!t)
			return NULL;
		s->threads = t;
		s->cap = cap;
	}
	struct sched_thread *t = calloc(1, sizeof(*t));
	if (!t)
		return NULL;
	*t = (struct sched_thread){ .s = s, .id = slot, .home = slot % s->ncores, .core = -1,
				    .state = TS_BLOCKED, .sem = sg_sem_init(0) };
	s->threads[s->nthreads++] = t;
	return t;
}

uint64_t sched_switches(const struct sched *s) { return s->switches; }

/* ---- Run queues ---- */

/* Does @a run before @b? Smaller vruntime, then the lower id. */
static bool before(const struct sched_thread *a, const struct sched_thread *b)
{
	return a->vruntime < b->vruntime || (a->vruntime == b->vruntime && a->id < b->id);
}

static void set_vruntime(struct sched_thread *t, int64_t v)
{
	VS_BUG_ON(v < t->vruntime, "thread %d: vruntime back from %lld to %lld ns", t->id,
		  (long long)t->vruntime, (long long)v);
	t->vruntime = v;
}

/* update_min_vruntime: the smaller of the current thread's and the queue's first, never back. */
static void update_min(struct sched_core *c)
{
	int64_t v = c->min_vruntime;
	if (c->curr)
		v = c->queue && c->queue->vruntime < c->curr->vruntime ? c->queue->vruntime
									: c->curr->vruntime;
	else if (c->queue)
		v = c->queue->vruntime;
	if (v > c->min_vruntime)
		c->min_vruntime = v;
}

/* update_curr: the current thread's CPU since exec_start goes into its vruntime. */
static void update_curr(struct sched_core *c)
{
	struct sched_thread *t = c->curr;
	if (!t)
		return;
	double n = now();
	set_vruntime(t, t->vruntime + ns(n - t->exec_start));
	t->exec_start = n;
	update_min(c);
}

static void rq_insert(struct sched_core *c, struct sched_thread *t)
{
	VS_BUG_ON(t->state == TS_QUEUED || t->next || c->curr == t,
		  "thread %d put on core %d's queue while on a queue or running (state %d, core %d)",
		  t->id, c->id, t->state, t->core);
	struct sched_thread **pp = &c->queue;
	while (*pp && !before(t, *pp))
		pp = &(*pp)->next;
	t->next = *pp;
	*pp = t;
	c->nr_queued++;
	t->core = c->id;
	t->state = TS_QUEUED;
}

static void rq_remove(struct sched_core *c, struct sched_thread *t)
{
	struct sched_thread **pp = &c->queue;
	while (*pp && *pp != t)
		pp = &(*pp)->next;
	VS_BUG_ON(!*pp, "thread %d is not on core %d's queue", t->id, c->id);
	*pp = t->next;
	t->next = NULL;
	c->nr_queued--;
}

/* The end of the current thread's slice: INFINITY while nobody waits. */
static double slice_end(const struct sched *s, const struct sched_core *c)
{
	if (!c->nr_queued)
		return INFINITY;
	double slice = s->cfg.latency_s / (1 + c->nr_queued);
	return c->curr->picked_at + (slice > s->cfg.min_gran_s ? slice : s->cfg.min_gran_s);
}

/* When the current thread must stop and look: its slice's end, or its switch's end if a
 * waker is to preempt it then. */
static double next_stop(const struct sched *s, const struct sched_core *c)
{
	return c->curr->resched ? fmin(c->curr->switch_until, slice_end(s, c)) : slice_end(s, c);
}

/* ---- Waiting and waking actors ---- */

/* Release @t's actor if it waits (its state has changed: it reads it again). */
static void kick(struct sched_thread *t)
{
	if (t->waiting && !t->kicked) {
		t->kicked = true;
		sg_sem_release(t->sem);
	}
}

/* Wait until released or @timeout seconds have passed (INFINITY: until released). */
static void wait_for(struct sched_thread *t, double timeout)
{
	t->waiting = true;
	t->kicked = false;
	if (isinf(timeout))
		vs_sem_acquire(t->sem);
	else if (vs_sem_acquire_timeout(t->sem, timeout) != 0 && t->kicked &&
		 !sg_sem_would_block(t->sem))
		vs_sem_acquire(t->sem); /* the release and the timeout met: take the token now */
	t->waiting = false;
	t->kicked = false;
}

/* ---- Giving cores ---- */

/* @n becomes @c's current thread; a switch from another thread is counted and owed. */
static void set_curr(struct sched *s, struct sched_core *c, struct sched_thread *n)
{
	VS_BUG_ON(c->curr, "core %d: thread %d picked while thread %d runs", c->id, n->id,
		  c->curr->id);
	double t = now();
	c->curr = n;
	n->core = c->id;
	n->state = TS_RUNNING;
	n->picked_at = n->exec_start = n->held_at = t;
	c->prev_last = c->last;
	c->counted = c->last && c->last != n;
	n->switch_s = c->counted ? s->cfg.switch_s : 0;
	n->switch_until = t + n->switch_s;
	n->resched = false;
	if (c->counted && t >= s->cfg.window_start)
		s->switches++;
	c->last = n;
	update_min(c);
}

/* The current thread leaves @c: back on its queue (@requeue) or blocked. A thread picked at
 * this very instant never ran: its pick is undone (no switch happened). */
static void put_prev(struct sched *s, struct sched_core *c, bool requeue)
{
	struct sched_thread *t = c->curr;
	update_curr(c);
	c->curr = NULL;
	t->resched = false;
	if (t->picked_at == now()) {
		if (c->counted && now() >= s->cfg.window_start)
			s->switches--;
		c->last = c->prev_last;
		c->counted = false;
	}
	if (requeue) {
		t->state = TS_BLOCKED; /* (rq_insert's check) */
		rq_insert(c, t);
	} else {
		t->state = TS_BLOCKED;
		t->core = -1;
	}
	update_min(c);
}

/* Idle balance: the next runnable thread of the busiest other core (most runnable threads,
 * ties: the lower core), renormalised to @dst's min_vruntime (never lowered); NULL if no core
 * has a thread waiting. */
static struct sched_thread *pull(struct sched *s, struct sched_core *dst)
{
	struct sched_core *busiest = NULL;
	for (int i = 0; i < s->ncores; i++) {
		struct sched_core *c = &s->cores[i];
		if (c != dst && c->nr_queued && (!busiest || c->nr_queued > busiest->nr_queued))
			busiest = c;
	}
	if (!busiest)
		return NULL;
	struct sched_thread *t = busiest->queue;
	int64_t v = t->vruntime - busiest->min_vruntime + dst->min_vruntime;
	rq_remove(busiest, t);
	t->state = TS_BLOCKED;
	t->core = -1;
	update_min(busiest);
	if (v > t->vruntime)
		set_vruntime(t, v);
	return t;
}

/* @c has no current thread: run its first queued one, or pull one; else it idles. */
static void pick_next(struct sched *s, struct sched_core *c)
{
	struct sched_thread *n = c->queue;
	if (n) {
		rq_remove(c, n);
		n->state = TS_BLOCKED;
	} else {
		n = pull(s, c);
	}
	if (!n)
		return;
	set_curr(s, c, n);
	kick(n);
}

/* The current thread goes back on the queue; the first in order takes the core. The core is
 * given before anyone is woken: a semaphore release is a simcall, during which other actors
 * run and may wake threads onto this core, so it must not be seen without its current thread. */
static void preempt(struct sched *s, struct sched_core *c)
{
	struct sched_thread *t = c->curr;
	put_prev(s, c, true);
	pick_next(s, c);
	kick(t);
}

/* A poll whose time has come is over: the vCPU blocked when it ran out. */
static void expire_poll(struct sched *s, struct sched_core *c)
{
	struct sched_thread *t = c->curr;
	if (t && t->state == TS_POLLING && time_reached(t->poll_until, now())) {
		t->poll_end = t->poll_until;
		put_prev(s, c, false);
		pick_next(s, c);
	}
}

/* @t (blocked) becomes runnable on its home core. */
static void wake(struct sched *s, struct sched_thread *t)
{
	struct sched_core *c = &s->cores[t->home];
	expire_poll(s, c);
	update_curr(c);
	int64_t floor = c->min_vruntime - ns(s->cfg.latency_s / 2); /* GENTLE_FAIR_SLEEPERS */
	if (floor > t->vruntime)
		set_vruntime(t, floor);
	struct sched_thread *cur = c->curr;
	if (!cur) {
		set_curr(s, c, t);
		return;
	}
	if (cur->state == TS_POLLING) { /* single_task_running() fails: KVM stops polling */
		cur->poll_end = now();
		put_prev(s, c, false);
		set_curr(s, c, t);
		return;
	}
	rq_insert(c, t);
	if (cur->picked_at == now() && before(t, cur)) {
		preempt(s, c); /* the pick is revisited: it never ran */
		return;
	}
	if (cur->vruntime - t->vruntime > ns(s->cfg.wakeup_gran_s)) {
		if (!time_reached(cur->switch_until, now()))
			cur->resched = true; /* context_switch() runs with preemption off */
		else {
			preempt(s, c);
			return;
		}
	}
	/* Its slice just got shorter, or it is to be preempted once switched in: a current
	 * thread waiting past that must look. */
	if (cur->waiting && next_stop(s, c) < cur->armed)
		kick(cur);
}

/* ---- The thread's calls ---- */

static struct sched_core *core_of(struct sched_thread *t) { return &t->s->cores[t->core]; }

/* Debug: only the thread's actor calls for it, and a running thread never holds its core
 * across simulated time without running (a wait without sched_block). */
static void check_caller(struct sched_thread *t)
{
	if (!t->actor)
		t->actor = sg_actor_self();
	VS_BUG_ON(t->actor != sg_actor_self(), "thread %d called by another actor", t->id);
	VS_BUG_ON(t->state == TS_RUNNING && now() > t->held_at + TIME_EPS,
		  "thread %d held core %d idle from %.9f to %.9f (a wait without blocking)", t->id,
		  t->core, t->held_at, now());
	VS_BUG_ON(t->state == TS_RUNNING && core_of(t)->curr != t,
		  "thread %d runs on core %d, whose current thread is another", t->id, t->core);
}

void sched_run(struct sched_thread *t, double work_s, sched_account_fn acct, void *ctx)
{
	struct sched *s = t->s;
	if (work_s <= 0)
		return;
	check_caller(t);
	VS_BUG_ON(t->state == TS_POLLING, "thread %d runs while halted", t->id);
	if (t->state == TS_BLOCKED)
		wake(s, t);
	else if (t->state == TS_RUNNING && time_reached(next_stop(s, core_of(t)), now()))
		preempt(s, core_of(t));
	double left = work_s;
	for (;;) {
		if (t->state != TS_RUNNING) {
			wait_for(t, INFINITY); /* queued: until a core picks it */
			continue;
		}
		struct sched_core *c = core_of(t);
		double t0 = now(), sw = t->switch_s;
		double until = fmin(t0 + sw + left, next_stop(s, c));
		if (until > t0) {
			t->armed = until;
			wait_for(t, until - t0);
		}
		double t1 = now(), sw_done = fmin(t1 - t0, sw);
		if (sw_done > 0)
			acct(ctx, SCHED_SEG_SWITCH, t0, t0 + sw_done, 1);
		if (t1 - t0 > sw_done) {
			/* Done when it ran to its end (the clock's rounding aside). */
			double done = t1 - t0 - sw_done >= left - TIME_EPS ? left : t1 - t0 - sw_done;
			acct(ctx, SCHED_SEG_WORK, t0 + sw_done, t1, done / work_s);
			left -= done;
		}
		if (t->state == TS_RUNNING)
			t->switch_s = sw - sw_done;
		if (left <= TIME_EPS)
			break;
		if (t->state == TS_RUNNING && time_reached(next_stop(s, c), t1))
			preempt(s, c); /* its slice is over and others wait, or a waker's turn */
	}
	t->held_at = now();
}

void sched_block(struct sched_thread *t)
{
	struct sched *s = t->s;
	check_caller(t);
	switch (t->state) {
	case TS_BLOCKED:
		return;
	case TS_QUEUED: { /* preempted since its last run: it leaves the queue */
		struct sched_core *c = core_of(t);
		rq_remove(c, t);
		t->state = TS_BLOCKED;
		t->core = -1;
		update_min(c);
		return;
	}
	case TS_POLLING:
		t->poll_end = now();
		/* fall through */
	case TS_RUNNING: {
		struct sched_core *c = core_of(t);
		put_prev(s, c, false);
		pick_next(s, c);
		return;
	}
	}
}

void sched_halt(struct sched_thread *t, double poll_s)
{
	check_caller(t);
	t->poll_end = now();
	if (t->state == TS_RUNNING && !core_of(t)->nr_queued && poll_s > 0) {
		t->state = TS_POLLING;
		t->poll_until = now() + poll_s;
		return;
	}
	sched_block(t);
}

double sched_poll_until(struct sched_thread *t)
{
	if (t->state != TS_POLLING)
		return INFINITY;
	struct sched_core *c = core_of(t);
	expire_poll(t->s, c);
	return t->state == TS_POLLING ? t->poll_until : INFINITY;
}

bool sched_unhalt(struct sched_thread *t, double *poll_end)
{
	if (t->state == TS_POLLING) {
		t->state = TS_RUNNING;
		t->held_at = *poll_end = now();
		return true;
	}
	VS_BUG_ON(t->state != TS_BLOCKED, "thread %d: halt over in state %d", t->id, t->state);
	*poll_end = t->poll_end;
	return false;
}
