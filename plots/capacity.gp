# Capacity at a latency SLO against a swept axis: the highest offered load whose latency meets
# the SLO with no drops and no growing queue (vriosim capacity), one line per series (model, and
# any other axis that varies), the replications' 95% band as error bars. Series that are the
# same at every x come after the series (nref of them) and are drawn once, dashed, as references;
# then a block of the points not reached by --max (nabove: drawn hollow, a lower bound) and one of
# the searches failed at the lowest rate (nbelow: an x at zero). Without an axis that varies the
# models stand side by side as categories.
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
if (!exists("nabove")) nabove = 0
if (!exists("nbelow")) nbelow = 0
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
# The plot command from its pieces, each only when it has blocks (gnuplot warns about an
# iteration over none): the series, the references, then the marks: a white centre makes the
# points not reached by --max hollow (a lower bound), an x at zero the searches that failed at the
# lowest rate.
cat(a, b) = (strlen(a) > 0 && strlen(b) > 0 ? a.', '.b : a.b)
above = nseries + nref
below = nseries + nref + (nabove > 0)
seriescmd = (nseries > 0 ? (xcat ? 'for [i=0:nseries-1] datafile index i using 1:2:3:4:xtic(6) with yerrorlines lw 2 pt 7 ps 1.5 lc i+1 title columnheader(1)' \
                                 : 'for [i=0:nseries-1] datafile index i using 1:2:3:4 with yerrorlines lw 2 pt 7 lc i+1 title columnheader(1)') : '')
refcmd = (nref > 0 && !xcat ? 'for [i=nseries:nseries+nref-1] datafile index i using 1:2 with lines dt 2 lw 2 lc i+1 title columnheader(1)' : '')
markcmd = cat(nabove > 0 ? sprintf("datafile index %d using 1:2 with points pt 7 ps 0.6 lc rgb 'white' title 'white centre: met the SLO up to --max (a lower bound)'", above) : '', \
              nbelow > 0 ? sprintf("datafile index %d using 1:2 with points pt 2 ps 2.5 lw 2 lc rgb 'black' title 'x: failed the SLO at the lowest rate tried'", below) : '')
eval 'plot '.cat(cat(seriescmd, refcmd), markcmd)
