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
echo "ok: deterministic"
