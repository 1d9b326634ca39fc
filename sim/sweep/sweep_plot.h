/*
 * sweep_plot — the figures of a sweep (DIR/sweep.csv) through the gnuplot scripts in plots/.
 *
 * The x axis is --x, or the first axis whose values are all numbers (else the first axis, as
 * categories), labelled in words from the key table (plot_axis_label). Every other axis with
 * several values, and the model, make the series; a series the same at every x (a model that
 * does not read the swept key) is drawn once, dashed, as a reference. Points of unstable runs
 * are marked with an 'x', saturated ones (a resource at 95% or more) with a ring. Keys go below
 * the plot. For each figure a whitespace table DIR/<figure>.dat is written (one block per
 * series, its first line naming it) and plots/<figure>.gp renders DIR/<figure>.<format>:
 *   throughput   throughput_rps vs x (streams: throughput_gbps, with the line rate)
 *   latency      latency_p50_us and latency_p99_us vs x    (the hockey stick against load; a
 *                log y axis when it spans two decades, or with --logy)
 *   efficiency   throughput per dedicated I/O core vs x    (points with io_cores > 0)
 *   cpu          cpu_guest/exit/io/poll_cores, stacked, per point and model
 *   block        p50/p99 latency per point and model, when device.placement is an axis
 */
#ifndef VRIOSIM_SWEEP_PLOT_H
#define VRIOSIM_SWEEP_PLOT_H

#include <stdbool.h>
#include <stddef.h>

/* How to draw. */
struct sweep_plot_opts {
	const char *xkey;      /* NULL, or the axis ("section.key") on x */
	const char *formats;   /* comma list of png, pdf, svg */
	bool logy;             /* every line figure's y axis (and block's) on a log scale */
	bool quiet;            /* do not name the files written */
};

/* 0 ok, -1 runtime failure (@err), 2 input error (@err: no sweep.csv, unknown --x). */
int sweep_plot_render(const char *dir, const struct sweep_plot_opts *o, char *err, size_t errn);

#endif
