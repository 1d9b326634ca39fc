#!/bin/bash
# A calibration profile's cycle costs were measured at its [profile] cpu_ghz. At another
# rack.cpu_ghz the cycles are kept (the same work takes less time on a faster clock) and one
# warning line says so; at the profile's clock, or with -q, nothing; with [costs]
# profile_clock = time the cycle keys are scaled to keep the measured times, silently; a cycle
# key the scenario sets after the profile is its own and stays.
. "$(dirname "$0")/lib.sh"
cat >prof.ini <<'P'
[profile]
cpu_ghz = 2.0
cycle_keys = sidecore_req_cycles vhost_req_cycles
[costs]
sidecore_req_cycles = 8000
vhost_req_cycles = 12000
poll_queue_ns = 0.5
P
printf '[rack]\ncpu_ghz = 3\n[costs]\nprofile = prof.ini\n' >s.ini
"$VRIOSIM" s.ini --params >p.txt 2>err.txt || fail "--params: $(cat err.txt)"
[ "$(wc -l <err.txt)" -eq 1 ] && grep -q '^vriosim: warning: s.ini:4: \[costs\] profile: measured at 2 GHz, rack.cpu_ghz = 3: vhost_req_cycles and 1 more cycle cost take 0.667x the measured time' err.txt ||
	fail "no warning at another clock: $(cat err.txt)"
grep -qx 'costs.sidecore_req_cycles=8000' p.txt || fail "cycles kept: $(grep req_cycles p.txt)"
echo "ok: $(cat err.txt)"
"$VRIOSIM" s.ini --params -q >/dev/null 2>err.txt && [ ! -s err.txt ] || fail "-q: $(cat err.txt)"
"$VRIOSIM" s.ini --set rack.cpu_ghz=2.005 --params >/dev/null 2>err.txt && [ ! -s err.txt ] ||
	fail "within 0.5% of the profile's clock: $(cat err.txt)"
"$VRIOSIM" s.ini --set costs.profile_clock=time --params >p.txt 2>err.txt || fail "time: $(cat err.txt)"
[ ! -s err.txt ] || fail "profile_clock = time warned: $(cat err.txt)"
grep -qx 'costs.sidecore_req_cycles=12000' p.txt && grep -qx 'costs.vhost_req_cycles=18000' p.txt &&
	grep -qx 'costs.poll_queue_ns=0.5' p.txt || fail "time: not scaled by 3/2: $(grep -E 'req_cycles|poll_queue' p.txt)"
echo "ok: profile_clock = time scales the cycle keys by 3/2"
"$VRIOSIM" s.ini --set costs.sidecore_req_cycles=9000 --set costs.profile_clock=time --params >p.txt 2>err.txt ||
	fail "override: $(cat err.txt)"
grep -qx 'costs.sidecore_req_cycles=9000' p.txt && grep -qx 'costs.vhost_req_cycles=18000' p.txt ||
	fail "a key set after the profile was scaled: $(grep req_cycles p.txt)"
echo "ok: a cycle key set after the profile is left alone"
# A run with the measured times at 3 GHz serves a sidecore request in the time the profile
# measured (8000 cycles at 2 GHz = 4 us), as a run at 2 GHz with the cycles does.
run() { "$VRIOSIM" s.ini --set model.kind=elvis --set run.duration_s=0.02 --set run.warmup_s=0.005 "$@" -q --no-plot; }
run --set costs.profile_clock=time -o t || fail "run time"
run --set rack.cpu_ghz=2 -o c || fail "run at 2 GHz"
run -o f || fail "run at 3 GHz, cycles"
busy() { csv_value "$1/summary.csv" elvis sidecore_busy; }
check_between "sidecore busy: time at 3 GHz / cycles at 2 GHz" "$(ratio "$(busy t)" "$(busy c)")" 0.85 1.15
check_between "sidecore busy: cycles at 3 GHz / at 2 GHz" "$(ratio "$(busy f)" "$(busy c)")" 0.5 0.95
