#!/bin/bash
# The INI syntax of scenarios and profiles: lines of any length up to 64 KiB, CR, LF and CRLF
# line ends, NUL bytes, unclosed section headers, keys given twice, directories given as files,
# and the time aliases of cycle keys. Each case was a defect of the libinih-based reader.
. "$(dirname "$0")/lib.sh"

scn() { printf '%s\n' "$@" >bad.ini; }
# param FILE KEY [ARGS...] -> the resolved value of KEY (section.key) from --params
param() {
	f=$1 k=$2
	shift 2
	"$VRIOSIM" "$f" "$@" --params 2>stderr.txt >params.txt || fail "$f --params: $(cat stderr.txt)"
	grep "^$k=" params.txt | cut -d= -f2-
}
expect_param() { # FILE KEY WANT [ARGS...]
	f=$1 k=$2 want=$3
	shift 3
	got=$(param "$f" "$k" "$@")
	[ "$got" = "$want" ] || fail "$f: $k = '$got', expected '$want'"
	echo "ok: $f: $k = $got"
}
long() { head -c "$1" /dev/zero | tr '\0' "$2"; } # long N CHAR

# 1. Long lines: a key inside a long comment is not a key; line numbers do not drift.
scn '[rack]' "; $(long 300 c) vmhosts = 7" 'vms_per_vmhost = 2'
expect_param bad.ini rack.vmhosts 2
scn '[rack]' "; $(long 5000 c)" "# $(long 300 d) = x" 'vmhostz = 1'
expect_input_error '^vriosim: bad\.ini:4: \[rack\] vmhostz: unknown key \(did you mean vmhosts\?\)$' bad.ini
# A long value is read whole: 300 weights.
w=$(awk 'BEGIN { for (i = 1; i <= 300; i++) printf "%s%d", (i > 1 ? "," : ""), i }')
scn '[rack]' 'vmhosts = 300' 'vms_per_vmhost = 1' '[workload]' "vm_load = $w"
expect_param bad.ini workload.vm_load "$w"
# Over 64 KiB: refused, at its line.
scn '[rack]' "; $(long 70000 c)"
expect_input_error '^vriosim: bad\.ini:2: line longer than 65536 bytes$' bad.ini

# 2. Line ends: CR alone, CRLF, LF and a mix read alike, lines counted as an editor does.
printf '[run]\rduration_s = 0.05\r[rack]\rvmhosts = 3\r' >cr.ini
expect_param cr.ini rack.vmhosts 3
expect_param cr.ini run.duration_s 0.05
printf '[run]\r\nduration_s = 0.05\r\n[rack]\r\nvmhosts = 3\r\n' >crlf.ini
expect_param crlf.ini rack.vmhosts 3
printf '[run]\rduration_s = 0.05\r\n\n[rack]\nvmhostz = 3\r' >bad.ini
expect_input_error '^vriosim: bad\.ini:5: \[rack\] vmhostz: unknown key' bad.ini
# A byte-order mark, blanks, an inline comment and an indented line are fine.
printf '\xef\xbb\xbf[rack]\n  vmhosts = 3 ; three\n\t[wire]\ngbps=40\n' >ok.ini
expect_param ok.ini rack.vmhosts 3
expect_param ok.ini wire.gbps 40
printf '[wire]\ngbps=40;not a comment\n' >bad.ini # a ';' starts a comment after a blank only
expect_input_error '^vriosim: bad\.ini:2: \[wire\] gbps: expected a number' bad.ini

# 3. NUL bytes: an error at their line, not a line skipped.
printf '[rack]\n\0vmhosts = 3\n' >bad.ini
expect_input_error '^vriosim: bad\.ini:2: NUL byte$' bad.ini
printf '[rack]\nvmhosts = 3\0 junk\n' >bad.ini
expect_input_error '^vriosim: bad\.ini:2: NUL byte$' bad.ini

# 4. Section headers: an unclosed one is a syntax error on its own line.
scn '[run]' 'duration_s = 0.05' '[rack' 'vmhosts = 2'
expect_input_error "^vriosim: bad\.ini:3: syntax error: section header \[rack without '\]'$" bad.ini
scn '[rack] vmhosts = 2'
expect_input_error '^vriosim: bad\.ini:1: syntax error: text after the section header \(vmhosts = 2\)$' bad.ini
scn '[rack] ; the rack' 'vmhosts = 3'
expect_param bad.ini rack.vmhosts 3
scn '[rack]' '= 3'
expect_input_error "^vriosim: bad\.ini:2: syntax error \(no key before '='\)$" bad.ini

