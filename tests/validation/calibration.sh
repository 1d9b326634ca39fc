#!/bin/bash
# Calibration and validation tests. $1 vriosim, $2 source tree, $3 the case, $4 vrioemu.
. "$2/tests/cli/lib.sh"
CASE=$3
EMU=${4:-}

# A synthetic measurement file with known lines: sidecore a=500 ns, b=0.2 ns/B; vhost a=1500,
# b=0.5; poll 3 + 40*queues; wakeup 5000; pass 1200 +- 12; claim 30; sidecore medians 0.8 x
# the means; +-1% deterministic alternating noise.
synth() {
	printf '# vrioemu 0.1.0 calibrate\n# host=testhost\n# cpu_model=Test CPU\n# cpu_ghz=2.0\n'
	printf '# kernel=Linux 6.1\n# date=2025-01-01T00:00:00Z\n'
	echo "op,mode,queues,bytes,rep,value,unit,loadavg,busy"
	for rep in 0 1 2; do
		for b in 64 512 1500 4000 9000; do
			n=$(awk -v r=$rep 'BEGIN { print (r == 1 ? 1.01 : r == 2 ? 0.99 : 1) }')
			awk -v b=$b -v n=$n -v r=$rep 'BEGIN {
				printf "sidecore_frame,sidecore,1,%d,%d,%.4f,ns,0.1,0\n", b, r, (500 + 0.2 * b) * n
				printf "vhost_frame,trap,1,%d,%d,%.4f,ns,0.1,0\n", b, r, (1500 + 0.5 * b) * n
				printf "sidecore_frame_p50,sidecore,1,%d,%d,%.4f,ns,0.1,0\n", b, r, (500 + 0.2 * b) * n * 0.8
				printf "wire_frame,vrio,1,%d,%d,%.4f,ns,0.1,0\n", b, r, 3000 + 0.1 * b
				printf "interpose,vrio,1,%d,%d,28,ns,0.1,0\n", b, r
				printf "sidecore_frame_warm,sidecore,1,%d,%d,%.4f,ns,0.1,0\n", b, r, 350 + 0.2 * b }'
		done
		for q in 1 2 4 8 16; do
			echo "poll_scan,sidecore,$q,0,$rep,$((3 + 40 * q)),ns,0.1,0"
		done
		echo "wakeup,trap,1,0,$rep,5000,ns,0.1,0"
		echo "rx_claim,vrio,2,0,$rep,30,ns,0.1,0"
		echo "ring_op,sidecore,1,64,$rep,25,ns,0.1,0"
		echo "kick,trap,1,0,$rep,1400,ns,0.1,0"
		echo "poll_pass,sidecore,1,256,$rep,$((1188 + 12 * rep)),ns,0.1,0"
	done
}

# near VALUE WANT TOL NAME
near() {
	awk -v v="$1" -v w="$2" -v t="$3" 'BEGIN { d = v - w; if (d < 0) d = -d; exit !(d <= t) }' ||
		fail "$4 = $1, expected $2 +- $3"
	echo "ok: $4 = $1 (expected $2 +- $3)"
}
ini() { awk -F' = ' -v k="$2" '$1 == k { print $2; exit }' "$1"; }
# replay TRACE: the simulator replays every request of a vrioemu trace (# stamp, header, rows).
replay() {
	n=$(($(wc -l <"$1") - 2))
	"$VRIOSIM" run "$SRC/scenarios/trace.ini" --set workload.trace_file="$1" --set model.kind=elvis \
		--set run.duration_s=0.25 --set run.warmup_s=0 -o out -q --no-plot || fail "replay of $1"
	got=$(csv_value out/summary.csv elvis requests_issued)
	[ "$got" = "$n" ] || fail "replayed $got requests, $1 has $n"
}

