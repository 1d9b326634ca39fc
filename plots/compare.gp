# Models side by side: throughput and latency (p50, p99) of one run.
# Usage: gnuplot -e "datafile='DIR/compare.dat'; outfile='DIR/compare.png'" compare.gp
# datafile columns: model throughput_krps latency_p50_us latency_p99_us io_cores
if (!exists("datafile")) datafile = 'compare.dat'
if (!exists("outfile")) outfile = 'compare.png'
if (!exists("plottitle")) plottitle = ''
if (outfile[strlen(outfile)-3:] eq 'pdf') {
    set terminal pdfcairo size 8in,3.2in font ',9'
} else { if (outfile[strlen(outfile)-3:] eq 'svg') {
    set terminal svg size 1000,400 font ',10'
} else {
    set terminal pngcairo size 1000,400 font ',10'
}}
set output outfile
set multiplot layout 1,2 title plottitle
set style data histograms
set style histogram clustered gap 1
set style fill solid 0.8 border -1
set boxwidth 0.9
set grid ytics
set yrange [0:*]
set key below center horizontal   # clear of the bars
set title 'Throughput'
set ylabel 'thousand requests / s'
plot datafile using 2:xtic(1) title 'throughput' lc rgb '#3465a4'
set title 'Latency'
set ylabel 'microseconds'
plot datafile using 3:xtic(1) title 'p50' lc rgb '#73d216', \
     '' using 4 title 'p99' lc rgb '#cc0000'
unset multiplot
