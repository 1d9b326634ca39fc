#!/bin/bash
# Where results go is checked before simulating: -o at a file, a --trace in a missing directory
# or at a directory or a device are input errors (exit 2, one line, nothing created) found in
# well under a second, not after the run; a run that fails leaves no directory it made.
. "$(dirname "$0")/lib.sh"

# expect_early WANT_REGEX ARGS...: exit 2 at once (the run would take minutes), one line.
expect_early() {
	want=$1
	shift
	timeout 30 "$VRIOSIM" --set run.duration_s=100 --set model.kind=elvis "$@" -q >stdout.txt 2>stderr.txt
	rc=$?
	[ $rc -eq 2 ] || fail "vriosim $*: exit $rc, expected 2 before simulating ($(cat stderr.txt))"
	[ "$(wc -l <stderr.txt)" -eq 1 ] || fail "vriosim $*: expected one line: $(cat stderr.txt)"
	grep -Eq -- "$want" stderr.txt || fail "vriosim $*: '$(cat stderr.txt)' does not match '$want'"
	echo "ok: $(cat stderr.txt)"
}

echo keep >afile
expect_early '^vriosim: -o afile: afile is not a directory$' -o afile
[ "$(cat afile)" = keep ] || fail "-o afile changed the file"
expect_early '^vriosim: -o afile/sub: afile is not a directory$' -o afile/sub
expect_early '^vriosim: --trace nodir/t\.csv: directory nodir: No such file or directory$' -o out --trace nodir/t.csv
[ ! -e out ] || fail "an input error created the -o directory"
mkdir adir
expect_early '^vriosim: --trace adir: is a directory$' -o out --trace adir
expect_early '^vriosim: --trace /dev/null: not a regular file' -o out --trace /dev/null
[ -c /dev/null ] || fail "/dev/null is no longer a device"
[ ! -e out ] || fail "an input error created the -o directory"
ls -A | grep -v -e '^afile$' -e '^adir$' -e '^std...\.txt$' && fail "something was created"

# A trace inside the -o directory it makes is fine.
"$VRIOSIM" --set run.duration_s=0.01 --set run.warmup_s=0 --set model.kind=elvis -o o2/sub \
	--trace o2/sub/t.csv -q --no-plot 2>err.txt || fail "trace inside a new -o: $(cat err.txt)"
[ "$(sed -n 2p o2/sub/t.csv | cut -d, -f1)" = model ] && [ "$(wc -l <o2/sub/t.csv)" -gt 10 ] ||
	fail "o2/sub/t.csv: $(head -3 o2/sub/t.csv)"
ls o2/sub | grep -E '\.(part|tmp)' && fail "temporary files left in o2/sub"

# A run that fails removes the directories it made (and only those).
mkdir keepme
"$VRIOSIM" --set run.duration_s=0.02 --set run.warmup_s=0 --set model.kind=elvis \
	--set debug.stall=on -o keepme/made/a/b -q 2>err.txt
[ $? -eq 1 ] || fail "a stalled run did not exit 1: $(cat err.txt)"
[ -d keepme ] && [ ! -e keepme/made ] || fail "the failed run left $(find keepme)"
echo "ok: -o and --trace checked before simulating"
