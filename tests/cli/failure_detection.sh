#!/bin/bash
# The run checks itself: a request that vanishes breaks conservation, a guest that never wakes
# stalls the run; both exit 1 with one clear line and leave no results.
. "$(dirname "$0")/lib.sh"

check_fails() {
	want=$1
	shift
	rm -rf out
	"$VRIOSIM" --set run.duration_s=0.02 --set run.warmup_s=0 "$@" -o out -q --no-plot 2>err.txt
	rc=$?
	[ "$rc" -eq 1 ] || fail "expected exit 1, got $rc ($(cat err.txt))"
	grep -Eq "$want" err.txt || fail "stderr '$(cat err.txt)' does not match '$want'"
	[ ! -e out/summary.csv ] || fail "results written despite the failure"
	echo "ok: $(cat err.txt)"
}
for m in trap elvis vrio sriov baremetal; do
	check_fails "model $m, replication 0: conservation failed: issued [0-9]+ != completed" \
		--set model.kind=$m --set debug.leak_request=50
	check_fails "model $m, replication 0: (no request completed|simulation stalled)" \
		--set model.kind=$m --set debug.stall=on
done
