# Throughput per dedicated I/O core (sidecores: Elvis per VMhost, vRIO at the IOhost) against a
# sweep axis: what a core given to I/O buys. Models without dedicated I/O cores are left out.
# Usage: gnuplot -e "datafile='DIR/efficiency.dat'; outfile='DIR/efficiency.png'; nseries=2; \
#                    xlabel='VM hosts in the rack'" efficiency.gp
# Written by `vriosim plot DIR`. datafile: one block per series, first line naming it; columns:
# x y y_lo y_hi (per I/O core, 95% CI) y2 y2_lo y2_hi (unused) xtic status. The last nref
# blocks are the same at every x (dashed references). gbps=1: Gb/s per core (streams), else
# thousand requests/s per core. status: 1 saturated (ring), 2 unstable (x).
if (!exists("datafile")) datafile = 'efficiency.dat'
if (!exists("outfile")) outfile = 'efficiency.png'
if (!exists("nseries")) nseries = 1
if (!exists("nref")) nref = 0
if (!exists("nsat")) nsat = 0
if (!exists("nuns")) nuns = 0
if (!exists("xlabel")) xlabel = 'x'
if (!exists("xcat")) xcat = 0
if (!exists("logx")) logx = 0
if (!exists("logy")) logy = 0
if (!exists("gbps")) gbps = 0
if (!exists("plottitle")) plottitle = 'Throughput per dedicated I/O core'
here = ARG0[1:strlen(ARG0)-strlen('efficiency.gp')]
load here.'terminal.gp'
load here.'marks.gp'

set title plottitle
set xlabel xlabel noenhanced
if (gbps) { set ylabel 'Gb/s per I/O core' } else { set ylabel 'thousand requests/s per I/O core' }
if (logy) { set logscale y } else { set yrange [0:*] }
if (logx) { set logscale x 2 }
if (xcat) { set offsets 0.5, 0.5, graph 0.05, 0 } else { set offsets graph 0.03, graph 0.03, graph 0.05, 0 }
seriescmd = (nseries > 0 ? (xcat ? 'for [i=0:nseries-1] datafile index i using 1:2:3:4:xtic(8) with yerrorlines lw 2 pt 5 lc i+1 title columnheader(1)' : 'for [i=0:nseries-1] datafile index i using 1:2:3:4 with yerrorlines lw 2 pt 5 lc i+1 title columnheader(1)') : '')
refcmd = (nref > 0 && !xcat ? 'for [i=nseries:nseries+nref-1] datafile index i using 1:2 with lines dt 2 lw 2 lc i+1 title columnheader(1)' : '')
eval 'plot '.cat(cat(seriescmd, refcmd), markcmd)
