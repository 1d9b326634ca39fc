#!/bin/bash
# Racks that change: several IOhosts (each with its sidecores, port and devices) and how VMs are
# assigned to them; load that varies in time is in workloads.sh.
. "$(dirname "$0")/lib.sh"
v() { csv_value "$1" "$2" "$3"; }
unit() { awk -F, -v m="$2" -v k="$3" '$3 == m && $6 == k { print $8 }' "$1"; }
# One IOhost sidecore saturated by 48 VMs; a second IOhost (static assignment: VMhosts in
# halves) carries twice the load, each of its sidecores about as busy.
sat="--set model.kind=vrio --set rack.vmhosts=8 --set rack.vms_per_vmhost=6 --set rack.cores_per_vmhost=8
     --set workload.outstanding=8 --set rack.iohost_sidecores=1 --set wire.iohost_gbps=100
     --set run.duration_s=0.03 --set run.warmup_s=0.01 -q --no-plot"
"$VRIOSIM" $sat -o one || fail "one IOhost"
"$VRIOSIM" $sat --set rack.iohosts=2 -o two || fail "two IOhosts"
[ "$(unit one/summary.csv vrio bottleneck)" = sidecore ] || fail "one IOhost: bottleneck $(unit one/summary.csv vrio bottleneck)"
check_between "two IOhosts / one: req/s" "$(ratio "$(v two/summary.csv vrio throughput_rps)" "$(v one/summary.csv vrio throughput_rps)")" 1.8 2.2
# Assignment under imbalance: VMhost 0 carries 4x the load. Static puts VMhosts 0-1 on IOhost 0
# and 2-3 on IOhost 1 (unbalanced); least_loaded balances the VMs' weights; hashed spreads VMs.
imb="$SRC/scenarios/imbalance.ini --set model.kind=vrio --set rack.iohosts=2 --set rack.iohost_sidecores=2
     --set run.duration_s=0.05 --set run.warmup_s=0.01 -q --no-plot"
for a in static hashed least_loaded; do
	"$VRIOSIM" $imb --set rack.iohost_assign=$a -o $a || fail "$a"
	echo "ok: $a: $(v $a/summary.csv vrio throughput_rps) req/s, busiest sidecore $(v $a/summary.csv vrio util_sidecore)"
done
check_between "least_loaded / static: req/s" "$(ratio "$(v least_loaded/summary.csv vrio throughput_rps)" "$(v static/summary.csv vrio throughput_rps)")" 1.1 10
# Faults: IOhost 0 of two fails at 40 ms. With failover its VMs move to IOhost 1 once it is
# noticed (10 ms); without, they wait for it to come back at 80 ms and their resends back off
# (10, 20, 40 ms), so the service lost is larger and the recovery later. The run's own
# conservation check covers the lost and resent requests (a failure would exit non-zero).
f="$SRC/scenarios/iohost-failure.ini -q"
"$VRIOSIM" $f -o fo || fail "failover"
"$VRIOSIM" $f --set fault.failover=none --set fault.until_s=0.08 -o fn || fail "no failover"
"$VRIOSIM" $f --set fault.kind=none -o nf || fail "no fault"
# The time series (run.series_ms = 1 in the scenario) shows the dip and the recovery on IOhost 1.
[ -f fo/series.csv ] && [ -f fo/series.png ] || fail "failover: no series.csv or series.png"
awk -F, '$1 == "vrio" && $2 == 0 {
	t = $3 * 1000; if (t <= 40) { pre += $4; np++ } else if (t <= 50) { dip += $4; nd++ }
	else if (t > 80) { post += $4; nq++ }
	if (t <= 40) sc_pre = $12; else sc_post = $12 }
	END { pre /= np; dip /= nd; post /= nq
	      printf "ok: series: %.0f req/s before, %.0f while down, %.0f after; sidecores %d -> %d\n", pre, dip, post, sc_pre, sc_post
	      exit !(dip < 0.6 * pre && post > 0.9 * pre && sc_pre == 8 && sc_post == 4) }' fo/series.csv ||
	fail "failover: the series shows no dip and recovery"
for d in fo fn; do
	[ "$(v $d/summary.csv vrio drops_fault)" -gt 0 ] || fail "$d: no frame lost to the fault"
	awk -v r="$(v $d/summary.csv vrio retransmits_per_s)" 'BEGIN { exit !(r > 0) }' || fail "$d: nothing resent"
