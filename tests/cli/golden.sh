#!/bin/bash
# A shipped scenario's summary, byte for byte against its golden copy (tests/golden/<name>.csv,
# the version line aside). A model change that moves any number shows up here, in review;
# if it is intended, run tests/golden/regenerate and commit the new goldens with it.
. "$(dirname "$0")/lib.sh"
name=$3
"$VRIOSIM" "$SRC/scenarios/$name.ini" -q --no-plot -o out || fail "run failed"
tail -n +2 out/summary.csv >got.csv
diff -u "$SRC/tests/golden/$name.csv" got.csv >diff.txt ||
	fail "scenarios/$name.ini differs from tests/golden/$name.csv:
$(head -40 diff.txt)
(intended? tests/golden/regenerate, then review and commit)"
echo "ok: $name matches its golden summary"
