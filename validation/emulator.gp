# Simulator vs emulator: throughput and p50 latency per configuration (vriosim validate).
# Called as: gnuplot -e "in='emulator.dat'; out='emulator.png'" emulator.gp
# Columns: id bytes emu_rps sim_rps emu_p50 sim_p50 in_fit.
set terminal pngcairo size 1100,480 font ",9"
set output out
set multiplot layout 1,2 title "Simulator (fitted profile) vs emulator"
set style data histograms
set style histogram clustered gap 1
set style fill solid 0.6 border -1
set xtics rotate by -40
set key top left
set grid ytics mytics
# Log scales: the points span 20k..400k req/s and 4 us..3 ms.
set logscale y
set yrange [1e4:1e6]
set title "throughput (req/s, log scale)"
plot in using 3:xtic(1) title "emulator", '' using 4 title "simulator"
set yrange [1:1e4]
set title "p50 latency (us, log scale)"
plot in using 5:xtic(1) title "emulator", '' using 6 title "simulator"
unset multiplot
