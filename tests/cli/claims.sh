#!/bin/bash
# The published claims, read off the shipped scenarios' CSVs with the default costs: each claim
# (scenario, --set, models, metric, bounds) is a row of validation/claims.csv, checked by
# `vriosim validate --only claims` (validation layer 2, with the conservation of every run).
# The bounds live in that file only.
. "$(dirname "$0")/lib.sh"
"$VRIOSIM" validate --only claims --src "$SRC" -o out
rc=$?
[ -s out/checks.csv ] || fail "validate --only claims wrote no checks.csv (exit $rc)"
# Every claim of the file made its checks (a run that failed would leave some out, and exit 1).
n=$(grep -c '^claims,' out/checks.csv)
[ "$n" -ge 9 ] || fail "expected at least 9 claim checks, got $n"
grep -q '^claims,"elvis/trap grows with VMs/host' out/checks.csv || fail "no growth check"
[ "$rc" = 0 ] || fail "claims: exit $rc: $(grep -v ',PASS,' out/checks.csv | tail -n +3)"
echo "ok: $n claims hold (out/checks.csv)"
