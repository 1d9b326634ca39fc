#!/bin/sh
# A fuzz target's smoke test (CTest fuzz.*): its seed corpus, then SECONDS of mutations, under
# ASan + UBSan. Exit 0 when nothing was found, 1 with the finding (its input is kept in WORK),
# 77 when there is no fuzz build (WHY says why).
# Usage: smoke.sh FUZZER CORPUS WORK SECONDS [WHY]
set -u
bin=$1 corpus=$2 work=$3 secs=$4 why=${5:-}
if [ ! -x "$bin" ]; then
	echo "skipped: no fuzz build (${why:-$bin not built})" >&2
	exit 77
fi
rm -rf "$work" && mkdir -p "$work/new" || exit 1
# New inputs go to WORK/new, never into the committed corpus; findings to WORK/.
"$bin" -max_total_time="$secs" -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 \
	-artifact_prefix="$work/" "$work/new" "$corpus" >"$work/log.txt" 2>&1
rc=$?
grep -E '^(Done|stat::number_of_executed_units)' "$work/log.txt" | tail -2
if [ $rc -ne 0 ]; then
	grep -E 'ERROR|property failed|runtime error|SUMMARY' "$work/log.txt" | head -5 >&2
	ls "$work"/crash-* "$work"/timeout-* "$work"/oom-* 2>/dev/null >&2
	exit 1
fi
exit 0
