# Latency p50 (solid) and p99 (dashed) against a sweep axis, typically offered load: the
# hockey stick. One colour per series (model, and any other axis that varies); error bars are
# the 95% confidence intervals.
# Usage: gnuplot -e "datafile='DIR/latency.dat'; outfile='DIR/latency.png'; nseries=2; \
#                    xlabel='workload.rate_rps'" latency.gp
# Written by `vriosim plot DIR`. datafile: one block per series, first line naming it; columns:
# x p50 p50_lo p50_hi p99 p99_lo p99_hi xtic. Optional: xcat, logx, logy, plottitle.
if (!exists("datafile")) datafile = 'latency.dat'
if (!exists("outfile")) outfile = 'latency.png'
if (!exists("nseries")) nseries = 1
if (!exists("xlabel")) xlabel = 'x'
if (!exists("xcat")) xcat = 0
if (!exists("logx")) logx = 0
if (!exists("logy")) logy = 0
if (!exists("plottitle")) plottitle = 'Latency (solid: p50, dashed: p99)'
load ARG0[1:strlen(ARG0)-strlen('latency.gp')].'terminal.gp'

set title plottitle
set xlabel xlabel noenhanced
set ylabel 'microseconds'
if (logx) { set logscale x 2 }
if (logy) { set logscale y } else { set yrange [0:*] }
if (xcat) {
    plot for [i=0:nseries-1] datafile index i using 1:2:3:4:xtic(8) \
             with yerrorlines lw 2 pt 7 lc i+1 title columnheader(1), \
         for [i=0:nseries-1] datafile index i using 1:5:6:7 \
             with yerrorlines lw 2 pt 6 dt 2 lc i+1 notitle
} else {
    plot for [i=0:nseries-1] datafile index i using 1:2:3:4 \
             with yerrorlines lw 2 pt 7 lc i+1 title columnheader(1), \
         for [i=0:nseries-1] datafile index i using 1:5:6:7 \
             with yerrorlines lw 2 pt 6 dt 2 lc i+1 notitle
}
