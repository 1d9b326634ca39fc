#!/bin/bash
# The mechanisms the model's answers rest on, each checked where it shows:
#  - interrupts are events: under load (busy vCPUs, no halts) trap and SR-IOV without ELI take
#    interrupts and the exits they cost; with ELI, SR-IOV takes none; ELI changes SR-IOV's
#    stream throughput when the guest is the bottleneck;
#  - TCP-like streams carry ACKs that cost receive work on every path (the IOhost too):
#    without GRO (more ACKs), the receive work per Gb/s rises everywhere;
#  - costs have a spread: multi-VM request-response has tails (p99 > p50) in every model;
#  - no goodput above line rate, at any run length of 10 ms or more;
#  - a run driven past a buffer drops there (counted by place) and is flagged unstable;
#  - the bottleneck is named: the IOhost port, or with a wide port and one sidecore, the sidecore;
#  - an application out of request records sleeps: its vCPU halts until a completion frees one
#    (no HLT exit after HLT exit, no vCPU busy in exits).
. "$(dirname "$0")/lib.sh"
v() { csv_value "$1" "$2" "$3"; }
gt() { awk -v a="$1" -v b="$2" 'BEGIN { exit !(a > b) }'; }

# Interrupts under load: 16 requests in flight per VM keep the vCPUs busy.
for m in trap sriov; do
	"$VRIOSIM" --set model.kind=$m --set model.eli=off --set workload.outstanding=16 -q --no-plot -o load$m ||
		fail "$m under load"
	s=load$m/summary.csv
	irq=$(v $s $m interrupts_per_s); rps=$(v $s $m throughput_rps)
	io_exits=$(awk -v e="$(v $s $m exits_per_s)" -v h="$(v $s $m halt_exits_per_s)" 'BEGIN { print e - h }')
	gt "$irq" "$(awk -v r="$rps" 'BEGIN { print 0.05 * r }')" || fail "$m, ELI off, under load: $irq interrupts/s for $rps req/s"
	gt "$io_exits" "$irq" || fail "$m, ELI off: $io_exits I/O exits/s for $irq interrupts/s (injection + EOI each)"
	echo "ok: $m under load, ELI off: $irq interrupts/s, $io_exits I/O exits/s, $rps req/s"
done
"$VRIOSIM" --set model.kind=sriov --set model.eli=on --set workload.outstanding=16 -q --no-plot -o eli || fail "sriov ELI"
e=$(awk -v e="$(v eli/summary.csv sriov exits_per_s)" -v h="$(v eli/summary.csv sriov halt_exits_per_s)" 'BEGIN { print e - h }')
[ "$e" = 0 ] || fail "sriov with ELI: $e I/O exits/s"
gt "$(v eli/summary.csv sriov interrupts_per_s)" 0 || fail "sriov with ELI takes no interrupts"
echo "ok: sriov under load, ELI on: no I/O exit, $(v eli/summary.csv sriov interrupts_per_s) interrupts/s"
# ELI and SR-IOV stream throughput: small sends, a fast wire, the guest's core the bottleneck.
st="$SRC/scenarios/netperf-stream.ini --set model.kind=sriov --set workload.kind=tcp_stream
    --set workload.msg_bytes=1448 --set wire.gbps=40 -q --no-plot"
"$VRIOSIM" $st --set model.eli=on -o s_on || fail "stream ELI on"
"$VRIOSIM" $st --set model.eli=off -o s_off || fail "stream ELI off"
on=$(v s_on/summary.csv sriov throughput_gbps); off=$(v s_off/summary.csv sriov throughput_gbps)
gt "$on" "$(awk -v o="$off" 'BEGIN { print 1.2 * o }')" || fail "ELI: $on vs $off Gb/s"
echo "ok: SR-IOV TCP stream, 1448 B on 40 GbE: $on Gb/s with ELI, $off without"

# ACKs: receive work per Gb/s with GRO (one ACK per burst) and without (one per two segments).
for g in on off; do
	"$VRIOSIM" "$SRC/scenarios/netperf-stream.ini" --set workload.kind=tcp_stream --set workload.gro=$g \
		--set run.duration_s=0.03 -q --no-plot -o gro$g || fail "tcp_stream gro=$g"
done
per_gb() { # FILE MODEL METRIC
	awk -v c="$(v "$1" "$2" "$3")" -v g="$(v "$1" "$2" throughput_gbps)" 'BEGIN { printf "%.6f", c / g }'
}
for m in trap elvis vrio sriov baremetal; do
	case $m in trap|elvis|vrio) what=cpu_io_cores ;; *) what=cpu_guest_cores ;; esac
	a=$(per_gb groon/summary.csv $m $what); b=$(per_gb grooff/summary.csv $m $what)
	gt "$b" "$a" || fail "$m: $what per Gb/s $b without GRO, $a with"
	echo "ok: $m TCP stream: $what per Gb/s $a with GRO, $b without (more ACKs to receive)"
done

