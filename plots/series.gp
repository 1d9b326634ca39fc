# A run's time series (run.series_ms): throughput, p99 latency and sidecores in service against
# time, one line per model, replication 0. Where a fault or a load pattern changes the rack, the
# dip and the recovery show.
# Usage: gnuplot -e "datafile='DIR/series.dat'; outfile='DIR/series.png'; nseries=2" series.gp
# Written by `vriosim run` (plot.c) from DIR/series.csv. datafile: one block per model (two
# blank lines between), its first line naming it; columns: t_ms throughput_krps p99_us
# active_sidecores. Optional: plottitle.
if (!exists("datafile")) datafile = 'series.dat'
if (!exists("outfile")) outfile = 'series.png'
if (!exists("nseries")) nseries = 1
if (!exists("plottitle")) plottitle = 'Time series'
load ARG0[1:strlen(ARG0)-strlen('series.gp')].'terminal.gp'

# One time axis for the three panels, and one left margin so they line up.
stats datafile using 1 nooutput
set xrange [STATS_min:STATS_max]
set lmargin 12
set multiplot layout 3,1 title plottitle noenhanced
set key off
set ylabel 'throughput (k req/s)'
set format x ''
set yrange [0:*]
plot for [i=0:nseries-1] datafile index i using 1:2 with lines lw 2 title columnheader(1)
set ylabel 'p99 latency (us)'
plot for [i=0:nseries-1] datafile index i using 1:($3 > 0 ? $3 : 1/0) with lines lw 2 title columnheader(1)
set ylabel 'sidecores in service'
set xlabel 'time (ms)'
set format x '%g'
set key below center horizontal noenhanced
plot for [i=0:nseries-1] datafile index i using 1:4 with steps lw 2 title columnheader(1)
unset multiplot
