/*
 * sweep_plot — the figures of a sweep (DIR/sweep.csv) through the gnuplot scripts in plots/.
 *
 * The x axis is --x, or the first axis whose values are all numbers (else the first axis, as
 * categories). Every other axis with several values, and the model, make the series. For each
 * figure a whitespace table DIR/<figure>.dat is written (one block per series, its first line
 * naming it) and plots/<figure>.gp renders DIR/<figure>.<format>:
 *   throughput   throughput_rps vs x                       (error bars: the _ci_lo/_ci_hi rows)
 *   latency      latency_p50_us and latency_p99_us vs x    (the hockey stick against load)
 *   efficiency   throughput per dedicated I/O core vs x    (points with io_cores > 0)
 *   cpu          cpu_guest/exit/io/poll_cores, stacked, per point and model
 *   block        p50/p99 latency per point and model, when device.placement is an axis
 */
#ifndef VRIOSIM_SWEEP_PLOT_H
#define VRIOSIM_SWEEP_PLOT_H

#include <stdbool.h>
#include <stddef.h>

/* @xkey: NULL or an axis ("section.key"); @formats: comma list of png, pdf, svg. 0 ok, -1
 * runtime failure (@err), 2 input error (@err: no sweep.csv, unknown --x). */
int sweep_plot_render(const char *dir, const char *xkey, const char *formats, bool quiet,
		      char *err, size_t errn);

#endif
