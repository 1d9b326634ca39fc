#!/bin/bash
# A run killed while it simulates (SIGTERM: what a sweep's Ctrl-C sends its runs; SIGINT;
# SIGKILL) takes its simulation child with it and leaves no partial files: no trace part, no
# temporary file; after SIGTERM or SIGINT not even the -o directory it made.
. "$(dirname "$0")/lib.sh"

# alive PID: the process exists and is not a zombie (a dead child nobody reaped yet).
alive() { [ -r "/proc/$1/stat" ] && [ "$(awk '{ print $3 }' "/proc/$1/stat" 2>/dev/null)" != Z ]; }

for sig in TERM INT KILL; do
	rm -rf "run-$sig" && mkdir "run-$sig" && cd "run-$sig" || fail "mkdir"
	# 100 simulated seconds of one model: minutes of work, stopped after 1 s.
	"$VRIOSIM" --set run.duration_s=100 --set model.kind=elvis -o out --trace t.csv -q 2>err.txt &
	pid=$!
	child=
	for _ in $(seq 50); do
		child=$(pgrep -P $pid | head -1)
		[ -n "$child" ] && break
		sleep 0.05
	done
	[ -n "$child" ] || fail "SIG$sig: no simulation child appeared"
	sleep 1
	kill -$sig $pid
	wait $pid
	rc=$?
	for _ in $(seq 40); do alive "$child" || break; sleep 0.05; done
	if alive "$child"; then
		kill -KILL "$child"
		fail "SIG$sig: the simulation child $child outlived its run"
	fi
	[ $rc -ne 0 ] || fail "SIG$sig: the killed run exited 0"
	left=$(find . -name '*.part*' -o -name '*.tmp.*' -o -name 't.csv' -o -name summary.csv)
	[ -z "$left" ] || fail "SIG$sig: left behind: $left"
	if [ $sig != KILL ]; then
		[ $rc -eq $((128 + $(kill -l $sig))) ] || fail "SIG$sig: exit $rc, expected death by the signal"
		[ ! -e out ] || fail "SIG$sig: the -o directory it made is still there"
		grep -q 'interrupted by signal' err.txt || fail "SIG$sig: message: $(cat err.txt)"
	fi
	echo "ok: SIG$sig: exit $rc, child $child gone, nothing left behind"
	cd ..
done
