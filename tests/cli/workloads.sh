#!/bin/bash
# Every workload kind runs under every model it applies to and conserves its requests; the
# per-request trace is complete and consistent with the summary.
. "$(dirname "$0")/lib.sh"
short="--set run.duration_s=0.02 --set run.warmup_s=0.002 -q --no-plot"
for f in netperf-stream block open-load trace; do
	"$VRIOSIM" "$SRC/scenarios/$f.ini" $short -o $f || fail "$f"
	for m in $(awk -F, 'NR > 2 { print $3 }' $f/summary.csv | sort -u); do
		i=$(csv_value $f/summary.csv $m requests_issued); c=$(csv_value $f/summary.csv $m requests_completed)
		d=$(csv_value $f/summary.csv $m requests_dropped); n=$(csv_value $f/summary.csv $m requests_inflight_end)
		[ "$i" -eq $((c + d + n)) ] || fail "$f/$m conservation"
		[ "$c" -gt 0 ] || fail "$f/$m completed nothing"
		echo "ok: $f $m: $c completed, $(csv_value $f/summary.csv $m throughput_gbps) Gb/s"
	done
done
# pktgen at a rate beyond what one VM can push: drops are counted, not lost.
"$VRIOSIM" --set workload.kind=pktgen --set workload.rate_rps=2000000 --set model.kind=elvis \
	--set workload.msg_bytes=64 $short -o pk || fail "pktgen"
[ "$(csv_value pk/summary.csv elvis requests_dropped)" -gt 0 ] || fail "pktgen overload dropped nothing"
# The trace: one row per completed request of every model, latency = complete - issue.
"$VRIOSIM" "$SRC/scenarios/netperf-rr.ini" $short --set model.kind=elvis,vrio -o tr --trace tr.csv || fail "trace run"
head -1 tr.csv | grep -q '^# vriosim' || fail "trace has no stamp"
sed -n 2p tr.csv | grep -qx 'model,vcpu,vm,request_id,issue_s,complete_s,latency_us,bytes,resp_bytes,path,guest_us,to_backend_us,queue_us,service_us,device_us,return_us,guest_rx_us' || fail "trace header"
for m in elvis vrio; do
	rows=$(awk -F, -v m=$m '$1 == m' tr.csv | wc -l)
	[ "$rows" -eq "$(csv_value tr/summary.csv $m requests_completed)" ] || fail "$m: $rows trace rows"
done
awk -F, 'NR > 2 { d = ($6 - $5) * 1e6 - $7; if (d > 0.01 || d < -0.01) bad++ } END { exit bad > 0 }' tr.csv || fail "latency column inconsistent"
grep -q 'iohost-sidecore' tr.csv || fail "vrio path not recorded"
# The stages add up to the latency, none negative; vRIO spends time on the wire to the IOhost,
# Elvis none.
awk -F, 'NR > 2 { s = 0; for (i = 11; i <= 17; i++) { s += $i; if ($i < -0.01) bad = 1 }
	d = s - $7; if (d > 0.05 || d < -0.05) bad = 1 } END { exit bad }' tr.csv || fail "stages do not add up to the latency"
awk -F, 'NR > 2 && $1 == "vrio" && $12 <= 0 { bad = 1 } NR > 2 && $1 == "elvis" && $12 != 0 { bad = 1 } END { exit bad }' tr.csv ||
	fail "the wire to the backend: vrio > 0, elvis 0"
echo "ok: trace"
# Load that varies in time: a step from 0 to 1 at 0.1 s of a 0.2 s run (window from 0.02 s)
# carries 0.1/0.18 of the constant load; on/off bursts and a diurnal sine averaging 1 carry
# about all of it.
pat() { "$VRIOSIM" "$SRC/scenarios/open-load.ini" --set model.kind=elvis --set workload.pattern=$1 "${@:2}" -q --no-plot -o p$1 || fail "pattern $1"; csv_value p$1/summary.csv elvis throughput_rps; }
c=$(pat constant)
s=$(pat step --set workload.pattern_low=0 --set workload.pattern_high=1 --set workload.pattern_at_s=0.1)
o=$(pat onoff --set workload.pattern_low=0 --set workload.pattern_high=2 --set workload.pattern_on_s=0.005 --set workload.pattern_off_s=0.005)
w=$(pat sine --set workload.pattern_low=0 --set workload.pattern_high=2 --set workload.pattern_period_s=0.05)
check_between "step 0 -> 1 at 0.1 s / constant" "$(ratio "$s" "$c")" 0.50 0.61
check_between "on/off 0|2, 5 ms each / constant" "$(ratio "$o" "$c")" 0.85 1.15
check_between "sine 0..2 / constant" "$(ratio "$w" "$c")" 0.9 1.1
