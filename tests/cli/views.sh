#!/bin/bash
# The views a run writes next to summary.csv: the latency CDF per model (replications averaged
# per quantile), per-VM and per-host throughput and latency, the mean latency by stage.
. "$(dirname "$0")/lib.sh"
"$VRIOSIM" "$SRC/scenarios/imbalance.ini" --set run.duration_s=0.02 --set run.warmup_s=0.002 \
	--set run.replications=2 -q -o v || fail "run"
for f in cdf.csv per_vm.csv per_host.csv stages.csv; do
	head -1 v/$f | grep -q '^# vriosim' || fail "$f has no stamp"
done
# cdf.csv: 103 quantiles per model, latency non-decreasing, the median near latency_p50_us.
[ "$(awk -F, 'NR > 2' v/cdf.csv | wc -l)" -eq 206 ] || fail "cdf.csv: expected 2 x 103 rows"
awk -F, 'NR > 2 { if ($1 == m && $3 < prev - 1e-9) bad = 1; m = $1; prev = $3 } END { exit bad }' v/cdf.csv ||
	fail "cdf.csv: latency decreases with the quantile"
for m in elvis vrio; do
	med=$(awk -F, -v m=$m '$1 == m && $2 == "0.5000" { print $3 }' v/cdf.csv)
	p50=$(csv_value v/summary.csv $m latency_p50_us)
	awk -v a="$med" -v b="$p50" 'BEGIN { exit !(a / b > 0.98 && a / b < 1.02) }' ||
		fail "$m: cdf median $med vs latency_p50_us $p50"
	# per_vm: 16 VMs per replication; their completions add up to the window's throughput.
	[ "$(awk -F, -v m=$m 'NR > 2 && $1 == m && $2 == 0' v/per_vm.csv | wc -l)" -eq 16 ] || fail "$m: per_vm rows"
	vm=$(awk -F, -v m=$m 'NR > 2 && $1 == m { s += $6 } END { print s / 2 }' v/per_vm.csv)
	host=$(awk -F, -v m=$m 'NR > 2 && $1 == m { s += $5 } END { print s / 2 }' v/per_host.csv)
	tp=$(csv_value v/summary.csv $m throughput_rps)
	awk -v a="$vm" -v b="$tp" -v c="$host" 'BEGIN { exit !(a / b > 0.999 && a / b < 1.001 && c / b > 0.999 && c / b < 1.001) }' ||
		fail "$m: per-VM $vm, per-host $host vs throughput_rps $tp"
	# stages: their means add up to the mean latency of the same completions, pooled over the
	# replications (per_vm.csv's, weighted by completions; summary.csv's latency_mean_us is
	# the mean of the two replications' means, which differs when they differ).
	st=$(awk -F, -v m=$m 'NR > 2 && $1 == m { s += $3 } END { printf "%.10g", s }' v/stages.csv)
	lat=$(awk -F, -v m=$m 'NR > 2 && $1 == m { n += $5; s += $5 * $8 } END { printf "%.10g", s / n }' v/per_vm.csv)
	awk -v a="$st" -v b="$lat" 'BEGIN { exit !(a / b > 0.999999 && a / b < 1.000001) }' ||
		fail "$m: stages add up to $st us, the pooled mean latency is $lat us"
	echo "ok: $m: median $med us, $vm req/s over the VMs, stages $st us"
done
# The busy VMhost (load weight 4) shows under Elvis: its VMs wait far longer than the others'.
awk -F, 'NR > 2 && $1 == "elvis" && $2 == 0 { p[$3] = $8 } END { exit !(p[0] > 3 * p[1]) }' v/per_host.csv ||
	fail "elvis: the loaded host's latency does not stand out"
if command -v gnuplot >/dev/null; then
	"$VRIOSIM" "$SRC/scenarios/netperf-rr.ini" --set run.duration_s=0.01 --set run.warmup_s=0.001 -q -o p ||
		fail "run with plots"
	[ -s p/cdf.png ] && [ -s p/compare.png ] || fail "cdf.png or compare.png missing"
	echo "ok: cdf.png"
fi
