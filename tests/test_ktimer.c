/*
 * test_ktimer — actors blocked on kernel timers (engine/ktimer.h): the order at one date, early
 * wake-ups, and many dates armed and cancelled at random (the date table's deletes).
 */
#include <gsl/gsl_rng.h>
#include <math.h>
#include <simgrid/actor.h>
#include <simgrid/engine.h>
#include <simgrid/host.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "check.h"
#include "check_sim.h"
#include "ktimer.h"
#include "vclock.h"

/* One simulation with one host. */
static sg_host_t sim_start(void) { return check_sim_start("test_ktimer", 1, 1); }

static void start(sg_host_t h, void *data, void (*fn)(int, char **))
{
	sg_actor_t a = sg_actor_init("t", h);
	sg_actor_set_data(a, data);
	sg_actor_start_(a, fn, 0, NULL);
}

/* Two actors running @pair_main, each on one of @blk's blocks, and one running @other_main,
 * all sharing @data; runs the simulation to 1 ms. */
static void run_two_and_one(void *data, struct vs_block blk[2], void (*pair_main)(int, char **),
			    void (*other_main)(int, char **))
{
	sg_host_t h = sim_start();
	vs_block_init(&blk[0]);
	vs_block_init(&blk[1]);
	start(h, data, pair_main);
	start(h, data, pair_main);
	start(h, data, other_main);
	simgrid_run_until(1e-3);
	vclock_forget();
}

/* ---- The order at one date ---- */

struct order {
	int id;
	int *log, *n;
};

/* Actor i arms the common date (1 ms) at (5 - i) us: they arm it in the order 4, 3, 2, 1, 0. */
static void orderly_main(int argc, char **argv)
{
	struct order *o = sg_actor_self_get_data();
	vs_sleep_to((5 - o->id) * 1e-6);
	vs_sleep_to(1e-3);
	CHECK(vs_now() == 1e-3);
	o->log[(*o->n)++] = o->id;
}

CHECK_TEST(ktimer_equal_dates_wake_first_armed_first)
{
	sg_host_t h = sim_start();
	int log[5], n = 0;
	struct order o[5];
	for (int i = 0; i < 5; i++) {
		o[i] = (struct order){ i, log, &n };
		start(h, &o[i], orderly_main);
	}
	simgrid_run_until(2e-3);
	vclock_forget();
	CHECK_EQ(n, 5);
	for (int i = 0; i < 5; i++)
		CHECK_EQ(log[i], 4 - i);
	return 0;
}

/* ---- Early wake-ups ---- */

struct pair {
	struct vs_block blk;
	double woke[3];
	bool woken[3];
};

static void sleeper_main(int argc, char **argv)
{
	struct pair *p = sg_actor_self_get_data();
	double until[3] = { 3e-6, 10e-6, 20e-6 };
	for (int i = 0; i < 3; i++) {
		p->woken[i] = vs_block_until(&p->blk, until[i]);
		vclock_forget();
		p->woke[i] = vs_now();
	}
}

static void waker_main(int argc, char **argv)
{
	struct pair *p = sg_actor_self_get_data();
	/* 3 us is the sleeper's date too: armed first, it is answered first, runs, and blocks
	 * again (until 10 us) before this actor runs; the wake finds that second block. */
	vs_sleep_to(3e-6);
	vs_block_wake(&p->blk);
	vs_sleep_to(6e-6);
	vs_block_wake(&p->blk); /* blocked until 20 us: woken now */
}

CHECK_TEST(ktimer_wake_now)
{
	sg_host_t h = sim_start();
	struct pair p;
	vs_block_init(&p.blk);
	start(h, &p, sleeper_main);
	start(h, &p, waker_main);
	simgrid_run_until(1e-3);
	vclock_forget();
	CHECK_NEAR(p.woke[0], 3e-6, 0);
	CHECK(!p.woken[0]); /* by its date */
	CHECK_NEAR(p.woke[1], 3e-6, 0);
	CHECK(p.woken[1]);
	CHECK_NEAR(p.woke[2], 6e-6, 0);
	CHECK(p.woken[2]);
	return 0;
}

/* ---- A waker goes on; those it woke run after it, in the order woken ---- */

struct relay {
	struct vs_block blk[2];
	int step;       /* the waker's progress at its instant */
	int seen[2];    /* the progress each woken actor saw when it ran */
	int ran[2], n;  /* who ran, in order */
	double woke[2];
	int next_id;
};

static void parked_main(int argc, char **argv)
{
	struct relay *r = sg_actor_self_get_data();
	int id = r->next_id++;
	CHECK(vs_block_until(&r->blk[id], INFINITY));
	vclock_forget();
	r->woke[id] = vs_now();
	r->seen[id] = r->step;
	r->ran[r->n++] = id;
}

/* At 4 us: wakes 1, then 0, each followed by a step of its own, then waits. */
static void relay_main(int argc, char **argv)
{
	struct relay *r = sg_actor_self_get_data();
	vs_sleep_to(4e-6);
	vs_block_wake(&r->blk[1]);
	r->step = 1;
	vs_block_wake(&r->blk[0]);
	r->step = 2;
	vs_sleep_to(9e-6);
	r->step = 3;
}

