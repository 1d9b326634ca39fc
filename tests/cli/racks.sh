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
