/*
 * progress — the sweep's progress line on stderr: redrawn in place on a terminal (at most
 * twice a second), one line per finished point otherwise (--progress into a file).
 */
#ifndef VRIOSIM_PROGRESS_H
#define VRIOSIM_PROGRESS_H

#include <stdbool.h>

/* What a sweep did (pool.h fills it; the line shows it). */
struct sweep_stats {
	int total;           /* points asked for */
	int skipped;         /* up to date: not run again */
	int ran;             /* run and succeeded */
	int failed;          /* impossible, or their run failed */
	double wall_s;       /* wall time of the whole sweep */
	bool interrupted;    /* SIGINT, SIGTERM or SIGHUP stopped it */
};

/* The line's state. */
struct progress {
	bool on;             /* show it at all */
	bool tty;            /* stderr is a terminal: redraw in place */
	bool shown;          /* a line is on the terminal now (break it before other output) */
	double t0;           /* when the sweep started (progress_now) */
	double last;         /* when the line was last drawn */
};

/* Seconds on a monotonic clock. */
double progress_now(void);
/* Start: shown when @want > 0, or when @want < 0 and stderr is a terminal. */
void progress_init(struct progress *pg, int want);
/* Draw the line (@force: even if drawn less than 0.5 s ago). @done_now: points finished in
 * this sweep (for the ETA). */
void progress_show(struct progress *pg, const struct sweep_stats *st, int done_now, bool force);
/* Before any other line on stderr: leave the progress line. */
void progress_break(struct progress *pg);

#endif