# 5. A key twice in one file names both lines; --set and a scenario's key after its profile
#    are overrides.
scn '; rack' '' '[rack]' 'vmhosts = 2' 'vms_per_vmhost = 1' '[wire]' 'gbps = 10' '[rack]' 'vmhosts = 3'
expect_input_error '^vriosim: bad\.ini:9: \[rack\] vmhosts: set twice \(first at line 4\)$' bad.ini
scn '[rack]' 'vmhosts = 2'
expect_param bad.ini rack.vmhosts 5 --set rack.vmhosts=4 --set rack.vmhosts=5
printf '[costs]\nsidecore_req_cycles = 1200\nvhost_req_cycles = 900\n' >prof.ini
scn '[costs]' 'sidecore_req_cycles = 1000' 'profile = prof.ini' 'vhost_req_cycles = 800'
expect_param bad.ini costs.sidecore_req_cycles 1200 # the profile applies where it is included
expect_param bad.ini costs.vhost_req_cycles 800     # and later keys win
printf '[costs]\nsidecore_req_cycles = 1200\n\nsidecore_req_cycles = 1300\n' >prof.ini
scn '[costs]' 'profile = prof.ini'
expect_input_error '^vriosim: prof\.ini:4: \[costs\] sidecore_req_cycles: set twice \(first at line 2\)$' bad.ini
printf '[costs]\nsidecore_req_cycles = 1200\n' >prof.ini
scn '[costs]' 'profile = prof.ini' 'profile = prof.ini'
expect_input_error 'bad\.ini:3: \[costs\] profile: set twice \(first at line 2\)$' bad.ini
# A [sweep] axis twice would run every point twice.
scn '[sweep]' 'axis = rack.vmhosts=1,2' 'axis = wire.gbps=10,40' 'axis = rack.vmhosts = 3,4'
expect_input_error '^vriosim: bad\.ini:4: \[sweep\] axis: rack\.vmhosts: set twice \(first at line 2\)$' bad.ini
scn '[sweep]' 'axis = rack.vmhostz=1,2'
expect_input_error '^vriosim: bad\.ini:2: \[sweep\] axis: unknown key rack\.vmhostz \(did you mean rack\.vmhosts\?\)$' bad.ini

# 6. A directory is not a scenario, nor a profile.
mkdir -p adir
expect_input_error '^vriosim: adir: cannot open scenario \(Is a directory\)$' adir
scn '[costs]' 'profile = adir'
expect_input_error '^vriosim: bad\.ini:2: \[costs\] profile: cannot open adir \(Is a directory\)$' bad.ini
scn '[workload]' 'kind = trace' 'trace_file = adir'
expect_input_error '^vriosim: bad\.ini:3: \[workload\] trace_file: cannot open adir \(Is a directory\)$' bad.ini

# 7. costs.interpose_us: costs.interpose_cycles in microseconds at rack.cpu_ghz, whichever
#    comes first; both in one file is an error; a later profile or --set overrides.
scn '[costs]' 'interpose_us = 2' '[rack]' 'cpu_ghz = 2.5'
expect_param bad.ini costs.interpose_cycles 5000
grep -q '^costs.interpose_us=' params.txt && fail "--params lists the alias (its target holds the value)"
scn '[rack]' 'cpu_ghz = 2' '[costs]' 'interpose_us = 0.25'
expect_param bad.ini costs.interpose_cycles 500
expect_param bad.ini costs.interpose_cycles 1234 --set costs.interpose_cycles=1234
expect_param bad.ini costs.interpose_cycles 3000 --set rack.cpu_ghz=3 --set costs.interpose_us=1
scn '[costs]' 'interpose_cycles = 3000' 'interpose_us = 1'
expect_input_error '^vriosim: bad\.ini:3: \[costs\] interpose_us: interpose_cycles set at line 2 already \(give one of them\)$' bad.ini
printf '[costs]\ninterpose_cycles = 7000\n' >prof.ini
scn '[rack]' 'cpu_ghz = 2' '[costs]' 'profile = prof.ini' 'interpose_us = 1'
expect_param bad.ini costs.interpose_cycles 2000
scn '[rack]' 'cpu_ghz = 2' '[costs]' 'interpose_us = 1' 'profile = prof.ini'
expect_param bad.ini costs.interpose_cycles 7000
scn '[costs]' 'interpose_us = -1'
expect_input_error '^vriosim: bad\.ini:2: \[costs\] interpose_us: expected a time in microseconds' bad.ini
echo "INI syntax: all cases pass"
