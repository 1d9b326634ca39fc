#!/bin/bash
# How sidecores share a vRIO receive ring, and how open-loop queues are phased.
#  - One ring drained by one sidecore at a time (rack.iohost_rx_claim = ring) is served by one
#    sidecore however many there are; a multi-consumer ring (= descriptor) is served by all of
#    them, and each claim's atomic (costs.rx_claim_ns) is on the sidecore's time.
#  - workload.phase = aligned: constant-rate queues all issue at the same instants, so one
#    sidecore serves a burst of them; random phases spread them out.
. "$(dirname "$0")/lib.sh"
mmc="$SRC/validation/analytic/mmc.ini"
# Overload: 64 x 10k = 640k req/s against 4 sidecores of 10 us each (400k/s at most).
over="--set workload.rate_rps=10000 --set costs.sidecore_dist=const --set costs.sidecore_warm_ratio=1 --set run.replications=1
      --set run.duration_s=0.02 --set run.warmup_s=0.005 -q --no-plot"
"$VRIOSIM" "$mmc" $over --set rack.iohost_rx_claim=ring -o ring || fail "ring run"
"$VRIOSIM" "$mmc" $over -o desc || fail "descriptor run"
"$VRIOSIM" "$mmc" $over --set costs.rx_claim_ns=1000 -o desc1us || fail "descriptor run, 1 us claims"
check_between "one ring, 4 sidecores, whole-ring claims: req/s" \
	"$(csv_value ring/summary.csv vrio throughput_rps)" 95000 100100
check_between "one ring, 4 sidecores, descriptor claims: req/s" \
	"$(csv_value desc/summary.csv vrio throughput_rps)" 390000 400100
# 4 servers of 10 + 1 us: 4 / 11 us = 363.6k req/s.
check_between "descriptor claims of 1 us each: req/s" \
	"$(csv_value desc1us/summary.csv vrio throughput_rps)" 355000 364000
# Phases: 4 queues at 5k frames/s each, 10 us of sidecore work per frame, one sidecore.
ph="--set model.kind=elvis --set rack.vms_per_vmhost=4 --set rack.cores_per_vmhost=6
    --set rack.vmhosts=1 --set workload.kind=pktgen --set workload.rate_rps=5000
    --set workload.arrival=constant --set costs.sidecore_req_cycles=30000 --set rack.cpu_ghz=3
    --set costs.sidecore_dist=const --set costs.sidecore_warm_ratio=1
    --set run.duration_s=0.02 --set run.warmup_s=0.005 -q --no-plot"
"$VRIOSIM" $ph --set workload.phase=aligned -o aligned || fail "aligned run"
"$VRIOSIM" $ph --set workload.phase=random -o random || fail "random run"
"$VRIOSIM" $ph --set rack.vms_per_vmhost=1 -o alone || fail "one-queue run"
# Aligned: frame k (0..3) of every burst waits for the k before it: (0 + 10 + 20 + 30) / 4 =
# 15 us more on average than a queue alone; random phases collide less (how much depends on
# the drawn phases), so they lie in between.
a=$(csv_value aligned/summary.csv elvis latency_mean_us)
r=$(csv_value random/summary.csv elvis latency_mean_us)
b=$(csv_value alone/summary.csv elvis latency_mean_us)
check_between "mean latency, aligned - alone (us)" "$(awk -v a="$a" -v b="$b" 'BEGIN { print a - b }')" 14 16
check_between "mean latency, random phases - alone (us)" "$(awk -v r="$r" -v b="$b" 'BEGIN { print r - b }')" 0 14
check_between "aligned phases: p99 latency - random p99 (us)" \
	"$(awk -v a="$(csv_value aligned/summary.csv elvis latency_p99_us)" \
	       -v r="$(csv_value random/summary.csv elvis latency_p99_us)" 'BEGIN { print a - r }')" 10 30
# A polling pass's fixed cost (costs.poll_pass_ns): work reaching an idle sidecore waits for
# the pass under way to end, uniformly within it, 1 us on average with 2 us passes. A sent frame's
# buffer comes back once the sidecore has copied it out: it is found once, +1 us.
pp="--set model.kind=elvis --set rack.vms_per_vmhost=1 --set rack.vmhosts=1
    --set workload.kind=pktgen --set workload.rate_rps=20000 --set workload.arrival=poisson
    --set run.duration_s=0.1 --set run.warmup_s=0.01 -q --no-plot"
"$VRIOSIM" $pp -o pass0 || fail "poll_pass_ns = 0 run"
"$VRIOSIM" $pp --set costs.poll_pass_ns=2000 -o pass2 || fail "poll_pass_ns = 2000 run"
a=$(csv_value pass2/summary.csv elvis latency_mean_us)
b=$(csv_value pass0/summary.csv elvis latency_mean_us)
check_between "mean latency, 2 us passes - free passes (us)" "$(awk -v a="$a" -v b="$b" 'BEGIN { print a - b }')" 0.8 1.2
# Warm requests (costs.sidecore_warm_ratio): a saturated sidecore never idles, so every request
# but the first costs the ratio: 10 us cold, 5 us warm doubles its throughput (the guest reaps
# its completions in batches of up to 3/4 of the ring: a long window, so its edges matter little).
sat="--set model.kind=elvis --set rack.vms_per_vmhost=1 --set rack.vmhosts=1
     --set workload.kind=pktgen --set workload.rate_rps=0 --set costs.sidecore_req_cycles=30000
     --set costs.sidecore_byte_cycles=0 --set costs.app_cycles=0 --set costs.guest_stack_cycles=300
     --set costs.sidecore_dist=const --set costs.sidecore_warm_ratio=1
     --set rack.cpu_ghz=3 --set run.duration_s=0.2 --set run.warmup_s=0.01 -q --no-plot"
"$VRIOSIM" $sat -o cold || fail "cold run"
"$VRIOSIM" $sat --set costs.sidecore_warm_ratio=0.5 -o warm || fail "warm run"
check_between "saturated sidecore, 10 us per request: req/s" "$(csv_value cold/summary.csv elvis throughput_rps)" 98000 101000
check_between "the same with warm requests at 0.5: req/s" "$(csv_value warm/summary.csv elvis throughput_rps)" 196000 202000
# Longest queue first with every queue kept full (a stream): ties rotate, so no queue starves
# (a fixed lowest-index tie rule served two of eight queues and starved the rest).
"$VRIOSIM" --set model.kind=elvis --set rack.vmhosts=1 --set rack.vms_per_vmhost=8 \
	--set rack.cores_per_vmhost=10 --set workload.kind=stream --set workload.msg_bytes=1500 \
	--set rack.sidecore_policy=longest --set run.duration_s=0.02 --set run.warmup_s=0.005 \
	-q --no-plot -o longest --trace longest.csv || fail "longest run"
awk -F, 'NR > 2 { n[$2]++; t++ } END { for (k in n) if (n[k] < t / 8 / 4) { print "queue " k ": " n[k] " of " t; bad = 1 }
	exit bad || length(n) != 8 }' longest.csv || fail "longest-first starves a queue"
echo "ok: longest-first with full queues serves all eight (none below a quarter of the mean)"
