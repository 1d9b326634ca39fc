#!/bin/bash
# Calibration and validation tests. $1 vriosim, $2 source tree, $3 the case, $4 vrioemu.
case ${1:-} in
-h|--help)
	echo "usage: tests/validation/calibration.sh VRIOSIM SOURCE_DIR CASE [VRIOEMU]"
	echo "  one case of the calibration and validation tests (the names: the case labels below"
	echo "  in this file, as CTest lists them: ctest -N -R validation); exit 0 pass, 1 fail,"
	echo "  77 skipped (the reason on stderr), 2 usage"
	exit 0 ;;
-*) echo "calibration.sh: $1: unknown option (see --help)" >&2; exit 2 ;;
esac
[ $# -ge 3 ] || { echo "calibration.sh: expected VRIOSIM SOURCE_DIR CASE [VRIOEMU] (see --help)" >&2; exit 2; }
. "$2/tests/cli/lib.sh"
. "$2/emulator/tests/emu_lib.sh"
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

# refused WANT_REGEX FILE: vriosim calibrate refuses the fit: exit 1, the reason on stderr
# (naming the file), and the profile already at -o left as it was.
refused() {
	echo "old profile" >p.ini
	"$VRIOSIM" calibrate "$2" -o p.ini 2>err.txt
	rc=$?
	[ $rc = 1 ] || fail "$2: exit $rc, expected 1 (refused): $(cat err.txt)"
	head -1 err.txt | grep -q "^vriosim calibrate: $2: no profile written" ||
		fail "$2: no refusal header: $(cat err.txt)"
	grep -Eq -- "$1" err.txt || fail "$2: '$(cat err.txt)' does not match '$1'"
	[ "$(cat p.ini)" = "old profile" ] || fail "$2: the profile at -o was overwritten"
	[ ! -e p.ini.tmp ] || fail "$2: left p.ini.tmp behind"
	echo "ok: $2 refused: $(grep -E -- "$1" err.txt | head -1)"
}
# with_rows AWK_PROGRAM < FILE: rewrite the measurement rows (stamp and header kept); $1 op,
# $3 queues, $4 bytes, $5 rep, $6 value, $9 busy.
with_rows() {
	awk -F, -v OFS=, "/^#/ || /^op,/ { print; next } $1"
}

case $CASE in
refuse_busy)
	# Most rows taken on a busy machine: left out, and what is left is too little.
	synth | with_rows '{ if ($5 != 0) $9 = 1; print }' >busy.csv
	refused 'sidecore_frame: 5 of its 15 rows taken on a quiet machine \(10 flagged busy\)' busy.csv
	grep -q '(80 of 120 rows taken on a busy machine' err.txt || fail "busy.csv: no row count"
	# A few busy rows are left out, and the fit goes on without them (they would bend it).
	synth | with_rows '$1 == "sidecore_frame" && $5 == 2 && $4 == 9000 { $6 = 90000; $9 = 1 } { print }' >some.csv
	"$VRIOSIM" calibrate some.csv -o p2.ini || fail "some.csv: exit $?"
	near "$(ini p2.ini sidecore_req_cycles)" 1000 5 "sidecore_req_cycles without its busy row"
	near "$(ini p2.ini sidecore_byte_cycles)" 0.4 0.005 "sidecore_byte_cycles without its busy row"
	grep -q '^rows_on_busy_machine = 1$' p2.ini || fail "rows_on_busy_machine not 1"
	;;
refuse_impossible)
	# A negative intercept: poll_pass = -80 + 100 * queues.
	synth | with_rows '$1 == "poll_pass" { print; $3 = 2; $6 = 120; print; $3 = 8; $6 = 720 } { print }' |
		with_rows '$1 == "poll_pass" && $3 == 1 { $6 = 20 } { print }' >neg.csv
	refused 'poll_pass: poll_pass_ns = -80: a negative cost' neg.csv
	# A negative per-byte cost: vhost frames cheaper the larger they are.
	synth | with_rows '$1 == "vhost_frame" { $6 = 5000 - 0.2 * $4 } { print }' >negb.csv
	refused 'vhost_frame: vhost_byte_cycles = -0.4: a negative cost' negb.csv
	# Medians far below the means: sigma over the reader's limit of 10.
	synth | with_rows '$1 == "sidecore_frame_p50" { $6 = 1e-20 } { print }' >sigma.csv
	refused 'sidecore_sigma = 10\.[0-9]*: the scenario reader expects a number from 0 to 10' sigma.csv
	# Warm frames dearer than cold ones: a ratio over 1 (once clamped to 1 in silence).
	synth | with_rows '$1 == "sidecore_frame_warm" { $6 = 800 + 0.2 * $4 } { print }' >warm.csv
	refused 'sidecore_warm_ratio = 1\.6000: the scenario reader expects a number from 0.01 to 1' warm.csv
	# A vRIO frame latency below the send over the wire it includes (0.35 us against 3 us).
	{ synth; for r in 0 1 2; do for b in 64 1500 9000; do
		echo "latency_vrio,vrio,1,$b,$r,350,ns,0.1,0"; done; done; } >lat.csv
	refused 'latency_vrio: p50 350 ns at 64 bytes is below 25% of the 3006 ns send' lat.csv
	;;