case $CASE in
fit_synthetic)
	synth >m.csv
	"$VRIOSIM" calibrate m.csv -o p.ini || fail "calibrate exit $?"
	cat p.ini
	# cycles at 2.0 GHz: a 500 ns -> 1000 cycles; 0.2 ns/B -> 0.4 cycles/B
	near "$(ini p.ini sidecore_req_cycles)" 1000 5 sidecore_req_cycles
	near "$(ini p.ini sidecore_byte_cycles)" 0.4 0.005 sidecore_byte_cycles
	near "$(ini p.ini vhost_req_cycles)" 3000 10 vhost_req_cycles
	near "$(ini p.ini vhost_byte_cycles)" 1.0 0.01 vhost_byte_cycles
	near "$(ini p.ini poll_queue_ns)" 40 0.001 poll_queue_ns
	near "$(ini p.ini wakeup_us)" 5 0.0001 wakeup_us
	near "$(ini p.ini rx_claim_ns)" 30 0.0001 rx_claim_ns
	near "$(ini p.ini poll_pass_ns)" 1200 0.0001 poll_pass_ns
	# recorded, in [fit] only: the ring, the kick, the veth wire, the interposition hook
	near "$(ini p.ini ring_op_a_ns)" 25 0.0001 ring_op_a_ns
	near "$(ini p.ini kick_a_ns)" 1400 0.0001 kick_a_ns
	near "$(ini p.ini wire_frame_a_ns)" 3000 0.001 wire_frame_a_ns
	near "$(ini p.ini wire_frame_b_ns)" 0.1 0.000001 wire_frame_b_ns
	near "$(ini p.ini interpose_a_ns)" 28 0.0001 interpose_a_ns
	# saturated (warm) frames at 350 ns against 500 cold (the fit's a, noise-free part)
	near "$(ini p.ini sidecore_warm_ratio)" 0.7 0.002 sidecore_warm_ratio
	# medians at 0.8 x the means: lognormal, sigma = sqrt(2 ln 1.25)
	[ "$(ini p.ini sidecore_dist)" = lognormal ] || fail "sidecore_dist: $(ini p.ini sidecore_dist)"
	near "$(ini p.ini sidecore_sigma)" "$(awk 'BEGIN { printf "%.4f", sqrt(2 * log(1.25)) }')" 0.0001 sidecore_sigma
	near "$(ini p.ini poll_pass_a_se)" "$(awk 'BEGIN { printf "%.4f", 12 / sqrt(3) }')" 0.0001 poll_pass_a_se
	near "$(ini p.ini poll_scan_r2)" 1 0.0001 poll_scan_r2
	near "$(ini p.ini sidecore_frame_n)" 15 0 sidecore_frame_n
	# Standard errors against an independent computation (awk least squares).
	se=$(grep '^sidecore_frame,' m.csv | awk -F, '{ x[NR] = $4; y[NR] = $6; n = NR; sx += $4; sy += $6 }
		END { mx = sx / n; my = sy / n; for (i = 1; i <= n; i++) { sxx += (x[i] - mx) ^ 2; sxy += (x[i] - mx) * (y[i] - my) }
		b = sxy / sxx; a = my - b * mx; for (i = 1; i <= n; i++) ss += (y[i] - a - b * x[i]) ^ 2
		printf "%.6f", sqrt(ss / (n - 2) / sxx) }')
	near "$(ini p.ini sidecore_frame_b_se)" "$se" 0.000002 sidecore_frame_b_se
	grep -q '^not_measured_why = .*literature' p.ini || fail "profile does not say exits are literature values"
	grep -q '^host = testhost' p.ini && grep -q '^measured = 2025-01-01' p.ini || fail "provenance missing"
	;;
bad_input)
	synth >good.csv
	bad() { # WANT_REGEX FILE
		rm -f p.ini
		"$VRIOSIM" calibrate "$2" -o p.ini 2>err.txt
		rc=$?
		[ $rc = 2 ] || fail "$2: exit $rc, expected 2 ($(cat err.txt))"
		[ "$(wc -l <err.txt)" = 1 ] || fail "$2: expected one line, got $(cat err.txt)"
		grep -Eq -- "$1" err.txt || fail "$2: '$(cat err.txt)' does not match '$1'"
		[ ! -e p.ini ] && [ ! -e p.ini.tmp ] || fail "$2: left a profile behind"
		echo "ok: $(cat err.txt)"
	}
	bad 'missing.csv: cannot open' missing.csv
	sed 's/^op,mode/op,mod/' good.csv >h.csv; bad '^h.csv:7: header:' h.csv
	sed '8s/^sidecore_frame/sidecar_frame/' good.csv >o.csv; bad '^o.csv:8: op: unknown' o.csv
	sed '9s/,0.1,0$/,0.1,7/' good.csv >b.csv; bad '^b.csv:9: busy:' b.csv
	sed '10s/,ns,/,us,/' good.csv >u.csv; bad '^u.csv:10: unit:' u.csv
	sed '8s/,ns,0.1/,ns,x/' good.csv >l.csv; bad '^l.csv:8: loadavg:' l.csv
	awk -F, 'NR == 8 { $6 = "-3" } 1' OFS=, good.csv >v.csv; bad '^v.csv:8: value:' v.csv
	sed '8s/,1,64,/,1,abc,/' good.csv >y.csv; bad '^y.csv:8: bytes:' y.csv
	sed '8s/$/,extra/' good.csv >f.csv; bad '^f.csv:8: row:' f.csv
	sed 's/cpu_ghz=2.0/cpu_ghz=fast/' good.csv >g.csv; bad '^g.csv:4: cpu_ghz:' g.csv
	head -9 good.csv >s.csv; bad 's.csv:9: sidecore_frame: cannot fit' s.csv
	head -7 good.csv >e.csv; bad 'e.csv:7: op: no measurements' e.csv
	"$VRIOSIM" calibrate good.csv 2>err.txt; [ $? = 2 ] || fail "no -o: expected exit 2"
	echo "ok: $(cat err.txt)"
	;;
