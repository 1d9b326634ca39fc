#!/bin/bash
# vriosim capacity: input errors, a search per (point, model) composed with sweep axes, the
# same capacity.csv from the built-in pool and from its emitted job list (merged), --cheapest,
# the figure. Short runs: the numbers are not checked here (validation.capacity_mm1 checks
# them against queueing theory).
. "$(dirname "$0")/lib.sh"
scn=$SRC/scenarios/paper/consolidation.ini
short="--set run.duration_s=0.01 --set run.warmup_s=0.001 --set run.replications=2 --precision 0.1"

# Input errors: exit 2, one line naming the problem, nothing run.
capin() { # WANT ARGS...
	want=$1
	shift
	"$VRIOSIM" capacity "$@" -o bad >out.txt 2>err.txt
	rc=$?
	[ $rc -eq 2 ] || fail "capacity $*: exit $rc, expected 2 ($(cat err.txt))"
	grep -Eq -- "$want" err.txt || fail "capacity $*: '$(cat err.txt)' does not match '$want'"
	[ ! -e bad/capacity.csv ] || fail "capacity $*: wrote capacity.csv"
	echo "ok: $(head -1 err.txt)"
}
capin '--slo is required' "$scn"
capin 'expected STAT=VALUEus' "$scn" --slo p98=1us
capin 'expected STAT=VALUEus' "$scn" --slo p99=200ns
capin 'block I/O is a closed loop' "$SRC/scenarios/block.ini" --slo p99=1ms
capin 'a trace fixes its own arrival times' "$SRC/scenarios/trace.ini" --slo p99=1ms
capin '--cheapest and --load go together' "$scn" --slo p99=1ms --cheapest
capin 'unknown key' "$scn" --slo p99=1ms --axis rack.nosuch=1,2

# Two points (the IOhost's sidecores) x two models: four searches, in parallel.
"$VRIOSIM" capacity "$scn" --slo p99=100us --axis rack.iohost_sidecores=1,2 $short -j 2 -o a \
	--cheapest --load 100k >table.txt 2>log.txt || { cat log.txt; fail "capacity run"; }
cat table.txt
[ "$(awk 'NR > 2' a/capacity.csv | wc -l)" -eq 4 ] || fail "capacity.csv: expected 4 rows"
head -2 a/capacity.csv | tail -1 | grep -q '^"point","rack.iohost_sidecores","model","slo","status"' ||
	fail "capacity.csv header: $(sed -n 2p a/capacity.csv)"
grep -q 'workload.kind = open' log.txt && fail "an open workload was said to be converted"
awk -F'","' 'NR > 2 { if ($5 != "ok" || $9 + 0 <= 0) bad = 1 } END { exit bad }' a/capacity.csv ||
	fail "a search did not end with a capacity"
grep -q '^cheapest for 100000 req/s' table.txt || fail "no cheapest line"
# Elvis does not read rack.iohost_sidecores: the same capacity at both points (common random
# numbers), which the figure draws once.
[ "$(awk -F'","' 'NR > 2 && $3 == "elvis" { print $9 }' a/capacity.csv | sort -u | wc -l)" -eq 1 ] ||
	fail "elvis' capacity depends on the IOhost's sidecores"
if command -v gnuplot >/dev/null; then
	[ -s a/capacity.png ] || fail "no capacity.png"
	grep -q 'the same at every x' a/capacity.dat || fail "elvis not drawn as a reference"
fi
# Resume: nothing to search again.
"$VRIOSIM" capacity "$scn" --slo p99=100us --axis rack.iohost_sidecores=1,2 $short -j 2 -o a \
	--no-plot 2>log2.txt >/dev/null || fail "re-run"
grep -q '0 run, 4 up to date' log2.txt || fail "re-run searched again: $(cat log2.txt)"

# The same run as a job list, run by hand in reverse order, then merged: the same bytes.
"$VRIOSIM" capacity "$scn" --slo p99=100us --axis rack.iohost_sidecores=1,2 $short -o b \
	--emit-jobs jobs.txt 2>/dev/null || fail "emit-jobs"
[ "$(wc -l <jobs.txt)" -eq 4 ] || fail "expected 4 job lines"
tac jobs.txt | sh >/dev/null 2>&1 || fail "a job line failed"
"$VRIOSIM" merge b >/dev/null || fail "merge"
cmp <(tail -n +2 a/capacity.csv) <(tail -n +2 b/capacity.csv) || fail "merged capacity.csv differs from the pool's"
echo "ok: the job list merged gives the pool's capacity.csv"
# A rate per queue higher than any probe may go: reported as a lower bound, not a failure.
"$VRIOSIM" capacity "$scn" --slo p99=10ms --set model.kind=vrio $short --max 40000 -o m -q --no-plot ||
	fail "capacity with --max"
grep -q '"above_max"' m/capacity.csv || fail "--max: expected status above_max"
echo "ok: --max"
