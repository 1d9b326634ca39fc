#!/bin/bash
# Every script under tools/ answers --help: exit 0, its usage on stdout, and runs nothing.
. "$(dirname "$0")/lib.sh"
for t in "$SRC"/tools/*; do
	[ -x "$t" ] || continue
	out=$(timeout 20 "$t" --help 2>err.txt)
	rc=$?
	[ $rc -eq 0 ] || fail "$(basename "$t") --help: exit $rc ($(cat err.txt))"
	echo "$out" | grep -qi 'usage' || fail "$(basename "$t") --help says no usage: $out"
	echo "ok: $(basename "$t") --help"
done
