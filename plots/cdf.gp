# Latency distribution per model (a CDF), latency on a log axis: where the tail starts shows.
# Usage: gnuplot -e "datafile='DIR/cdf.dat'; outfile='DIR/cdf.png'; nseries=5" cdf.gp
# Written by `vriosim run` (plot.c) from DIR/cdf.csv. datafile: one block per model (two blank
# lines between), its first line naming it; columns: latency_us quantile. Optional: plottitle.
if (!exists("datafile")) datafile = 'cdf.dat'
if (!exists("outfile")) outfile = 'cdf.png'
if (!exists("nseries")) nseries = 1
if (!exists("plottitle")) plottitle = 'Latency distribution'
load ARG0[1:strlen(ARG0)-strlen('cdf.gp')].'terminal.gp'

set title plottitle noenhanced
set xlabel 'latency (microseconds, log scale)'
set ylabel 'fraction of requests at or below'
set logscale x
set yrange [0:1]
set ytics 0.1
set mytics 2
plot for [i=0:nseries-1] datafile index i using 1:2 with lines lw 2 title columnheader(1)
