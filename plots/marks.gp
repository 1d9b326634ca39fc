# Shared by the line figures (throughput, latency, efficiency): their plot command is put
# together from pieces, each only when it has data (gnuplot warns about an iteration over no
# blocks): the series, the references (series the same at every x, after them), and the blocks
# of marked points that follow (saturated: a resource at 95% or more, drawn as a ring;
# unstable: drops or a growing queue, an x). Expects nseries, nref, nsat, nuns (points of each
# kind: a block exists only when there are some); optional xticlist (the x values to tick,
# comma-separated: a few numeric x values are ticked exactly). The script then runs
#   eval 'plot '.cat(cat(seriescmd, refcmd), markcmd)
cat(a, b) = (strlen(a) > 0 && strlen(b) > 0 ? a.', '.b : a.b)
satblock = nseries + nref
unsblock = nseries + nref + (nsat > 0)
markcmd = cat(nsat > 0 ? sprintf("datafile index %d using 1:2 with points pt 6 ps 2.6 lw 2 lc rgb 'black' title 'ring: saturated (a resource >= 95%% busy)'", satblock) : '', \
              nuns > 0 ? sprintf("datafile index %d using 1:2 with points pt 2 ps 2.6 lw 2 lc rgb 'black' title 'x: unstable (drops or a growing queue)'", unsblock) : '')
if (!exists("xticlist")) xticlist = ''
if (strlen(xticlist) > 0 && !xcat) { eval sprintf('set xtics (%s)', xticlist) }
