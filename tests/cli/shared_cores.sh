#!/bin/bash
# Shared cores as a scheduler (rack.shared_cores): trap on scenarios/elvis-vs-trap.ini (8 cores,
# 4 requests in flight per VM) as VMs go 1 -> 7.
#  - cfs (the default): a VM's vCPU and vhost threads get home cores of their own until the
#    host's threads outnumber its cores (more than 4 VMs); then cores run two threads each,
#    which queue for their core, switch (costs.ctx_switch_cycles each) and end each other's
#    halt polls: per-VM throughput falls.
#  - ps (SimGrid's ideal processor sharing, the previous model): no run queue, no switch: flat.
# Every switch costs its cycles on the core: cpu_sched_cores = ctx_switches_per_s x 3.8 us.
. "$(dirname "$0")/lib.sh"
scn="$SRC/scenarios/elvis-vs-trap.ini"
for mode in cfs ps; do
	for n in 1 3 5 7; do
		"$VRIOSIM" "$scn" --set model.kind=trap --set rack.vms_per_vmhost=$n \
			--set rack.shared_cores=$mode -q --no-plot -o $mode$n || fail "$mode, $n VMs: run failed"
		t=$(csv_value $mode$n/summary.csv trap throughput_rps)
		eval "per_${mode}_$n=$(awk -v t="$t" -v n=$n 'BEGIN { printf "%.1f", t / n }')"
		echo "$mode, $n VMs: $t req/s, $(eval echo \$per_${mode}_$n) per VM," \
		     "$(csv_value $mode$n/summary.csv trap ctx_switches_per_s) switches/s," \
		     "cpu_sched_cores $(csv_value $mode$n/summary.csv trap cpu_sched_cores)"
	done
done
# cfs: flat while every thread has a core of its own (1, 3), then falling (5, 7).
check_between "cfs: per-VM req/s, 3 VMs over 1" "$(ratio $per_cfs_3 $per_cfs_1)" 0.97 1.01
check_between "cfs: per-VM req/s, 5 VMs over 3" "$(ratio $per_cfs_5 $per_cfs_3)" 0 0.95
check_between "cfs: per-VM req/s, 7 VMs over 5" "$(ratio $per_cfs_7 $per_cfs_5)" 0 0.95
# ps: flat all along.
check_between "ps: per-VM req/s, 7 VMs over 1" "$(ratio $per_ps_7 $per_ps_1)" 0.97 1.01
# Switches only where cores are shared, each 11400 cycles at 3 GHz on the core.
for n in 1 3; do
	check_between "cfs, $n VMs: switches/s" "$(csv_value cfs$n/summary.csv trap ctx_switches_per_s)" -1 0
done
sw=$(csv_value cfs7/summary.csv trap ctx_switches_per_s)
check_between "cfs, 7 VMs: switches/s" "$sw" 10000 1e9
check_between "cfs, 7 VMs: cpu_sched_cores / (switches/s x 3.8 us)" \
	"$(ratio "$(csv_value cfs7/summary.csv trap cpu_sched_cores)" "$(awk -v s="$sw" 'BEGIN { print s * 11400 / 3e9 }')")" 0.995 1.005
for n in 1 7; do
	check_between "ps, $n VMs: switches/s" "$(csv_value ps$n/summary.csv trap ctx_switches_per_s)" -1 0
	check_between "ps, $n VMs: cpu_sched_cores" "$(csv_value ps$n/summary.csv trap cpu_sched_cores)" -1 0
done
# Overload under cfs: 2 VMhosts x 3 VMs on 4 cores, Poisson at 60k req/s per queue. A preemption
# woke the preempted thread (a semaphore release: a simcall, during which other actors run)
# before giving the core to the next one; a wake-up onto that core in between found it free and
# took it, and the run died (debug: "thread 5 picked while thread 1 runs"; release: signal 11)
# 0.3 s in.
cat >over.ini <<'S'
[run]
duration_s = 0.3
warmup_s = 0.03
[model]
kind = trap
[rack]
vmhosts = 2
cores_per_vmhost = 4
vms_per_vmhost = 3
[workload]
kind = open
msg_bytes = 64
rate_rps = 60000
arrival = poisson
S
"$VRIOSIM" over.ini -q --no-plot -o over 2>err.txt || fail "overloaded cfs run died: $(cat err.txt)"
check_between "overloaded cfs: conservation (issued - completed - dropped - in flight)" \
	"$(awk -F, '$3=="trap" { v[$6] = $7 } END { print v["requests_issued"] - v["requests_completed"] - v["requests_dropped"] - v["requests_inflight_end"] - v["requests_lost"] }' over/summary.csv)" -1 0
