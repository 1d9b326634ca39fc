#!/bin/bash
# Runs that cannot finish are refused before they start (exit 2, one line naming the key to
# blame and --force); a run longer than a few seconds shows its progress on a terminal only.
. "$(dirname "$0")/lib.sh"

scn() { printf '%s\n' "$@" >bad.ini; }
# refused WANT_REGEX ARGS...: exit 2 within seconds (the run itself would take days), one line.
refused() {
	want=$1
	shift
	timeout 30 "$VRIOSIM" "$@" -o out -q >stdout.txt 2>stderr.txt
	rc=$?
	[ $rc -eq 2 ] || fail "vriosim $*: exit $rc, expected 2 ($(cat stderr.txt))"
	[ "$(wc -l <stderr.txt)" -eq 1 ] || fail "vriosim $*: expected one line: $(cat stderr.txt)"
	grep -Eq -- "$want" stderr.txt || fail "vriosim $*: '$(cat stderr.txt)' does not match '$want'"
	grep -q -- '--force' stderr.txt || fail "vriosim $*: the message does not say how to override"
	[ ! -e out ] || fail "vriosim $*: a refused run created its directory"
	echo "ok: $(cat stderr.txt)"
}

# Time: a million simulated seconds, or a trillion requests a second per queue.
scn '[run]' 'warmup_s = 0' 'duration_s = 1e6'
refused '^vriosim: bad\.ini:3: \[run\] duration_s: the run would (take about .* years to simulate|need about .* of memory)' bad.ini
refused '^vriosim: --set run\.duration_s: \[run\] duration_s: ' --set run.duration_s=1e5
scn '[workload]' 'kind = open' 'rate_rps = 1e12'
refused '^vriosim: bad\.ini:3: \[workload\] rate_rps: the run would take about .* to simulate \(.* requests\), over the limit of an hour' bad.ini

# Memory: 65,536 queues of 32,768 descriptors (about 240 GB).
avail=$(awk '/^MemAvailable:/ { print $2 }' /proc/meminfo)
if [ "${avail:-0}" -lt 300000000 ]; then
	scn '[rack]' 'vmhosts = 1024' 'vms_per_vmhost = 64' 'queue_size = 32768'
	refused '^vriosim: bad\.ini:4: \[rack\] queue_size: the run would need about .* GB of memory \(65536 guest queues of 32768 descriptors\), more than 70% of the .* available' bad.ini
else
	echo "memory case skipped: $avail kB available"
fi
# A million guest queues (they reached 13.5 GB in a minute before anything ran): the rack is
# to blame, not the duration.
if [ "${avail:-0}" -lt 85000000 ]; then
	refused '^vriosim: --set rack\.vmhosts: \[rack\] vmhosts: the run would need about .* GB of memory \(1000000 guest queues of 256 descriptors\)' \
		--set rack.vmhosts=1000 --set rack.vms_per_vmhost=1000
fi
# Actors: 1,024 x 64 queues are 65,536 guests, beyond what vm.max_map_count allows (each
# actor maps a stack and a guard page): it used to abort inside SimGrid after 2.4 GB.
maps=$(cat /proc/sys/vm/max_map_count)
if [ "$maps" -lt 130000 ]; then
	scn '[rack]' 'vmhosts = 1024' 'vms_per_vmhost = 64'
	refused "^vriosim: bad\\.ini:2: \\[rack\\] vmhosts: the run would start [0-9]+ SimGrid actors, .* vm\\.max_map_count = $maps" bad.ini
else
	echo "actor case skipped: vm.max_map_count = $maps"
fi

# Parallel SimGrid contexts are refused (the models share queues without locks), and no other
# SimGrid option is passed through: exit 2, one line, nothing written.
for arg in --cfg=contexts/nthreads:2 "--cfg contexts/nthreads:4"; do
	# shellcheck disable=SC2086
	timeout 30 "$VRIOSIM" --set run.duration_s=0.01 $arg -o cfgout -q >stdout.txt 2>stderr.txt
	rc=$?
	[ $rc -eq 2 ] && [ "$(wc -l <stderr.txt)" -eq 1 ] && [ ! -e cfgout ] &&
		grep -q '^vriosim: --cfg=contexts/nthreads:[24]: parallel SimGrid contexts are refused' stderr.txt ||
		fail "$arg: exit $rc: $(cat stderr.txt)"
	echo "ok: $(cat stderr.txt)"
