# Throughput against a sweep axis (sidecores, VMs per host, load...), one line per series
# (model, and any other axis that varies), with 95% confidence intervals as error bars.
# Usage: gnuplot -e "datafile='DIR/throughput.dat'; outfile='DIR/throughput.png'; nseries=2; \
#                    xlabel='polling cores of the IOhost (cores)'" throughput.gp
# Written by `vriosim plot DIR`. datafile: one block per series (two blank lines between), its
# first line naming the series; columns: x y y_lo y_hi (y2 y2_lo y2_hi unused) xtic status.
# The last nref blocks are series the same at every x, drawn once as dashed references.
# status: 1 saturated, 2 unstable: also listed in the blocks after the series (marks.gp). gbps=1: y in Gb/s with the line rate `linerate`
# drawn (streams); else thousand requests/s. Optional: xcat=1 (x is a category: label ticks with
# column 8), logx=1, logy=1, plottitle.
# The output format follows outfile's extension: .png (pngcairo), .pdf (pdfcairo), .svg.
if (!exists("datafile")) datafile = 'throughput.dat'
if (!exists("outfile")) outfile = 'throughput.png'
if (!exists("nseries")) nseries = 1
if (!exists("nref")) nref = 0
if (!exists("nsat")) nsat = 0
if (!exists("nuns")) nuns = 0
if (!exists("xlabel")) xlabel = 'x'
if (!exists("xcat")) xcat = 0
if (!exists("logx")) logx = 0
if (!exists("logy")) logy = 0
if (!exists("gbps")) gbps = 0
if (!exists("linerate")) linerate = 0
if (!exists("plottitle")) plottitle = (gbps ? 'Throughput (payload delivered)' : 'Throughput')
here = ARG0[1:strlen(ARG0)-strlen('throughput.gp')]
load here.'terminal.gp'
load here.'marks.gp'

set title plottitle noenhanced
set xlabel xlabel noenhanced
if (gbps) { set ylabel 'throughput (Gb/s)' } else { set ylabel 'throughput (thousand requests/s)' }
if (logy) { set logscale y } else { set yrange [0:*] }
if (logx) { set logscale x 2 }
if (xcat) { set offsets 0.5, 0.5, graph 0.05, 0 } else { set offsets graph 0.03, graph 0.03, graph 0.05, 0 }
if (gbps && linerate > 0) {
    set arrow from graph 0, first linerate to graph 1, first linerate nohead dt 3 lw 2 lc rgb '#555555'
    set label sprintf('line rate %g Gb/s', linerate) at graph 0.01, first linerate offset 0, 0.7 textcolor rgb '#555555'
    # Payload never exceeds the line rate: show the whole way up to it.
    if (!logy) { set yrange [0:linerate * 1.12] }
}
seriescmd = (nseries > 0 ? (xcat ? 'for [i=0:nseries-1] datafile index i using 1:2:3:4:xtic(8) with yerrorlines lw 2 pt 7 lc i+1 title columnheader(1)' : 'for [i=0:nseries-1] datafile index i using 1:2:3:4 with yerrorlines lw 2 pt 7 lc i+1 title columnheader(1)') : '')
refcmd = (nref > 0 && !xcat ? 'for [i=nseries:nseries+nref-1] datafile index i using 1:2 with lines dt 2 lw 2 lc i+1 title columnheader(1)' : '')
eval 'plot '.cat(cat(seriescmd, refcmd), markcmd)
