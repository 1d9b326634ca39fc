#!/bin/bash
# Same scenario + seed -> byte-identical CSVs (and trace); another seed -> different numbers.
. "$(dirname "$0")/lib.sh"
args="$SRC/scenarios/open-load.ini --set run.duration_s=0.03 --set run.warmup_s=0.003 --no-plot -q"
"$VRIOSIM" $args -o a --trace a.csv || fail "run a"
"$VRIOSIM" $args -o b --trace b.csv || fail "run b"
cmp a/summary.csv b/summary.csv || fail "summary.csv differs between identical runs"
cmp a.csv b.csv || fail "per-request traces differ between identical runs"
"$VRIOSIM" $args -o c --seed 2 || fail "run c"
cmp -s a/summary.csv c/summary.csv && fail "seed 2 gave the same results as seed 1"
# Replications: independent streams, so they differ from each other but repeat exactly.
"$VRIOSIM" $args -o d --set run.replications=3 --set model.kind=elvis || fail "run d"
"$VRIOSIM" $args -o e --set run.replications=3 --set model.kind=elvis || fail "run e"
cmp d/replications.csv e/replications.csv || fail "replications differ between identical runs"
n=$(awk -F, '$6 == "latency_mean_us" { print $7 }' d/replications.csv | sort -u | wc -l)
[ "$n" -eq 3 ] || fail "the 3 replications are not independent ($n distinct latencies)"
# A per-request trace wants completions in time order, so no vCPU runs ahead of the clock
# with one (docs/model.md, "Order at equal times"); without one, request-response guests do.
# Either way the results are the same, to the byte.
rr="$SRC/scenarios/netperf-rr.ini --set run.duration_s=0.02 --set run.warmup_s=0.002 --no-plot -q"
rr="$rr --set model.kind=elvis,vrio,sriov"
"$VRIOSIM" $rr -o f --trace f.csv || fail "run f"
"$VRIOSIM" $rr -o g || fail "run g"
cmp f/summary.csv g/summary.csv || fail "running ahead of the clock changed the results"
cmp f/per_vm.csv g/per_vm.csv || fail "running ahead of the clock changed the per-VM views"
echo "ok: deterministic"