refuse_noisy)
	# poll_scan's ns per queue not following the queue count: R^2 below 0.5.
	synth | with_rows '$1 == "poll_scan" { $6 = ($3 * 7 + $5 * 13) % 11 + 1 } { print }' >r2.csv
	refused 'poll_scan: R\^2 = 0\.[0-4][0-9]*, below 0\.50' r2.csv
	# Per-frame work scattered +-60%: the line is not known within 25%.
	synth | with_rows '$1 == "sidecore_frame" { $6 = $6 * ($5 == 0 ? 0.4 : $5 == 1 ? 1.6 : 1) } { print }' >noisy.csv
	refused 'sidecore_frame: its line is [0-9]+ ns \+- [0-9]+% at bytes = [0-9]+ \(more than 25%' noisy.csv
	# A per-byte slope below 0 but within two standard errors of it (vhost frames flat at 5 us,
	# scattered +-400 ns: seen on a shared machine): too noisy, not impossible, not written.
	synth | with_rows '$1 == "vhost_frame" { $6 = 5000 + ($4 == 9000 ? ($5 == 0 ? -400 : $5 == 1 ? 250 : 0) : $4 == 64 ? ($5 == 1 ? 300 : $5 == 2 ? -100 : 0) : 0) } { print }' >zero.csv
	refused 'vhost_frame: vhost_byte_cycles = -0\.[0-9]+ \+- [0-9.e-]+: below 0 but within 2 standard errors of it .*too noisy' zero.csv
	! grep -q 'impossible' err.txt || fail "zero.csv: called impossible: $(cat err.txt)"
	# Several at once: each is named.
	synth | with_rows '$1 == "poll_scan" { $6 = ($3 * 7 + $5 * 13) % 11 + 1 } $1 == "sidecore_frame_p50" { $6 = 1e-20 } { print }' >two.csv
	refused 'no profile written: [0-9]+ fits refused' two.csv
	grep -q 'poll_scan: R' err.txt && grep -q 'sidecore_sigma' err.txt || fail "two.csv: not both named"
	;;
long_provenance)
	# Provenance longer than any INI line, with control characters and an INI section in it,
	# from a path longer than the reader's line: written safely, and the profile loads back.
	long=$(printf 'Intel(R) Xeon(R) %0300d\t\033[31m [costs] sidecore_req_cycles = 1' 0)
	deep=$(printf 'd%.0s' $(seq 1 60))/$(printf 'e%.0s' $(seq 1 60))/$(printf 'f%.0s' $(seq 1 60))/$(printf 'g%.0s' $(seq 1 60))
	mkdir -p "$deep"
	synth | sed "s|^# cpu_model=.*|# cpu_model=$long|; s|^# host=.*|# host=$(printf 'h%.0s' $(seq 1 250))|" >"$deep/m.csv"
	"$VRIOSIM" calibrate "$deep/m.csv" -o prof.ini || fail "calibrate with long provenance: exit $?"
	awk 'length($0) > 160 { print "line " NR " has " length($0) " characters"; bad = 1 } END { exit bad }' prof.ini ||
		fail "profile lines over 160 characters"
	LC_ALL=C grep -q '[[:cntrl:]]' prof.ini && fail "control characters in the profile"
	grep -q '^cpu_model = Intel(R) Xeon(R) 0*\.\.\.$' prof.ini || fail "cpu_model: $(grep ^cpu_model prof.ini)"
	grep -q '^source = \.\.\.[fg/]*/m\.csv$' prof.ini || fail "source: $(grep ^source prof.ini)"
	[ "$(grep -c '^sidecore_req_cycles' prof.ini)" = 1 ] || fail "an injected key became a line"
	printf '[costs]\nprofile = prof.ini\n' >scn.ini
	"$VRIOSIM" run scn.ini --params >params.txt || fail "the profile does not load back"
	near "$(grep '^costs.sidecore_req_cycles=' params.txt | cut -d= -f2)" 1000 5 "sidecore_req_cycles read back"
	;;
