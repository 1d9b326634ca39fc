#!/bin/bash
# The benchmark tools: vriosim-simloop's four primitives run and end at the right simulated
# time; vriosim-bench measures a case and writes its tables, with the engine floor (a step and
# a wake of vriosim's own engine) beside it; with callgrind (not under the sanitizers, which
# valgrind cannot run), its counts of steps, simcalls and wakes are those of the model.
# Args: VRIOSIM SRC SIMLOOP BENCH.
. "$(dirname "$0")/lib.sh"
SIMLOOP=$3
BENCH=$4

for mode in "" --step --wake --timer; do
	out=$(timeout 60 "$SIMLOOP" $mode 1000) || fail "vriosim-simloop $mode 1000: exit $?"
	[ "$out" = "sleeps 1000 clock 0.001000000" ] || fail "vriosim-simloop $mode 1000: '$out'"
	echo "ok: vriosim-simloop $mode: $out"
done
timeout 20 "$SIMLOOP" --jump 10 2>/dev/null
[ $? -eq 2 ] || fail "vriosim-simloop --jump: expected exit 2"

# field FILE CASE COLUMN -> that column of the case's row (by the header's names)
field() {
	awk -F, -v c="$2" -v k="$3" 'NR == 1 { for (i = 1; i <= NF; i++) col[$i] = i; next }
		$1 == c || $3 == c { print $col[k]; found = 1 } END { if (!found) print "missing" }' "$1"
}

timeout 240 "$BENCH" "$VRIOSIM" "$SIMLOOP" "$SRC/bench" -r 1 --no-callgrind --loops 100000 \
	-o res.csv --history hist.csv --commit test rr16-elvis >table.txt 2>err.txt ||
	fail "vriosim-bench: $(cat err.txt)"
grep -q '^floor: ' table.txt || fail "no floor line: $(cat table.txt)"
check_between "rr16-elvis requests" "$(field res.csv rr16-elvis requests)" 100000 1000000
check_between "primitive step ns" "$(field res.csv rr16-elvis prim_step_ns)" -1 100000
check_between "primitive wake ns" "$(field res.csv rr16-elvis prim_wake_ns)" -1 100000
# These need callgrind's counts.
for k in wakes_per_req floor_share ceiling_req_per_cpu_s ceiling_prim_req_per_cpu_s; do
	[ "$(field hist.csv rr16-elvis $k)" = "" ] || fail "$k without callgrind"
done
[ "$(head -1 hist.csv | tr ',' '\n' | wc -l)" -eq "$(tail -1 hist.csv | tr ',' '\n' | wc -l)" ] ||
	fail "history line and header differ in fields"

if ! command -v valgrind >/dev/null; then
	echo "valgrind is not on PATH: the instruction counts are not checked" >&2
	exit 77
fi
if ldd "$VRIOSIM" | grep -q libasan; then
	echo "a sanitizer build (valgrind cannot run it): the instruction counts are not checked" >&2
	exit 77
fi
timeout 600 "$BENCH" "$VRIOSIM" "$SIMLOOP" "$SRC/bench" -r 1 --loops 20000 -o res.csv \
	rr16-elvis >table.txt 2>err.txt || fail "vriosim-bench with callgrind: $(cat err.txt)"
cat table.txt
check_between "step Ir" "$(field res.csv rr16-elvis prim_step_ir)" 1000 20000
check_between "wake Ir" "$(field res.csv rr16-elvis prim_wake_ir)" 200 20000
check_between "bare timer step Ir" "$(field res.csv rr16-elvis prim_timer_ir)" 500 \
	"$(field res.csv rr16-elvis prim_step_ir)"
check_between "rr16-elvis steps/req" "$(field res.csv rr16-elvis steps_per_req)" 1 6
check_between "rr16-elvis wakes/req" "$(field res.csv rr16-elvis wakes_per_req)" 0.5 3
check_between "rr16-elvis floor share" "$(field res.csv rr16-elvis floor_share)" 0.1 1
check_between "rr16-elvis ceiling" "$(field res.csv rr16-elvis ceiling_req_per_cpu_s)" \
	"$(field res.csv rr16-elvis net_req_per_cpu_s)" 1e9
# At the primitive's nanoseconds: timed, so a busy machine may leave it unmeasured (empty).
cp=$(field res.csv rr16-elvis ceiling_prim_req_per_cpu_s)
[ -z "$cp" ] || check_between "rr16-elvis ceiling at the primitive's speed" "$cp" 1000 1e9
exit 0
