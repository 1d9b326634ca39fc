# Analytic layer: simulated mean and p99 sojourn vs the closed forms (vriosim validate).
# Called as: gnuplot -e "in='analytic.dat'; out='analytic.png'" analytic.gp
# Columns: scenario theory_mean sim_mean ci_lo ci_hi theory_p99 sim_p99 (us).
set terminal pngcairo size 900,480 font ",10"
set output out
set multiplot layout 1,2 title "Simulator vs queueing theory (sojourn time, us)"
set style data histograms
set style histogram errorbars gap 1 lw 1
set style fill solid 0.6 border -1
set key top left
set grid ytics
set yrange [0:*]
set title "mean (error bar: 95% CI)"
plot in using 2:2:2:xtic(1) title "closed form", '' using 3:4:5 title "simulated"
set style histogram clustered gap 1
set title "p99"
plot in using 6:xtic(1) title "closed form", '' using 7 title "simulated"
unset multiplot