fit_tracked)
	# The tracked measurements (a quiet run of this machine) pass every rule, and give the
	# tracked profile's [costs], byte for byte: the rules refuse bad data, not this.
	"$VRIOSIM" calibrate "$SRC/validation/calibration.csv" -o p.ini || fail "calibrate exit $?"
	diff <(sed -n '/^\[costs\]/,/^$/p' "$SRC/validation/profile.ini") <(sed -n '/^\[costs\]/,/^$/p' p.ini) ||
		fail "[costs] differ from validation/profile.ini"
	echo "ok: validation/calibration.csv passes; [costs] as tracked"
	;;
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
	# The same probe as the emu.* tests: root alone is not enough (a user namespace's root,
	# a read-only /run, no /dev/net/tun): skip with the reason when a namespace cannot be made.
	emu_need_privileges --no-peer
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
	emu_need_privileges --no-peer
	"$EMU" calibrate --quick --reps 3 --duration 0.1 --retries 1 -o m.csv || fail "vrioemu calibrate exit $?"
	for op in wakeup rx_claim ring_op kick poll_scan sidecore_frame sidecore_frame_p50 poll_pass vhost_frame; do
		[ "$(grep -c "^$op," m.csv)" -ge 3 ] || fail "m.csv: fewer than 3 $op rows"
	done
	"$VRIOSIM" calibrate m.csv -o p.ini 2>err.txt
	rc=$?
	cat err.txt >&2
	busy=$(awk -F, '!/^#/ && !/^op,/ && $9 == 1' m.csv | wc -l)
	if [ $rc = 1 ] && [ "$busy" -gt 0 ] && grep -q 'flagged busy' err.txt; then
		# Other programs kept the CPUs busy through the retries (a shared machine): the
		# refusal is right, and the fit of a quiet machine cannot be checked now.
		echo "skip: the machine stayed busy ($busy rows flagged busy): the calibration was" \
			"refused, as it should be; rerun on a quiet machine" >&2
		exit 77
	fi
	# A shared machine can also be noisy without being flagged busy (the check samples before
	# each measurement): fits refused as too noisy are the rules working, not a defect; any
	# other refusal (a negative cost, a value the scenario reader refuses) fails.
	reasons=$(grep -v 'no profile written' err.txt | grep 'vriosim calibrate:')
	if [ $rc = 1 ] && [ -n "$reasons" ] &&
		! echo "$reasons" | grep -Evq 'too noisy|flagged busy|R\^2 = '; then
		echo "skip: this quick calibration was too noisy on this machine now; its fits were" \
			"refused, as they should be: $(echo "$reasons" | head -2 | tr '\n' ' ')" >&2
		exit 77
	fi
	[ $rc = 0 ] || fail "vriosim calibrate exit $rc"
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
emu_calibrate_busy)
	# A loaded machine: a CPU hog on the measured core (cpu1, where the polling core and the
	# I/O thread are pinned). vrioemu calibrate retries what the machine was busy for, then
	# flags it; vriosim calibrate leaves the flagged rows out and refuses the fits left
	# without enough: no profile is written.
	emu_need_privileges --no-peer
	[ "$(nproc)" -ge 2 ] || { echo "skip: needs 2 CPUs (the hog goes on cpu1)" >&2; exit 77; }
	taskset -c 1 sh -c 'while :; do :; done' &
	hog=$!
	trap 'kill $hog 2>/dev/null; rm -rf "$WORK"' EXIT
	"$EMU" calibrate --quick --reps 3 --duration 0.1 --retries 1 -o m.csv 2>emu.txt ||
		fail "vrioemu calibrate exit $?: $(tail -3 emu.txt)"
	kill $hog
	wait $hog 2>/dev/null
	grep -m1 'retry 1/1' emu.txt || fail "no retry while the machine was busy: $(cat emu.txt)"
	grep -m1 'still busy after the retries' emu.txt || fail "no busy row reported"
	rows=$(grep -vc '^#\|^op,' m.csv)
	busy=$(awk -F, '!/^#/ && !/^op,/ && $9 == 1' m.csv | wc -l)
	echo "$busy of $rows rows flagged busy"
	[ $((busy * 2)) -ge "$rows" ] || fail "only $busy of $rows rows flagged busy under the hog"
	grep -q "warning: $busy of $rows rows were measured while the machine stayed busy" emu.txt ||
		fail "no summary of the busy rows: $(tail -2 emu.txt)"
	refused 'flagged busy\): needs 3 and at least 50% quiet' m.csv
	cat err.txt
	;;
