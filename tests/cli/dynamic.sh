#!/bin/bash
# I/O cores that change: trap fallback when an IOhost fails (fault.failover = trap), the dynamic
# model's queues between trap and polling with its sidecores parked, vRIO's IOhost sidecores
# parked by load (dynamic.iohost_policy = load), and `vriosim dynamic`, the comparison with the
# best static configuration at each load step.
. "$(dirname "$0")/lib.sh"
v() { csv_value "$1" "$2" "$3"; }

# Trap fallback: IOhost 0 of two down at 40 ms, noticed at 50 ms, back at 80 ms. The series
# dips while it is down and unnoticed, recovers in part once its four queues fall back to vhost
# threads (trap_queues = 4), and is whole again after they return (trap_queues = 0). The run's
# own conservation check covers the requests lost, retried and given up (it would exit non-zero).
"$VRIOSIM" "$SRC/scenarios/trap-fallback.ini" -q -o tf || fail "trap fallback"
"$VRIOSIM" "$SRC/scenarios/trap-fallback.ini" -q --no-plot --set fault.kind=none -o nf || fail "no fault"
awk -F, '$1 == "vrio" && $2 == 0 {
	t = $3 * 1000
	if (t <= 40) { pre += $4; np++ } else if (t > 41 && t <= 50) { dip += $4; nd++ }
	else if (t > 55 && t < 80) { trap += $4; nt++; if ($13 != 4) bad++ }
	else if (t > 82) { post += $4; nq++; if ($13 != 0) bad++ } }
	END { pre /= np; dip /= nd; trap /= nt; post /= nq
	      printf "ok: series: %.0f req/s before, %.0f down, %.0f in trap fallback, %.0f after it returned\n", pre, dip, trap, post
	      exit !(bad == 0 && dip < 0.6 * pre && trap > 1.2 * dip && trap < 0.95 * pre && post > 0.95 * pre) }' tf/series.csv ||
	fail "trap fallback: the series shows no dip, partial recovery in trap mode and return"
[ "$(v tf/summary.csv vrio io_switches)" = 8 ] || fail "trap fallback: $(v tf/summary.csv vrio io_switches) queue moves, expected 8 (4 there, 4 back)"
[ "$(v tf/summary.csv vrio drops_fault)" -gt 0 ] || fail "trap fallback: no frame lost to the fault"
# Its kicks exit and its interrupts are injected: more exits per request than vRIO's alone.
xt=$(ratio "$(v tf/summary.csv vrio exits_per_s)" "$(v tf/summary.csv vrio throughput_rps)")
xn=$(ratio "$(v nf/summary.csv vrio exits_per_s)" "$(v nf/summary.csv vrio throughput_rps)")
check_between "trap fallback: exits per request, against no fault" "$(ratio "$xt" "$xn")" 1.05 2

# Elvis: VMhost 0's only sidecore fails; its two queues fall back to vhost threads on the core
# it leaves (what waited in its receive ring goes with them) and return when it is back.
es="$SRC/scenarios/iohost-failure.ini -q --no-plot --set model.kind=elvis --set fault.kind=sidecore
    --set fault.target=1 --set fault.until_s=0.08"
"$VRIOSIM" $es --set fault.failover=trap -o es || fail "elvis trap fallback"
"$VRIOSIM" $es --set fault.failover=none -o en || fail "elvis no failover"
[ "$(v es/summary.csv elvis io_switches)" = 4 ] || fail "elvis trap fallback: $(v es/summary.csv elvis io_switches) moves, expected 4"
check_between "elvis: unavailable ms, trap fallback / none" "$(ratio "$(v es/summary.csv elvis fault_unavailable_ms)" "$(v en/summary.csv elvis fault_unavailable_ms)")" 0.2 0.8

# The dynamic model and vRIO's load policy over a step down (8000 -> 200 req/s per queue at
# 200 ms). Dynamic: its six queues poll before the step (trap_queues 0, two sidecores in
# service) and are back in trap mode at the end (6, none in service): 6 moves there, 6 back, 2
# sidecores taken back and 2 parked. Their cores are freed: sidecore_cpu below 1 (elvis: 1).
"$VRIOSIM" "$SRC/scenarios/dynamic-step.ini" -q --no-plot -o ds || fail "dynamic step"
[ "$(v ds/summary.csv dynamic io_switches)" = 16 ] || fail "dynamic: $(v ds/summary.csv dynamic io_switches) switches, expected 16"
[ "$(v ds/summary.csv elvis io_switches)" = 0 ] || fail "elvis: switches"
[ "$(v ds/summary.csv elvis sidecore_cpu)" = 1 ] || fail "elvis: sidecore_cpu $(v ds/summary.csv elvis sidecore_cpu)"
check_between "dynamic: sidecore_cpu" "$(v ds/summary.csv dynamic sidecore_cpu)" 0.3 0.8
check_between "vrio load policy: sidecore_cpu" "$(v ds/summary.csv vrio sidecore_cpu)" 0.2 0.9
check_between "dynamic / elvis: cpu_poll_cores" "$(ratio "$(v ds/summary.csv dynamic cpu_poll_cores)" "$(v ds/summary.csv elvis cpu_poll_cores)")" 0.2 0.8
check_between "dynamic / elvis: req/s" "$(ratio "$(v ds/summary.csv dynamic throughput_rps)" "$(v ds/summary.csv elvis throughput_rps)")" 0.97 1.03
awk -F, '$2 == 0 && $3 < 0.19 { first[$1] = first[$1] ? first[$1] : $12 "/" $13 }
	$2 == 0 { last[$1] = $12 "/" $13 }
	END { printf "ok: series (sidecores in service/trap queues): dynamic %s -> %s, vrio %s -> %s\n", first["dynamic"], last["dynamic"], first["vrio"], last["vrio"]
	      exit !(first["dynamic"] == "2/0" && last["dynamic"] == "0/6" && last["vrio"] == "1/0") }' ds/series.csv ||
	fail "dynamic step: the series does not follow the load"

# One command: the dynamic model against the best static configuration at three load steps.
"$VRIOSIM" dynamic "$SRC/scenarios/dynamic-ramp.ini" --axis workload.rate_rps=100,3000,100000 -j 2 -q -o cmp >cmp.txt ||
	fail "vriosim dynamic: $(cat cmp.txt)"
cat cmp.txt
[ -f cmp/dynamic.csv ] || fail "vriosim dynamic: no dynamic.csv"
[ "$(tail -n +2 cmp/dynamic.csv | wc -l)" = 3 ] || fail "vriosim dynamic: expected 3 steps in dynamic.csv"
awk -F, 'NR > 1 && !($8 >= 0.9) { bad++ } END { exit bad > 0 }' cmp/dynamic.csv || fail "vriosim dynamic: a step below 0.9"
grep -q "within 10% of the best static at every step: yes" cmp.txt || fail "vriosim dynamic: verdict"
grep -q "its I/O CPU falls at low load: yes" cmp.txt || fail "vriosim dynamic: CPU verdict"
# Bad input: not one axis; load policy over partitions; no hysteresis.
"$VRIOSIM" dynamic "$SRC/scenarios/dynamic-step.ini" -q -o bad >/dev/null 2>err.txt
[ $? = 2 ] && grep -q "expected one axis" err.txt || fail "vriosim dynamic without an axis: $(cat err.txt)"
echo "ok: $(cat err.txt)"
expect_input_error "iohost_pooling = pooled" --set model.kind=vrio --set dynamic.iohost_policy=load --set rack.iohost_pooling=partitioned
expect_input_error "poll_stop_rate" --set model.kind=dynamic --set dynamic.poll_stop_rate=1000
