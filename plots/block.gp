# Block I/O latency with the device local to the VMhost or consolidated at the IOhost:
# p50 and p99 per sweep point and model, 95% confidence intervals as error bars.
# Usage: gnuplot -e "datafile='DIR/block.dat'; outfile='DIR/block.png'" block.gp
# Written by `vriosim plot DIR` when device.placement is an axis. datafile: comment lines, then
# one row per bar group; columns: label p50 p50_lo p50_hi p99 p99_lo p99_hi; unstable or
# saturated points say so in their label. Optional: logy.
if (!exists("datafile")) datafile = 'block.dat'
if (!exists("outfile")) outfile = 'block.png'
if (!exists("plottitle")) plottitle = 'Block latency: local vs consolidated devices'
load ARG0[1:strlen(ARG0)-strlen('block.gp')].'terminal.gp'

set title plottitle
if (!exists("logy")) logy = 0
if (logy) { set ylabel 'latency (microseconds, log scale)'; set logscale y } else { set ylabel 'latency (microseconds)'; set yrange [0:*] }
set style data histograms
set style histogram errorbars gap 1 lw 1
set key below center horizontal
set style fill solid 0.85 border -1
set boxwidth 0.9
set xtics rotate by -40 left noenhanced font ',8'
plot datafile using 2:3:4:xtic(1) title 'p50' lc rgb '#3465a4', \
     '' using 5:6:7 title 'p99' lc rgb '#cc0000'
