/*
 * plot — figures through gnuplot: the scripts in plots/, parameterised by input and output
 * files, and the comparison figure of one run.
 */
#ifndef VRIOSIM_PLOT_H
#define VRIOSIM_PLOT_H

#include <stdbool.h>
#include <stddef.h>

#include "record.h"
#include "scenario.h"

/* The directory holding the gnuplot scripts (VRIOSIM_PLOTS overrides the built-in one). */
const char *plot_scripts_dir(void);
/* Run `gnuplot -e @expr @script` (@quiet: its output to /dev/null). 0, or -1 with @err. */
int plot_gnuplot(const char *script, const char *expr, bool quiet, char *err, size_t errn);
/* Render plots/@script with gnuplot: datafile=@data, outfile=@out (format by extension), extra
 * "name='value'" assignments in @vars (may be NULL). 0, or -1 with @err. */
int plot_render(const char *script, const char *data, const char *out, const char *vars,
		char *err, size_t errn);
/* The figures of one run: DIR/compare.png (throughput and latency per model) and DIR/cdf.png
 * (each model's latency distribution, log x), with their tables DIR/compare.dat, DIR/cdf.dat. */
int plot_compare(const char *dir, const struct scenario *s, const struct run_record *runs, int n,
		 char *err, size_t errn);

/* Render a run directory's figures again from their tables (compare.dat, cdf.dat) in each of
 * @formats (a comma list of png, pdf, svg), naming what it wrote on stdout. 0, or -1 with @err. */
int plot_run_dir(const char *dir, const char *formats, char *err, size_t errn);

/* An axis label in words for the scenario key @key ("section.key"): its meaning and unit from
 * the models' key table (vs_key_find), or the key itself. */
void plot_axis_label(const char *key, char *buf, size_t n);

#endif