done
[ "$(v nf/summary.csv vrio drops_fault)" = 0 ] || fail "no fault: frames lost to a fault"
[ "$(v nf/summary.csv vrio fault_recovery_ms)" = 0 ] || fail "no fault: a recovery time"
check_between "failover: recovery ms" "$(v fo/summary.csv vrio fault_recovery_ms)" 5 35
check_between "no failover: recovery ms" "$(v fn/summary.csv vrio fault_recovery_ms)" 60 80
check_between "unavailable ms, no failover / failover" "$(ratio "$(v fn/summary.csv vrio fault_unavailable_ms)" "$(v fo/summary.csv vrio fault_unavailable_ms)")" 2 10
check_between "failover: req/s against no fault" "$(ratio "$(v fo/summary.csv vrio throughput_rps)" "$(v nf/summary.csv vrio throughput_rps)")" 0.7 0.98
# A link down drops the VMhost's frames until it is back; a partitioned IOhost sidecore's
# queues move to the next partition once its failure is noticed.
"$VRIOSIM" $f --set fault.kind=link --set fault.until_s=0.06 -o link || fail "link"
check_between "link down 20 ms: recovery ms" "$(v link/summary.csv vrio fault_recovery_ms)" 18 45
"$VRIOSIM" $f --set fault.kind=sidecore --set fault.target=1 --set rack.iohost_pooling=partitioned -o part || fail "sidecore"
check_between "partition moved: recovery ms" "$(v part/summary.csv vrio fault_recovery_ms)" 0 20
check_between "partition moved: unavailable ms" "$(v part/summary.csv vrio fault_unavailable_ms)" 0.1 5
echo "ok: faults: failover $(v fo/summary.csv vrio fault_recovery_ms) ms to recover, $(v fo/summary.csv vrio fault_unavailable_ms) ms lost; without $(v fn/summary.csv vrio fault_recovery_ms) ms, $(v fn/summary.csv vrio fault_unavailable_ms) ms"
# Heterogeneous VMhosts ([classes]). Classes that repeat [rack]'s values are the rack without
# classes, byte for byte.
base="--set run.duration_s=0.02 --set run.warmup_s=0.005 -q --no-plot"
"$VRIOSIM" $base -o plain || fail "plain"
"$VRIOSIM" $base --set classes.vmhosts=1,1 --set classes.cores_per_vmhost=4,4 --set classes.cpu_ghz=3,3 \
	--set classes.gbps=10,10 --set classes.vms_per_vmhost=3,3 -o same || fail "same classes"
cmp <(grep -v '^#' plain/summary.csv) <(grep -v '^#' same/summary.csv) || fail "classes equal to [rack] changed the results"
echo "ok: classes equal to [rack]'s values give the same results"
# Two classes: the newer VMhosts (twice the VMs, a faster clock) carry about twice the load of
# the older ones at a lower latency; each VMhost's platform and NIC are its class's.
"$VRIOSIM" "$SRC/scenarios/heterogeneous.ini" -q --no-plot -o het || fail "heterogeneous"
host() { awk -F, -v m="$1" -v h="$2" -v c="$3" '$1 == m && $3 == h { print $c }' het/per_host.csv; }
for m in elvis vrio; do
	check_between "$m: new/old VMhost req/s" "$(ratio "$(host $m 2 5)" "$(host $m 0 5)")" 1.8 2.2
done
check_between "elvis: old/new VMhost mean latency" "$(ratio "$(host elvis 0 7)" "$(host elvis 2 7)")" 1.03 1.5
"$VRIOSIM" "$SRC/scenarios/heterogeneous.ini" --params >params.txt || fail "--params"
grep -qx 'classes.cpu_ghz=2.2,3' params.txt || fail "--params: $(grep classes params.txt)"
expect_input_error 'classes\] gbps.*must list one value per class' "$SRC/scenarios/heterogeneous.ini" \
	--set classes.gbps=10
expect_input_error 'needs classes.vmhosts' --set classes.cores_per_vmhost=4,8
expect_input_error 'must add up to rack.vmhosts' --set classes.vmhosts=1,2
expect_input_error 'no cores left for its VMs' --set model.kind=elvis --set classes.vmhosts=1,1 \
	--set classes.cores_per_vmhost=1,4
