# Throughput per dedicated I/O core (sidecores: Elvis per VMhost, vRIO at the IOhost) against a
# sweep axis: what a core given to I/O buys. Models without dedicated I/O cores are left out.
# Usage: gnuplot -e "datafile='DIR/efficiency.dat'; outfile='DIR/efficiency.png'; nseries=2; \
#                    xlabel='rack.vmhosts'" efficiency.gp
# Written by `vriosim plot DIR`. datafile: one block per series, first line naming it; columns:
# x y y_lo y_hi (thousand requests/s per I/O core, 95% CI) y2 y2_lo y2_hi (unused) xtic.
if (!exists("datafile")) datafile = 'efficiency.dat'
if (!exists("outfile")) outfile = 'efficiency.png'
if (!exists("nseries")) nseries = 1
if (!exists("xlabel")) xlabel = 'x'
if (!exists("xcat")) xcat = 0
if (!exists("logx")) logx = 0
if (!exists("plottitle")) plottitle = 'Throughput per dedicated I/O core'
load ARG0[1:strlen(ARG0)-strlen('efficiency.gp')].'terminal.gp'

set title plottitle
set xlabel xlabel noenhanced
set ylabel 'thousand requests / s per I/O core'
set yrange [0:*]
if (logx) { set logscale x 2 }
if (xcat) {
    plot for [i=0:nseries-1] datafile index i using 1:2:3:4:xtic(8) \
         with yerrorlines lw 2 pt 5 title columnheader(1)
} else {
    plot for [i=0:nseries-1] datafile index i using 1:2:3:4 \
         with yerrorlines lw 2 pt 5 title columnheader(1)
}
