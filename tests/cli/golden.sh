#!/bin/bash
# A shipped scenario's summary, byte for byte against its golden copy (the version line aside):
# $3 is the scenario relative to the source tree (scenarios/x.ini, scenarios/paper/x.ini,
# validation/analytic/x.ini), $4 its golden relative to tests/golden. A model change that moves
# any number shows up here, in review; if it is intended, run tests/golden/regenerate and commit
# the new goldens with it, saying which mechanism moved which numbers.
. "$(dirname "$0")/lib.sh"
scn=$3
gold=$SRC/tests/golden/$4
"$VRIOSIM" "$SRC/$scn" -q --no-plot -o out || fail "run failed"
tail -n +2 out/summary.csv >got.csv
diff -u "$gold" got.csv >diff.txt ||
	fail "$scn differs from ${gold#$SRC/}:
$(head -40 diff.txt)
(intended? tests/golden/regenerate, then review and commit)"
echo "ok: $scn matches its golden summary"
