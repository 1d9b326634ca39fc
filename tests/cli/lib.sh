# Shared helpers for the command-line tests. Each test script gets the vriosim binary as $1
# and the source tree as $2, works in its own temporary directory, and exits 0 (pass), 1 (fail)
# or 77 (skip, with the reason on stderr).
set -u
VRIOSIM=$1
SRC=$2
WORK=$(mktemp -d "${TMPDIR:-/tmp}/vriosim-test.XXXXXX")
trap 'rm -rf "$WORK"' EXIT
cd "$WORK" || exit 1

fail() { echo "FAIL: $*" >&2; exit 1; }

# csv_value FILE MODEL METRIC -> the value column of that row of a summary.csv
csv_value() {
	awk -F, -v m="$2" -v k="$3" '$3 == m && $6 == k { print $7; found = 1 } END { if (!found) print "missing" }' "$1"
}

# ratio A B -> A/B with 6 decimals
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.6f", a / b }'; }

# check_between NAME VALUE LO HI  (LO < VALUE <= HI, strict below unless LO is prefixed by =)
check_between() {
	awk -v v="$2" -v lo="$3" -v hi="$4" 'BEGIN { exit !(v > lo && v <= hi) }' ||
		fail "$1 = $2, expected in ($3, $4]"
	echo "ok: $1 = $2 in ($3, $4]"
}

# expect_input_error WANT_REGEX ARGS... : exit 2, one line on stderr matching, no results.
expect_input_error() {
	want=$1
	shift
	rm -rf out
	"$VRIOSIM" "$@" -o out -q >stdout.txt 2>stderr.txt
	rc=$?
	[ "$rc" -eq 2 ] || fail "vriosim $*: exit $rc, expected 2 (stderr: $(cat stderr.txt))"
	[ "$(wc -l <stderr.txt)" -eq 1 ] || fail "vriosim $*: expected one line on stderr, got: $(cat stderr.txt)"
	grep -Eq -- "$want" stderr.txt || fail "vriosim $*: stderr '$(cat stderr.txt)' does not match '$want'"
	[ ! -e out/summary.csv ] || fail "vriosim $*: left out/summary.csv behind"
	echo "ok: $(cat stderr.txt)"
}
