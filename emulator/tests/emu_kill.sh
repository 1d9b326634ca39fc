#!/bin/sh
# emu_kill.sh VRIOEMU — SIGKILL a run mid-way (it cannot clean up), then start another: the
# next start must remove every namespace (and with them the taps and the veth pair) and the
# peer must already be gone (it dies with its parent). Also: SIGTERM and SIGINT clean up.
set -u
bin=$1
. "$(dirname "$0")/emu_lib.sh"
emu_need_privileges
fail() { echo "FAIL: $*" >&2; exit 1; }
wait_ns() { # wait_ns PREFIX → until namespace(s) of that run exist (10 s at most)
	i=0
	while [ $i -lt 100 ]; do
		ip netns list | grep -q "^$1io" && return 0
		sleep 0.1
		i=$((i + 1))
	done
	return 1
}
# vrio mode creates the most: two namespaces, a veth pair, taps and the peer.
"$bin" run --mode vrio --queues 2 --duration 30 -q >/dev/null 2>&1 &
pid=$!
wait_ns "vemu$pid" || { kill -9 $pid; fail "run did not set up within 10 s"; }
sleep 0.5
peer=$(ip netns pids "vemu${pid}io" | head -1)
kill -9 $pid
wait $pid 2>/dev/null
ip netns list | grep -q "^vemu${pid}" || fail "expected the killed run's namespaces to remain"
sleep 0.3
# (A zombie is dead: pid 1 in some sandboxes never reaps orphans.)
if [ -n "$peer" ] && [ -r "/proc/$peer/stat" ]; then
	state=$(sed 's/.*) //' "/proc/$peer/stat" | cut -d' ' -f1)
	[ "$state" = Z ] || [ "$state" = X ] || fail "peer $peer outlived its run (state $state)"
fi
# The next start cleans up.
"$bin" run --mode elvis --duration 0.2 --warmup 0 -q -o /dev/null || fail "next run failed"
ip netns list | grep -q "^vemu${pid}" && fail "namespaces of killed run $pid still there"
# Signals: the run stops, cleans up and says so (exit 1: interrupted).
for sig in TERM INT; do
	"$bin" run --mode vrio --queues 1 --duration 30 -q >/dev/null 2>&1 &
	pid=$!
	wait_ns "vemu$pid" || { kill -9 $pid; fail "run did not set up within 10 s"; }
	sleep 0.5
	kill -$sig $pid
	i=0
	while kill -0 $pid 2>/dev/null && [ $i -lt 100 ]; do sleep 0.1; i=$((i + 1)); done
	kill -0 $pid 2>/dev/null && { kill -9 $pid; fail "SIG$sig: run did not stop within 10 s"; }
	wait $pid
	rc=$?
	[ $rc -eq 1 ] || fail "SIG$sig: exit $rc, want 1"
	ip netns list | grep -q "^vemu${pid}" && fail "SIG$sig: namespaces left behind"
done
echo ok