CHECK_TEST(ktimer_waker_goes_on_and_the_woken_run_in_wake_order)
{
	static struct relay r;
	run_two_and_one(&r, r.blk, parked_main, relay_main);
	CHECK_EQ(r.n, 2);
	CHECK_EQ(r.ran[0], 1); /* woken first, runs first (though started second) */
	CHECK_EQ(r.ran[1], 0);
	CHECK_EQ(r.seen[0], 2); /* the waker did all it does at 4 us before either ran */
	CHECK_EQ(r.seen[1], 2);
	CHECK_NEAR(r.woke[0], 4e-6, 0);
	CHECK_NEAR(r.woke[1], 4e-6, 0);
	return 0;
}

/* ---- A later date, armed behind an earlier one that is then cancelled ---- */

struct behind {
	struct vs_block blk[2];
	double woke[2];
	bool woken[2];
	int next_id;
};

/* Actor 0 blocks until 10 us, actor 1 (armed after it) until 20 us. */
static void behind_main(int argc, char **argv)
{
	struct behind *b = sg_actor_self_get_data();
	int id = b->next_id++;
	b->woken[id] = vs_block_until(&b->blk[id], id ? 20e-6 : 10e-6);
	vclock_forget();
	b->woke[id] = vs_now();
}

/* At 5 us, wakes actor 0; then nothing else is due before 20 us. */
static void canceller_main(int argc, char **argv)
{
	struct behind *b = sg_actor_self_get_data();
	vs_sleep_to(5e-6);
	vs_block_wake(&b->blk[0]);
}

CHECK_TEST(ktimer_date_behind_a_cancelled_earliest_still_fires)
{
	static struct behind b;
	run_two_and_one(&b, b.blk, behind_main, canceller_main);
	CHECK(b.woken[0]);
	CHECK_NEAR(b.woke[0], 5e-6, 0);
	CHECK(!b.woken[1]); /* by its date, though the earliest date was cancelled */
	CHECK_NEAR(b.woke[1], 20e-6, 0);
	return 0;
}

/* ---- Many dates, armed and cancelled ---- */

#define STRESS_ACTORS 300
#define STRESS_ROUNDS 200

struct stress {
	struct vs_block blk[STRESS_ACTORS];
	double date[STRESS_ACTORS]; /* the date each is blocked until */
	long rounds[STRESS_ACTORS], early, late, by_date;
	int next_id;
	gsl_rng *rng;
};

/* Blocks until dates on a coarse grid (many share one), checks it wakes at the date or when
 * woken, never after. */
static void stress_main(int argc, char **argv)
{
	struct stress *s = sg_actor_self_get_data();
	int id = s->next_id++;
	for (int r = 0; r < STRESS_ROUNDS; r++) {
		double now = vs_now();
		s->date[id] = now + (1 + gsl_rng_uniform_int(s->rng, 20)) * 1e-6;
		bool woken = vs_block_until(&s->blk[id], s->date[id]);
		vclock_forget();
		double t = vs_now();
		if (t > s->date[id])
			s->late++;
		if (woken)
			s->early++;
		else if (t == s->date[id])
			s->by_date++;
		s->rounds[id]++;
	}
	s->date[id] = -1;
	vs_block_until(&s->blk[id], INFINITY); /* no timer left behind (never killed with one) */
}

/* Every 0.5 us: wakes one blocked actor at random. */
static void chaos_main(int argc, char **argv)
{
	struct stress *s = sg_actor_self_get_data();
	sg_actor_daemonize(sg_actor_self());
	for (;;) {
		vs_sleep_for(0.5e-6);
		int a = (int)gsl_rng_uniform_int(s->rng, STRESS_ACTORS);
		if (s->date[a] > 0)
			vs_block_wake(&s->blk[a]);
	}
}

CHECK_TEST(ktimer_many_dates_armed_and_cancelled)
{
	sg_host_t h = sim_start();
	static struct stress s;
	s.rng = gsl_rng_alloc(gsl_rng_mt19937);
	gsl_rng_set(s.rng, 42);
	for (int i = 0; i < STRESS_ACTORS; i++)
		vs_block_init(&s.blk[i]);
	for (int i = 0; i < STRESS_ACTORS; i++)
		start(h, &s, stress_main);
	sg_actor_t c = sg_actor_init("chaos", h);
	sg_actor_set_data(c, &s);
	sg_actor_start_(c, chaos_main, 0, NULL);
	simgrid_run_until(1.0);
	vclock_forget();
	for (int i = 0; i < STRESS_ACTORS; i++)
		CHECK_EQ(s.rounds[i], STRESS_ROUNDS);
	CHECK_EQ(s.late, 0);
	CHECK_EQ(s.early + s.by_date, (long)STRESS_ACTORS * STRESS_ROUNDS);
	CHECK_GT(s.early, 1000);
	CHECK_GT(s.by_date, 1000);
	gsl_rng_free(s.rng);
	return 0;
}

int main(int argc, char **argv) { return check_main(argc, argv); }
