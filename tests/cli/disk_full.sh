#!/bin/bash
# A full disk is reported as one: "No space left on device", never "(no message)"; nothing
# partial is left on it. Needs to mount a small tmpfs (root): skipped with the reason otherwise.
. "$(dirname "$0")/lib.sh"
# stdout on a full device: an error, not a silent exit 0 (needs no mount).
"$VRIOSIM" --params >/dev/full 2>err.txt
rc=$?
[ $rc -eq 1 ] && grep -qx 'vriosim: stdout: No space left on device' err.txt ||
	fail "--params >/dev/full: exit $rc: $(cat err.txt)"
echo "ok: $(cat err.txt)"

mnt=$WORK/full
mkdir "$mnt"
if ! out=$(mount -t tmpfs -o size=256k tmpfs "$mnt" 2>&1); then
	echo "skipped: cannot mount a tmpfs to fill (${out:-not permitted})" >&2
	exit 77
fi
trap 'umount "$mnt" 2>/dev/null; rm -rf "$WORK"' EXIT
run() { "$VRIOSIM" --set model.kind=elvis --set run.warmup_s=0 "$@" -q --no-plot 2>err.txt; rc=$?; }
nothing_left() {
	left=$(find "$mnt" -mindepth 1 -not -name fill)
	[ -z "$left" ] || fail "$1: left on the full disk: $left"
}

# A trace larger than the disk: the run fails with the reason, and leaves nothing.
run --set run.duration_s=0.2 -o "$mnt/o1" --trace "$mnt/t.csv"
[ $rc -eq 1 ] && grep -q 'cannot write the trace.*No space left on device' err.txt ||
	fail "trace on a full disk: exit $rc: $(cat err.txt)"
nothing_left "trace"
echo "ok: $(cat err.txt)"

# The results on a full disk.
dd if=/dev/zero of="$mnt/fill" bs=4k 2>/dev/null
run --set run.duration_s=0.01 -o "$mnt/o2"
# (the per-VM views are the run's first file: they may be what finds the disk full)
[ $rc -eq 1 ] && grep -Eq "summary.csv: cannot write \(No space left on device\)|cannot write the views: No space left on device" err.txt ||
	fail "summary on a full disk: exit $rc: $(cat err.txt)"
nothing_left "summary"
echo "ok: $(cat err.txt)"

# A sweep that fills the disk: every failed point says why.
rm "$mnt/fill"
dd if=/dev/zero of="$mnt/fill" bs=4k count=56 2>/dev/null
"$VRIOSIM" sweep "$SRC/tests/sweep/tiny.ini" -o "$mnt/sw" -q -j 2 2>err.txt
rc=$?
[ $rc -eq 1 ] || fail "sweep on a full disk: exit $rc: $(cat err.txt)"
! grep -q 'no message)' err.txt || fail "a point failed without a reason: $(cat err.txt)"
grep -q 'No space left on device' err.txt || fail "sweep: no word of the full disk: $(cat err.txt)"
ls "$mnt"/sw/runs/*/* 2>/dev/null | grep -E '\.(part|tmp)' && fail "temporary files left"
echo "ok: sweep: $(head -2 err.txt)"
