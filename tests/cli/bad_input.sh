#!/bin/bash
# Every class of bad input: one line naming file:line and key, exit 2, no results left behind.
. "$(dirname "$0")/lib.sh"

scn() { printf '%s\n' "$@" >bad.ini; }

scn '[run]' 'duration_s = 0.01' '[rack]' 'vmhostz = 2'
expect_input_error '^vriosim: bad\.ini:4: \[rack\] vmhostz: unknown key \(did you mean vmhosts\?\)$' bad.ini

scn '[run]' 'duration_s = 0.01' '[racks]' 'vmhosts = 2'
expect_input_error '^vriosim: bad\.ini:4: \[racks\] vmhosts: unknown section \[racks\] \(did you mean \[rack\]\?\)$' bad.ini

# Did-you-mean: a swap of two letters, a section's typo, and nothing close: no guess.
scn '[wire]' 'gpbs = 40'
expect_input_error '^vriosim: bad\.ini:2: \[wire\] gpbs: unknown key \(did you mean gbps\?\)$' bad.ini
scn '[wrie]' 'mtu = 9000'
expect_input_error '^vriosim: bad\.ini:2: \[wrie\] mtu: unknown section \[wrie\] \(did you mean \[wire\]\?\)$' bad.ini
scn '[rack]' 'flux_capacitor = 1'
expect_input_error '^vriosim: bad\.ini:2: \[rack\] flux_capacitor: unknown key$' bad.ini
scn '[sweep]' 'axes = rack.vmhosts=1,2'
expect_input_error '^vriosim: bad\.ini:2: \[sweep\] axes: unknown key \(expected axis\)$' bad.ini

scn '[rack]' 'vmhosts = two'
expect_input_error 'bad\.ini:2: \[rack\] vmhosts: expected a whole number from 1 to 1024, got "two"' bad.ini

scn '[rack]' 'vmhosts = 0'
expect_input_error 'bad\.ini:2: \[rack\] vmhosts: expected a whole number' bad.ini

scn '[wire]' 'gbps = -3'
expect_input_error 'bad\.ini:2: \[wire\] gbps: expected a number' bad.ini

scn '[run]' 'duration_s = 1e999'
expect_input_error 'bad\.ini:2: \[run\] duration_s: expected a number' bad.ini

scn '[model]' 'kind = trap,kvm'
expect_input_error 'bad\.ini:2: \[model\] kind: expected trap, elvis, vrio, sriov, baremetal or dynamic' bad.ini

scn '[model]' 'eli = maybe'
expect_input_error 'bad\.ini:2: \[model\] eli: expected on or off' bad.ini

scn '[workload]' 'kind = bulk'
expect_input_error 'bad\.ini:2: \[workload\] kind: expected rr\|stream\|open\|pktgen\|block\|trace' bad.ini

scn '[rack]' 'iohost_rx_claim = whole'
expect_input_error 'bad\.ini:2: \[rack\] iohost_rx_claim: expected ring\|descriptor' bad.ini

scn '[workload]' 'phase = late'
expect_input_error 'bad\.ini:2: \[workload\] phase: expected random\|aligned' bad.ini

scn '[rack]' 'queue_size = 100'
expect_input_error 'bad\.ini:2: \[rack\] queue_size: expected a power of 2' bad.ini

scn '; comment' '[rack]' 'this line has no equals sign'
expect_input_error 'bad\.ini:3: syntax error' bad.ini

scn 'vmhosts = 2'
expect_input_error '^vriosim: bad\.ini:1: \[\] vmhosts: unknown section \[\] \(did you mean \[rack\]\?\)$' bad.ini

# Impossible racks: named at the line of the key to blame.
scn '[model]' 'kind = elvis' '[rack]' 'cores_per_vmhost = 2' 'elvis_sidecores = 2'
expect_input_error 'bad\.ini:5: \[rack\] elvis_sidecores: must be less than rack.cores_per_vmhost' bad.ini

scn '[rack]' 'iohost_cores = 2' 'iohost_sidecores = 4'
expect_input_error 'bad\.ini:3: \[rack\] iohost_sidecores: is more than rack.iohost_cores' bad.ini

scn '[run]' 'duration_s = 0.1' 'warmup_s = 0.2'
expect_input_error 'bad\.ini:3: \[run\] warmup_s: must be less than run.duration_s' bad.ini

scn '[rack]' 'vmhosts = 3' '[workload]' 'vm_load = 1,2'
expect_input_error 'bad\.ini:4: \[workload\] vm_load: must list one weight per VMhost' bad.ini

# Missing files.
expect_input_error '^vriosim: nope\.ini: cannot open scenario \(No such file or directory\)$' nope.ini
scn '[costs]' 'profile = missing.ini'
expect_input_error 'bad\.ini:2: \[costs\] profile: cannot open .*missing\.ini' bad.ini

# A calibration profile may only set costs.
printf '[costs]\nsidecore_req_cycles = 1200\n[rack]\nvmhosts = 3\n' >prof.ini
scn '[costs]' 'profile = prof.ini'
expect_input_error 'prof\.ini:4: \[rack\] vmhosts: a profile may only set \[costs\]' bad.ini
printf '[costs]\nsidecore_req_cycles = lots\n' >prof.ini
expect_input_error 'prof\.ini:2: \[costs\] sidecore_req_cycles: expected a number' bad.ini

