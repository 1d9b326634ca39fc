# Capacity at a latency SLO against a swept axis: the highest offered load whose latency meets
# the SLO with no drops and no growing queue (vriosim capacity), one line per series (model, and
# any other axis that varies), the replications' 95% band as error bars. Series that are the
# same at every x come last (nref of them) and are drawn once, dashed, as references. Hollow:
# not reached by --max (a lower bound); 'x': failed at the lowest load tried.
# Usage: gnuplot -e "datafile='DIR/capacity.dat'; outfile='DIR/capacity.png'; nseries=2; nref=1; \
#                    xlabel='polling cores of the IOhost (cores)'" capacity.gp
# Written by `vriosim capacity` (cap_plot.c). datafile: one block per series (two blank lines
# between), its first line naming it; columns: x y y_lo y_hi status xtic. gbps=1: y in Gb/s and
# the line rate `linerate` drawn; else thousand requests/s. Optional: xcat, logx, xticlist (the
# x values to tick, comma-separated), plottitle.
if (!exists("datafile")) datafile = 'capacity.dat'
if (!exists("outfile")) outfile = 'capacity.png'
if (!exists("nseries")) nseries = 1
if (!exists("nref")) nref = 0
if (!exists("xlabel")) xlabel = 'x'
if (!exists("xcat")) xcat = 0
if (!exists("logx")) logx = 0
if (!exists("gbps")) gbps = 0
if (!exists("linerate")) linerate = 0
if (!exists("xticlist")) xticlist = ''
if (!exists("plottitle")) plottitle = 'Capacity at the SLO'
load ARG0[1:strlen(ARG0)-strlen('capacity.gp')].'terminal.gp'

set title plottitle noenhanced
set xlabel xlabel noenhanced
if (gbps) { set ylabel 'capacity (Gb/s of payload)' } else { set ylabel 'capacity (thousand requests/s)' }
set yrange [0:*]
if (xcat) { set offsets 0.5, 0.5, graph 0.08, 0 } else { set offsets graph 0.05, graph 0.05, graph 0.08, 0 }
if (logx) { set logscale x 2 }
# Few x values: tick exactly those.
if (strlen(xticlist) > 0 && !xcat) { eval sprintf('set xtics (%s)', xticlist) }
if (gbps && linerate > 0) {
    set arrow from graph 0, first linerate to graph 1, first linerate nohead dt 3 lw 2 lc rgb '#555555'
    set label sprintf('line rate %g Gb/s', linerate) at graph 0.01, first linerate offset 0, 0.7 textcolor rgb '#555555'
}
hollow(s, y) = (s == 1 ? y : 1/0)
failed(s) = (s == 2 ? 0 : 1/0)
if (xcat) {
    plot for [i=0:nseries-1] datafile index i using 1:2:3:4:xtic(6) with yerrorlines lw 2 pt 7 lc i+1 title columnheader(1), \
         for [i=0:nseries-1] datafile index i using 1:(hollow($5, $2)) with points pt 6 ps 2 lc rgb 'white' notitle, \
         for [i=0:nseries-1] datafile index i using 1:(failed($5)) with points pt 2 ps 2 lc i+1 notitle
} else {
    plot for [i=0:nseries-1] datafile index i using 1:2:3:4 with yerrorlines lw 2 pt 7 lc i+1 title columnheader(1), \
         for [i=0:nseries-1] datafile index i using 1:(hollow($5, $2)) with points pt 7 ps 0.6 lc rgb 'white' notitle, \
         for [i=0:nseries-1] datafile index i using 1:(failed($5)) with points pt 2 ps 2 lc i+1 notitle, \
         for [i=nseries:nseries+nref-1] datafile index i using 1:2 with lines dt 2 lw 2 lc i+1 title columnheader(1)
}