done
"$VRIOSIM" sweep --cfg=contexts/nthreads:2 --axis rack.clients=1,2 -o cfgout -q 2>stderr.txt
[ $? -eq 2 ] && grep -q 'parallel SimGrid contexts are refused' stderr.txt && [ ! -e cfgout ] ||
	fail "sweep --cfg: $(cat stderr.txt)"
"$VRIOSIM" --cfg=contexts/factory:ucontext -q 2>stderr.txt
[ $? -eq 2 ] && grep -q 'SimGrid options are not passed through' stderr.txt || fail "--cfg: $(cat stderr.txt)"

# A 10,000-VM rack (bench/rack10k.ini, a few simulated µs past its start) runs within 2 GiB,
# and the estimate does not promise less than it takes.
if [ -n "${VRIOSIM_SANITIZED:-}" ]; then
	# ASan's shadow memory and redzones (2.5 GB peak here) are not the product's memory.
	echo "10,000-VM memory not checked: a sanitizer build (its peak RSS is not the product's)"
elif [ -x /usr/bin/time ]; then
	"$VRIOSIM" "$SRC/bench/rack10k.ini" --estimate >est10k.txt || fail "rack10k --estimate"
	/usr/bin/time -f '%M' -o rss.txt "$VRIOSIM" "$SRC/bench/rack10k.ini" --set run.duration_s=0.0006 \
		-o r10k -q --no-plot 2>stderr.txt || fail "rack10k: $(cat stderr.txt)"
	rss_kib=$(tail -1 rss.txt)
	est_b=$(awk '/^memory/ { v = $3; u = $4; print v * (u == "GB" ? 1e9 : u == "MB" ? 1e6 : 1e3) }' est10k.txt)
	[ "$rss_kib" -le $((2 * 1024 * 1024)) ] || fail "rack10k: peak RSS $rss_kib KiB, over 2 GiB"
	awk -v r="$rss_kib" -v e="$est_b" 'BEGIN { exit !(e >= r * 1024) }' ||
		fail "rack10k: estimate $est_b B below the peak RSS $rss_kib KiB"
	echo "ok: 10,000 VMs peak at $rss_kib KiB, estimated $(head -1 est10k.txt)"
else
	echo "10,000-VM memory not checked: no /usr/bin/time"
fi

# --force skips the estimate: what fails next is the -o check, not the estimate.
echo x >afile
timeout 30 "$VRIOSIM" --set run.duration_s=1e5 --force -o afile -q 2>stderr.txt
[ $? -eq 2 ] && grep -q 'afile is not a directory' stderr.txt || fail "--force: $(cat stderr.txt)"
# The estimate on its own, and the shipped scenarios within it.
"$VRIOSIM" --estimate >est.txt || fail "--estimate failed"
grep -q '^memory ' est.txt && grep -q '^time ' est.txt || fail "--estimate: $(cat est.txt)"
for f in "$SRC"/scenarios/*.ini "$SRC"/scenarios/paper/*.ini; do
	"$VRIOSIM" "$f" --estimate >/dev/null 2>stderr.txt || fail "$f --estimate: $(cat stderr.txt)"
done

# Progress: a line on a terminal (script(1) gives the run one), none otherwise or with -q.
VRIOSIM_PROGRESS_AFTER_S=0 "$VRIOSIM" --set run.duration_s=1.6 --set model.kind=trap -o p1 --no-plot >/dev/null 2>err.txt ||
	fail "run: $(cat err.txt)"
! grep -q 'simulated (' err.txt || fail "progress shown on a file: $(cat err.txt)"
if command -v script >/dev/null 2>&1; then
	VRIOSIM_PROGRESS_AFTER_S=0 script -qfec "$VRIOSIM --set run.duration_s=1.6 --set model.kind=trap -o p2 --no-plot" tty.txt >/dev/null ||
		fail "run on a terminal failed: $(tail -3 tty.txt)"
	tr '\r' '\n' <tty.txt | grep -Eq '^vriosim: trap: [0-9.]+ of 1\.6 s simulated \([0-9]+%\), [0-9.e+-]+ s/s, ETA [0-9]+ s' ||
		fail "no progress line on a terminal: $(tr '\r' '\n' <tty.txt | head -5)"
	cmp p1/summary.csv p2/summary.csv || fail "watching the progress changed the results"
	echo "ok: progress shown on a terminal only, results unchanged"
else
	echo "progress on a terminal not checked: no script(1)"
fi