run_cli)
	# validation/run: --help, unknown options and arguments, and never over tracked files.
	run=$SRC/validation/run
	"$run" --help >help.txt || fail "--help: exit $?"
	grep -q '^usage: validation/run' help.txt || fail "--help: no usage: $(cat help.txt)"
	for bad in --frobnicate build "-o" "--retries x" "--update-tracked -o x"; do
		# shellcheck disable=SC2086
		"$run" $bad >out.txt 2>err.txt
		rc=$?
		[ $rc = 2 ] || fail "validation/run $bad: exit $rc, want 2: $(cat err.txt)"
		[ "$(wc -l <err.txt)" = 1 ] || fail "validation/run $bad: not one line: $(cat err.txt)"
		echo "ok: validation/run $bad: $(cat err.txt)"
	done
	# validation/paper/run too.
	"$SRC/validation/paper/run" --help >help.txt || fail "paper/run --help: exit $?"
	grep -q 'Usage: validation/paper/run' help.txt || fail "paper/run --help: $(cat help.txt)"
	for bad in --frobnicate "-j" "-j x" "--smoke --update-tracked"; do
		# shellcheck disable=SC2086
		"$SRC/validation/paper/run" $bad >out.txt 2>err.txt
		rc=$?
		[ $rc = 2 ] || fail "validation/paper/run $bad: exit $rc, want 2: $(cat err.txt)"
		echo "ok: validation/paper/run $bad: $(cat err.txt)"
	done
	# The tracked results stay as they are unless --update-tracked says otherwise.
	if git -C "$SRC" ls-files --error-unmatch validation/report.md >/dev/null 2>&1; then
		before=$(cksum <"$SRC/validation/report.md")
		"$run" --build "$(dirname "$(dirname "$VRIOSIM")")" --no-emulator -o "$SRC/validation" \
			>out.txt 2>err.txt
		rc=$?
		[ $rc = 2 ] || fail "-o validation: exit $rc, want 2: $(cat err.txt)"
		grep -q 'is tracked by git.*--update-tracked' err.txt || fail "-o validation: $(cat err.txt)"
		[ "$(cksum <"$SRC/validation/report.md")" = "$before" ] || fail "validation/report.md changed"
		echo "ok: $(cat err.txt)"
	fi
	;;
emu_skip_probe)
	# Where namespaces cannot be made, the emulator-backed cases skip (77) with the reason
	# instead of failing: as root of a user namespace (uid 0, but no CAP_SYS_ADMIN over the
	# host's /run/netns), and as nobody.
	ran=0
	for c in emu_record emu_calibrate; do
		for how in userns nobody; do
			case $how in
			userns)
				unshare --user --map-root-user true 2>/dev/null || continue
				set -- unshare --user --map-root-user ;;
			nobody)
				[ "$(id -u)" = 0 ] && command -v setpriv >/dev/null || continue
				set -- setpriv --reuid=65534 --regid=65534 --clear-groups ;;
			esac
			(cd / && "$@" env TMPDIR=/tmp bash "$SRC/tests/validation/calibration.sh" "$VRIOSIM" \
				"$SRC" $c "$EMU") >out.txt 2>err.txt
			rc=$?
			[ $rc = 77 ] || fail "$c as $how: exit $rc, want 77 (skip): $(cat err.txt)"
			grep -q '^skip: ' err.txt || fail "$c as $how: no reason given: $(cat err.txt)"
			echo "ok: $c as $how skips: $(grep '^skip: ' err.txt)"
			ran=$((ran + 1))
		done
	done
	[ $ran -gt 0 ] || { echo "skip: neither unshare --user nor setpriv usable here" >&2; exit 77; }
	;;
*) echo "calibration.sh: unknown case $CASE (see --help)" >&2; exit 2 ;;
esac
exit 0
