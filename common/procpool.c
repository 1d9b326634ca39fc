/*
 * procpool — numbered jobs as child processes, a few at a time (see procpool.h).
 */
#define _POSIX_C_SOURCE 200809L
#include "procpool.h"

#include <errno.h>
#include <signal.h>
#include <stdlib.h>
#include <time.h>

static volatile sig_atomic_t pool_stop; /* the stop signal that came, or 0 */

static void on_signal(int sig) { pool_stop = sig; }

static const int stop_signals[3] = { SIGINT, SIGTERM, SIGHUP };

/* Children in flight, one per slot (pid 0: free). */
struct slots {
	pid_t *pid;
	int *job;
	int running;
};

static void start_one(const struct procpool *pp, struct slots *s, int job)
{
	int slot = 0;
	while (s->pid[slot])
		slot++;
	pid_t pid;
	if (pp->start(pp->ctx, job, &pid))
		return;
	s->pid[slot] = pid;
	s->job[slot] = job;
	s->running++;
}

static void reaped(const struct procpool *pp, struct slots *s, pid_t pid,
		   const struct spawn_status *st)
{
	int slot = 0;
	while (slot < pp->slots && s->pid[slot] != pid)
		slot++;
	if (slot == pp->slots)
		return; /* not one of ours */
	s->pid[slot] = 0;
	s->running--;
	pp->done(pp->ctx, s->job[slot], st, pool_stop != 0);
}

static void loop(const struct procpool *pp, struct slots *s, const int *todo, int n)
{
	int next = 0;
	while ((next < n || s->running) && !pool_stop) {
		while (next < n && s->running < pp->slots && !pool_stop)
			start_one(pp, s, todo[next++]);
		pid_t pid;
		struct spawn_status st;
		int got = spawn_reap(&pid, &st);
		if (got == -ECHILD)
			break; /* cannot happen while children run; do not spin */
		if (got <= 0) {
			struct timespec ts = { 0, 20 * 1000 * 1000 };
			nanosleep(&ts, NULL);
			if (pp->idle)
				pp->idle(pp->ctx);
			continue;
		}
		reaped(pp, s, pid, &st);
	}
	if (!pool_stop)
		return;
	for (int i = 0; i < pp->slots; i++)
		if (s->pid[i])
			kill(s->pid[i], SIGTERM);
	for (int i = 0; i < pp->slots; i++) {
		struct spawn_status st;
		if (s->pid[i] && !spawn_wait(s->pid[i], &st))
			pp->done(pp->ctx, s->job[i], &st, true);
	}
}

int procpool_run(const struct procpool *pp, const int *todo, int n)
{
	int slots = pp->slots > 0 ? pp->slots : 1;
	struct procpool p = *pp;
	p.slots = slots;
	struct slots s = { .pid = calloc((size_t)slots, sizeof(pid_t)),
			   .job = calloc((size_t)slots, sizeof(int)) };
	if (!s.pid || !s.job) {
		free(s.pid);
		free(s.job);
		return -ENOMEM;
	}
	struct sigaction sa = { .sa_handler = on_signal }, old[3];
	sigemptyset(&sa.sa_mask);
	pool_stop = 0;
	for (int i = 0; i < 3; i++)
		sigaction(stop_signals[i], &sa, &old[i]);
	loop(&p, &s, todo, n);
	for (int i = 0; i < 3; i++)
		sigaction(stop_signals[i], &old[i], NULL);
	free(s.pid);
	free(s.job);
	return pool_stop;
}