# Traces: header, fields, order.
printf 't_s,vm,bytes\n0,0,64\n' >t.csv
scn '[workload]' 'kind = trace' 'trace_file = t.csv'
expect_input_error 't\.csv:1: expected 4 fields' bad.ini
printf 't_s,vm,bytes,resp_bytes\n0.001,0,64,64\n0.0005,1,64,64\n' >t.csv
expect_input_error 't\.csv:3: t_s: records must be in time order' bad.ini
printf 't_s,vm,bytes,resp_bytes\n0.001,x,64,64\n' >t.csv
expect_input_error 't\.csv:2: vm: expected a non-negative whole number up to 2147483647, got "x"' bad.ini
printf 'time,vm,bytes,resp_bytes\n' >t.csv
expect_input_error 't\.csv:1: column 1: expected header t_s' bad.ini
# Out of range for its type (a VM index past INT_MAX was undefined behaviour, then dropped).
printf 't_s,vm,bytes,resp_bytes\n0.001,0,64,64\n0.002,3000000000,64,64\n' >t.csv
expect_input_error '^vriosim: t\.csv:3: vm: expected a non-negative whole number up to 2147483647, got "3000000000"$' bad.ini
printf 't_s,vm,bytes,resp_bytes\n0.001,0,64,2000000000\n' >t.csv
expect_input_error '^vriosim: t\.csv:2: resp_bytes: expected a non-negative whole number up to 1073741824' bad.ini
# A field longer than 63 characters was cut to its first 63 (a number followed by garbage
# passed): refused whole.
printf 't_s,vm,bytes,resp_bytes\n0.00100000000000000000000000000000000000000000000000000000000000000000junk,0,64,64\n' >t.csv
expect_input_error '^vriosim: t\.csv:2: t_s: field longer than 63 characters' bad.ini
printf 't_s,vm,bytes,resp_bytes\n0.001,000000000000000000000000000000000000000000000000000000000000007x,64,64\n' >t.csv
expect_input_error '^vriosim: t\.csv:2: vm: field longer than 63 characters' bad.ini
# A quoted field may hold a line break: the message stays one line (found by fuzz_trace).
printf 't_s,vm,bytes,resp_bytes\n0.001,"1\n2",64,64\n' >t.csv
expect_input_error '^vriosim: t\.csv:3: vm: expected a non-negative whole number up to 2147483647, got "1\?2"$' bad.ini
# At most VS_MAX_TRACE (1,000,000) records: exactly that many load, one more does not (the
# buffer used to grow to 1,048,576 before the limit was checked).
awk 'BEGIN { print "t_s,vm,bytes,resp_bytes"; for (i = 0; i < 1000000; i++) printf "%d,0,64,64\n", i }' >big.csv
scn '[workload]' 'kind = trace' 'trace_file = big.csv'
"$VRIOSIM" bad.ini --params >params.txt 2>stderr.txt || fail "1,000,000 records refused: $(cat stderr.txt)"
echo '1000000,0,64,64' >>big.csv
expect_input_error '^vriosim: big\.csv:1000002: more than 1000000 records' bad.ini
rm -f big.csv
scn '[workload]' 'kind = trace' 'trace_file = t.csv'
# The trace's own file:line survives a --set (it used to be cut to what followed its first blank).
printf 't_s,vm,bytes,resp_bytes\n0.001,0,64,64\n0.002,x,64,64\n' >bad.csv
expect_input_error '^vriosim: --set workload.trace_file=bad\.csv: bad\.csv:3: vm: expected a non-negative whole number' --set workload.kind=trace --set workload.trace_file=bad.csv
expect_input_error '^vriosim: --set costs.profile=nope\.ini: \[costs\] profile: cannot open nope\.ini' --set costs.profile=nope.ini
printf '[costs]\nsidecore_req_cycles = lots\n' >badprof.ini
expect_input_error '^vriosim: --set costs.profile=badprof\.ini: badprof\.ini:2: \[costs\] sidecore_req_cycles: expected a number' --set costs.profile=badprof.ini

# Command-line overrides and flags.
expect_input_error '^vriosim: --set rack.vmhosts=abc: \[rack\] vmhosts: expected a whole number' --set rack.vmhosts=abc
expect_input_error '^vriosim: --set rack.flux=1: \[rack\] flux: unknown key$' --set rack.flux=1
expect_input_error '^vriosim: --set rack.vmhost=1: \[rack\] vmhost: unknown key \(did you mean vmhosts\?\)$' --set rack.vmhost=1
expect_input_error '^vriosim: --set vmhosts: expected section.key=value$' --set vmhosts
expect_input_error '^vriosim: --set rack.elvis_sidecores: \[rack\] elvis_sidecores: must be less than' --set rack.elvis_sidecores=4
expect_input_error '^vriosim: --frobnicate: unknown option' --frobnicate
expect_input_error '^vriosim: expected at most one scenario file' a.ini b.ini
echo "all bad-input classes rejected"
