/*
 * progress — elapsed time, points done, ETA.
 */
#define _GNU_SOURCE
#include "progress.h"

#include <stdio.h>
#include <time.h>
#include <unistd.h>

double progress_now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

void progress_init(struct progress *pg, int want)
{
	*pg = (struct progress){ .t0 = progress_now() };
	pg->tty = isatty(2);
	pg->on = want > 0 || (want < 0 && pg->tty);
}

void progress_show(struct progress *pg, const struct sweep_stats *st, int done_now, bool force)
{
	if (!pg->on)
		return;
	double t = progress_now();
	if (!force && t - pg->last < (pg->tty ? 0.5 : 1e30))
		return;
	pg->last = t;
	double el = t - pg->t0;
	int done = st->skipped + st->ran + st->failed;
	int left = st->total - done;
	char eta[32] = "?";
	if (done_now > 0)
		snprintf(eta, sizeof(eta), "%.0f s", el / done_now * left);
	else if (!left)
		snprintf(eta, sizeof(eta), "0 s");
	fprintf(stderr, "%ssweep: %d/%d done (%d up to date), %d failed, %.0f s elapsed, ETA %s%s",
		pg->tty ? "\r\033[K" : "", done, st->total, st->skipped, st->failed, el, eta,
		pg->tty ? "" : "\n");
	pg->shown = pg->tty;
}

void progress_break(struct progress *pg)
{
	if (pg->shown) {
		fputs("\r\033[K", stderr);
		pg->shown = false;
	}
}