# Tails: six VMs doing request-response, every cost with its spread.
"$VRIOSIM" -q --no-plot -o tails || fail "default run"
for m in trap elvis vrio sriov baremetal; do
	gt "$(v tails/summary.csv $m latency_p99_us)" "$(v tails/summary.csv $m latency_p50_us)" ||
		fail "$m: p99 $(v tails/summary.csv $m latency_p99_us) <= p50 $(v tails/summary.csv $m latency_p50_us)"
	[ "$(v tails/summary.csv $m unstable)" = 0 ] || fail "$m: a light closed loop flagged unstable"
done
echo "ok: p99 > p50 in every model, none unstable"

# Goodput never above line rate, however short the run (>= 10 ms).
for d in 0.01 0.02; do
	"$VRIOSIM" "$SRC/scenarios/netperf-stream.ini" --set run.duration_s=$d --set run.warmup_s=0.002 \
		-q --no-plot -o gp$d || fail "stream $d s"
	awk -F, 'NR > 2 && $6 == "throughput_gbps" && $7 > 10 { bad = 1; print $3, $7 } END { exit bad }' \
		gp$d/summary.csv || fail "goodput above the 10 Gb/s line rate in a $d s run"
done
echo "ok: goodput at or below line rate in 10 and 20 ms runs"

# Past a buffer: 32 VMhosts x 8 VMs offering 5.1M req/s of 256 B to one 10 GbE IOhost port.
"$VRIOSIM" --set model.kind=vrio --set rack.vmhosts=32 --set rack.vms_per_vmhost=8 \
	--set rack.cores_per_vmhost=9 --set workload.kind=open --set workload.rate_rps=20000 \
	--set workload.msg_bytes=256 --set rack.iohost_sidecores=32 --set rack.iohost_cores=32 \
	--set run.duration_s=0.02 --set run.warmup_s=0.005 -q --no-plot -o over || fail "overload run"
gt "$(v over/summary.csv vrio drops_switch)" 0 || fail "no drops at the IOhost's switch port"
[ "$(v over/summary.csv vrio unstable)" = 1 ] || fail "an overloaded run is not flagged unstable"
echo "ok: overload: $(v over/summary.csv vrio drops_switch) messages dropped at the switch, unstable"

# The bottleneck is named: 8 VMhosts x 6 VMs, 8 requests of 1 KiB in flight each, vRIO. With a
# 10 GbE IOhost port it is that port; with a 100 GbE one and a single IOhost sidecore, the
# sidecore.
bn="--set model.kind=vrio --set rack.vmhosts=8 --set rack.vms_per_vmhost=6 --set rack.cores_per_vmhost=8
    --set workload.outstanding=8 --set workload.msg_bytes=1024 --set run.duration_s=0.03
    --set run.warmup_s=0.01 -q --no-plot"
"$VRIOSIM" $bn --set rack.iohost_sidecores=8 --set rack.iohost_cores=8 -o port || fail "port-limited run"
"$VRIOSIM" $bn --set rack.iohost_sidecores=1 --set wire.iohost_gbps=100 -o sc || fail "sidecore-limited run"
unit() { awk -F, -v m="$2" -v k="$3" '$3 == m && $6 == k { print $8 }' "$1"; }
case $(unit port/summary.csv vrio bottleneck) in iohost_tx|iohost_rx) ;; *) fail "port-limited rack: bottleneck $(unit port/summary.csv vrio bottleneck)" ;; esac
[ "$(unit sc/summary.csv vrio bottleneck)" = sidecore ] || fail "sidecore-limited rack: bottleneck $(unit sc/summary.csv vrio bottleneck)"
gt "$(v sc/summary.csv vrio bottleneck)" 0.95 || fail "the saturated sidecore at $(v sc/summary.csv vrio bottleneck)"
echo "ok: bottleneck $(unit port/summary.csv vrio bottleneck) ($(v port/summary.csv vrio bottleneck)) with a 10 GbE IOhost port, $(unit sc/summary.csv vrio bottleneck) ($(v sc/summary.csv vrio bottleneck)) with 100 GbE and one sidecore"

# An application out of request records (vRIO's front end holds each send's buffer until the
# IOhost's completion) sleeps in its send: its vCPU halts until a completion frees one. A vCPU
# that left each halt at once spent its core in HLT exits (2.4 per request, util_vcpu 1.0).
"$VRIOSIM" "$SRC/scenarios/netperf-stream.ini" --set model.kind=vrio -q --no-plot -o rec || fail "vRIO stream"
s=rec/summary.csv
per=$(awk -v h="$(v $s vrio halt_exits_per_s)" -v r="$(v $s vrio throughput_rps)" 'BEGIN { print h / r }')
gt 1.2 "$per" || fail "vRIO stream out of records: $per HLT exits per request"
gt 0.9 "$(v $s vrio util_vcpu)" || fail "vRIO stream out of records: util_vcpu $(v $s vrio util_vcpu)"
echo "ok: vRIO stream out of records: $per HLT exits per request, util_vcpu $(v $s vrio util_vcpu)"
