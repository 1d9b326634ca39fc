# Where the CPU goes: cores consumed by VM work, exits, I/O processing and polling, stacked,
# one bar per sweep point and model.
# Usage: gnuplot -e "datafile='DIR/cpu.dat'; outfile='DIR/cpu.png'" cpu.gp
# Written by `vriosim plot DIR`. datafile: one row per bar (# lines are comments); columns:
# label cpu_guest_cores cpu_exit_cores cpu_io_cores cpu_poll_cores; unstable or saturated
# points say so in their label.
if (!exists("datafile")) datafile = 'cpu.dat'
if (!exists("outfile")) outfile = 'cpu.png'
if (!exists("plottitle")) plottitle = 'CPU breakdown'
load ARG0[1:strlen(ARG0)-strlen('cpu.gp')].'terminal.gp'

set title plottitle
set ylabel 'cores used'
set yrange [0:*]
set style data histograms
set style histogram rowstacked
set style fill solid 0.85 border -1
set boxwidth 0.75
set xtics rotate by -40 left noenhanced font ',8'
set key below center horizontal
plot datafile using 2:xtic(1) title 'VM work' lc rgb '#3465a4', \
     '' using 3 title 'exits' lc rgb '#cc0000', \
     '' using 4 title 'I/O processing' lc rgb '#73d216', \
     '' using 5 title 'polling' lc rgb '#edd400'