profile_roundtrip)
	synth >m.csv
	"$VRIOSIM" calibrate m.csv -o prof.ini || fail "calibrate"
	printf '[costs]\nprofile = prof.ini\n' >scn.ini
	"$VRIOSIM" run scn.ini --params >params.txt || fail "run --params with the profile"
	for k in sidecore_req_cycles sidecore_byte_cycles vhost_req_cycles vhost_byte_cycles poll_queue_ns wakeup_us; do
		want=$(ini prof.ini $k)
		got=$(grep "^costs.$k=" params.txt | cut -d= -f2)
		near "$got" "$want" "$(awk -v w="$want" 'BEGIN { print w * 1e-6 + 1e-9 }')" "costs.$k via profile"
	done
	"$VRIOSIM" run scn.ini --set run.duration_s=0.02 --set run.warmup_s=0.002 --set model.kind=elvis \
		-o out -q --no-plot || fail "a run with the profile"
	;;
analytic_fast)
	"$VRIOSIM" validate --fast --src "$SRC" -o v || { cat v/report.md; fail "validate --fast"; }
	grep -c '^| PASS' v/report.md
	;;
capacity_mm1)
	# vriosim capacity on M/M/1 finds the rate whose p99 is the SLO within 2% of the closed
	# form (validation layer 5).
	"$VRIOSIM" validate --only capacity --src "$SRC" -o v || { cat v/report.md; fail "validate --only capacity"; }
	grep 'mm1 capacity' v/report.md
	;;
trace_replay)
	f=$SRC/traces/recorded-sidecore-256B.csv
	[ -r "$f" ] || fail "$f missing"
	head -1 "$f" | grep -q '^# vrioemu' || fail "no stamp line in $f"
	replay "$f"
	echo "ok: replayed all $n recorded requests"
	;;
emu_record)
	[ "$(id -u)" = 0 ] || { echo "skip: needs root (namespaces, taps)" >&2; exit 77; }
	"$EMU" run --mode sidecore --workload pktgen --peer none --guest-wait spin --size 512 \
		--rate 5000 --duration 0.2 --warmup 0.05 -q --record rec.csv || fail "vrioemu --record"
	head -2 rec.csv
	sed -n 2p rec.csv | grep -qx 't_s,vm,bytes,resp_bytes' || fail "trace header"
	n=$(($(wc -l <rec.csv) - 2))
	[ "$n" -gt 500 ] || fail "only $n requests recorded"
	replay "$WORK/rec.csv"
	echo "ok: recorded and replayed $n requests"
	;;
emu_calibrate)
	# The real measurement end to end, quick: vrioemu calibrate, then the fit of what it wrote.
	[ "$(id -u)" = 0 ] || { echo "skip: needs root (namespaces, taps)" >&2; exit 77; }
	"$EMU" calibrate --quick --reps 3 --duration 0.1 -o m.csv || fail "vrioemu calibrate exit $?"
	for op in wakeup rx_claim ring_op kick poll_scan sidecore_frame sidecore_frame_p50 poll_pass vhost_frame; do
		[ "$(grep -c "^$op," m.csv)" -ge 3 ] || fail "m.csv: fewer than 3 $op rows"
	done
	"$VRIOSIM" calibrate m.csv -o p.ini || fail "vriosim calibrate exit $?"
	cat p.ini
	for k in sidecore_req_cycles vhost_req_cycles poll_queue_ns wakeup_us rx_claim_ns poll_pass_ns; do
		v=$(ini p.ini $k)
		awk -v v="$v" 'BEGIN { exit !(v > 0) }' || fail "profile: $k = '$v'"
	done
	# The profile is usable as it is: a scenario includes it and runs.
	"$VRIOSIM" run "$SRC/validation/emulator/mirror.ini" --set costs.profile="$WORK/p.ini" \
		--set run.duration_s=0.05 --set run.warmup_s=0.01 -o out -q --no-plot || fail "run with the profile"
	echo "ok: measured, fitted and used a profile"
	;;
*) fail "unknown case $CASE" ;;
esac
exit 0
