# Throughput against a sweep axis (sidecores, VMs per host, load...), one line per series
# (model, and any other axis that varies), with 95% confidence intervals as error bars.
# Usage: gnuplot -e "datafile='DIR/throughput.dat'; outfile='DIR/throughput.png'; nseries=2; \
#                    xlabel='rack.iohost_sidecores'" throughput.gp
# Written by `vriosim plot DIR`. datafile: one block per series (two blank lines between), its
# first line naming the series; columns: x y y_lo y_hi (y2 y2_lo y2_hi unused) xtic.
# Optional: xcat=1 (x is a category: label ticks with column 8), logx=1, plottitle.
# The output format follows outfile's extension: .png (pngcairo), .pdf (pdfcairo), .svg.
if (!exists("datafile")) datafile = 'throughput.dat'
if (!exists("outfile")) outfile = 'throughput.png'
if (!exists("nseries")) nseries = 1
if (!exists("xlabel")) xlabel = 'x'
if (!exists("xcat")) xcat = 0
if (!exists("logx")) logx = 0
if (!exists("plottitle")) plottitle = 'Throughput'
load ARG0[1:strlen(ARG0)-strlen('throughput.gp')].'terminal.gp'

set title plottitle
set xlabel xlabel noenhanced
set ylabel 'thousand requests / s'
set yrange [0:*]
if (logx) { set logscale x 2 }
if (xcat) {
    plot for [i=0:nseries-1] datafile index i using 1:2:3:4:xtic(8) \
         with yerrorlines lw 2 pt 7 title columnheader(1)
} else {
    plot for [i=0:nseries-1] datafile index i using 1:2:3:4 \
         with yerrorlines lw 2 pt 7 title columnheader(1)
}
