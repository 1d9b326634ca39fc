# Latency p50 (solid) and p99 (dashed) against a sweep axis, typically offered load: the
# hockey stick. One colour per series (model, and any other axis that varies); error bars are
# the 95% confidence intervals.
# Usage: gnuplot -e "datafile='DIR/latency.dat'; outfile='DIR/latency.png'; nseries=2; \
#                    xlabel='open loops: offered rate per queue (req/s)'" latency.gp
# Written by `vriosim plot DIR`. datafile: one block per series, first line naming it; columns:
# x p50 p50_lo p50_hi p99 p99_lo p99_hi xtic status. The last nref blocks are series the same at
# every x, drawn once as references. status: 1 saturated (ring), 2 unstable (x). Optional: xcat,
# logx, logy (vriosim sets it when the latency spans two decades, or with --logy), plottitle.
if (!exists("datafile")) datafile = 'latency.dat'
if (!exists("outfile")) outfile = 'latency.png'
if (!exists("nseries")) nseries = 1
if (!exists("nref")) nref = 0
if (!exists("nsat")) nsat = 0
if (!exists("nuns")) nuns = 0
if (!exists("xlabel")) xlabel = 'x'
if (!exists("xcat")) xcat = 0
if (!exists("logx")) logx = 0
if (!exists("logy")) logy = 0
if (!exists("plottitle")) plottitle = 'Latency (solid: p50, dashed: p99)'
here = ARG0[1:strlen(ARG0)-strlen('latency.gp')]
load here.'terminal.gp'
load here.'marks.gp'

set title plottitle
set xlabel xlabel noenhanced
if (logy) { set ylabel 'latency (microseconds, log scale)'; set logscale y } else { set ylabel 'latency (microseconds)'; set yrange [0:*] }
if (logx) { set logscale x 2 }
# On a log axis a band reaching zero is cut at its mean.
lo(v, y) = (logy && v <= 0 ? y : v)
if (xcat) { set offsets 0.5, 0.5, 0, 0 } else { set offsets graph 0.03, graph 0.03, 0, 0 }
seriescmd = (nseries > 0 ? (xcat ? 'for [i=0:nseries-1] datafile index i using 1:2:(lo($3, $2)):4:xtic(8) with yerrorlines lw 2 pt 7 lc i+1 title columnheader(1), for [i=0:nseries-1] datafile index i using 1:5:(lo($6, $5)):7 with yerrorlines lw 2 pt 6 dt 2 lc i+1 notitle' : 'for [i=0:nseries-1] datafile index i using 1:2:(lo($3, $2)):4 with yerrorlines lw 2 pt 7 lc i+1 title columnheader(1), for [i=0:nseries-1] datafile index i using 1:5:(lo($6, $5)):7 with yerrorlines lw 2 pt 6 dt 2 lc i+1 notitle') : '')
refcmd = (nref > 0 && !xcat ? 'for [i=nseries:nseries+nref-1] datafile index i using 1:2 with lines lw 1 lc i+1 title columnheader(1), for [i=nseries:nseries+nref-1] datafile index i using 1:5 with lines dt 2 lw 1 lc i+1 notitle' : '')
eval 'plot '.cat(cat(seriescmd, refcmd), markcmd)
