#!/bin/bash
# End to end, one model ($3): a short run of the default rack writes a complete summary.csv
# whose numbers hang together: conservation, throughput from completions, the model's own
# signature (exits only under trap, dedicated I/O cores only for elvis and vrio, ...).
. "$(dirname "$0")/lib.sh"
model=$3
"$VRIOSIM" --set model.kind="$model" --set run.duration_s=0.05 --set run.warmup_s=0.005 \
	-o out -q --no-plot || fail "run failed"
csv=out/summary.csv
head -1 "$csv" | grep -Eq '^# vriosim [0-9.]+ \(' || fail "no version stamp: $(head -1 $csv)"
sed -n 2p "$csv" | grep -qx 'run_id,scenario,model,seed,replication,metric,value,unit' || fail "bad header"
v() { csv_value "$csv" "$model" "$1"; }
for m in throughput_rps throughput_gbps latency_mean_us latency_p50_us latency_p99_us \
	latency_p999_us exits_per_s halt_exits_per_s kicks_per_s interrupts_per_s sidecore_busy \
	sidecore_cpu vm_core_util io_cores requests_issued requests_completed requests_dropped \
	requests_lost requests_inflight_end unstable; do
	[ "$(v $m)" != missing ] || fail "metric $m missing"
done
issued=$(v requests_issued); done_=$(v requests_completed); dropped=$(v requests_dropped)
lost=$(v requests_lost); inflight=$(v requests_inflight_end)
[ "$issued" -eq $((done_ + dropped + lost + inflight)) ] || fail "conservation: $issued != $done_ + $dropped + $lost + $inflight"
[ "$(v unstable)" = 0 ] || fail "a closed loop of one request per VM is stable"
awk -v t="$(v throughput_rps)" 'BEGIN { exit !(t > 1000) }' || fail "throughput $(v throughput_rps)"
awk -v a="$(v latency_p50_us)" -v b="$(v latency_p99_us)" -v c="$(v latency_p999_us)" -v m="$(v latency_mean_us)" \
	'BEGIN { exit !(a > 5 && a <= b && b <= c && m > 5) }' || fail "latency percentiles out of order"
# The six VMs each keep one request in flight: throughput x latency ~ 6 (Little's law).
awk -v t="$(v throughput_rps)" -v l="$(v latency_mean_us)" 'BEGIN { n = t * l * 1e-6; exit !(n > 5.5 && n <= 6.01) }' ||
	fail "Little's law: $(v throughput_rps) x $(v latency_mean_us) us != 6 in flight"
# Exits for I/O (kicks, injections, EOIs): all of them but the idle vCPUs' HLT exits.
exits=$(awk -v e="$(v exits_per_s)" -v h="$(v halt_exits_per_s)" 'BEGIN { printf "%.0f", e - h }')
io=$(v io_cores); sc=$(v sidecore_cpu)
case $model in
trap) awk -v e="$exits" -v t="$(v throughput_rps)" 'BEGIN { exit !(e >= 2 * t * 0.99) }' ||
	fail "trap: $exits I/O exits/s < two per request (kick, injection)"
      [ "$io" = 0 ] || fail "trap dedicates no core" ;;
elvis) [ "$exits" = 0 ] || fail "elvis I/O exits: $exits"; [ "$io" = 2 ] || fail "elvis io_cores $io"; [ "$sc" = 1 ] || fail "sidecore_cpu $sc" ;;
vrio) [ "$exits" = 0 ] || fail "vrio I/O exits: $exits"; [ "$io" = 1 ] || fail "vrio io_cores $io"
      awk -v b="$(v sidecore_busy)" 'BEGIN { exit !(b > 0 && b < 1) }' || fail "vrio sidecore_busy $(v sidecore_busy)" ;;
sriov|baremetal) [ "$exits" = 0 ] || fail "$model I/O exits: $exits"; [ "$io" = 0 ] || fail "$model io_cores $io" ;;
esac
# Idle vCPUs halt: a HLT exit when virtualized, none on bare metal.
if [ "$model" = baremetal ]; then
	[ "$(v halt_exits_per_s)" = 0 ] || fail "bare metal has no exits: $(v halt_exits_per_s) halt exits/s"
else
	awk -v h="$(v halt_exits_per_s)" 'BEGIN { exit !(h > 0) }' || fail "$model: no halt exits"
fi
awk -v i="$(v interrupts_per_s)" 'BEGIN { exit !(i > 0) }' || fail "no interrupts counted"
echo "ok: $model $(v throughput_rps) req/s, $(v latency_mean_us) us, $exits exits/s"
