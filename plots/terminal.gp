# Shared by the figures: pick the terminal from outfile's extension and style the axes. The key
# (legend) goes below the plot, clear of the data, whatever the data. Expects outfile; loaded by
# the figure scripts from their own directory (ARG0).
ext = outfile[strlen(outfile)-2:]
if (ext eq 'pdf') {
    set terminal pdfcairo size 6in,4.6in font ',9'
} else { if (ext eq 'svg') {
    set terminal svg size 800,640 font ',11' dynamic
} else {
    set terminal pngcairo size 800,640 font ',11'
}}
set output outfile
set grid
set key below center horizontal noenhanced
set border 3
set xtics nomirror
set ytics nomirror
