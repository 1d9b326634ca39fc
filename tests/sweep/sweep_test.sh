#!/bin/sh
# End-to-end tests of `vriosim sweep | merge | plot` (registered by tests/sweep/tests.cmake).
# Usage: sweep_test.sh TEST VRIOSIM SRCDIR WORKDIR [TEST_CI]
# Exit 0 pass, 1 fail (with the reason on stderr), 77 skipped.
set -u
TEST=$1 V=$2 SRC=$3 W=$4 CI=${5:-}
TINY=$SRC/tests/sweep/tiny.ini
rm -rf "$W" && mkdir -p "$W" && cd "$W" || exit 1

fail() { echo "FAIL [$TEST]: $*" >&2; exit 1; }
# Run, capturing stderr to a file; the exit code in $rc.
run() { "$@" 2>err.txt; rc=$?; }
expect_rc() { [ "$rc" -eq "$1" ] || { cat err.txt >&2; fail "$2: exit $rc, expected $1"; }; }
# The closing line: "vriosim sweep: N points: R run, U up to date, F failed, ..."
count() { sed -n "s/.* \([0-9][0-9]*\) $1[,;].*/\1/p" err.txt | tail -1; }
done_points() { ls "$1"/runs/*/params.txt 2>/dev/null | wc -l; }

case $TEST in
determinism)
	# The same sweep at -j 1 and -j 2 gives the same bytes (axes from the file: 2 x 3 values).
	run "$V" sweep "$TINY" -j 1 -o j1; expect_rc 0 "sweep -j 1"
	run "$V" sweep "$TINY" -j 2 -o j2; expect_rc 0 "sweep -j 2"
	cmp j1/sweep.csv j2/sweep.csv || fail "-j 1 and -j 2 sweep.csv differ"
	[ "$(grep -c . j1/sweep.csv)" -gt 300 ] || fail "sweep.csv too short"
	head -1 j1/sweep.csv | grep -q '^# vriosim ' || fail "no version stamp line"
	sed -n 2p j1/sweep.csv | grep -q '^"point","rack.vms_per_vmhost","workload.msg_bytes","run_id"' ||
		fail "header: $(sed -n 2p j1/sweep.csv)"
	# Axes on the command line replace the file's: same product, same bytes.
	run "$V" sweep "$TINY" --axis workload.msg_bytes=64,512,1500 -j 2 -o j3 -q; expect_rc 0 "--axis"
	cmp j1/sweep.csv j3/sweep.csv || fail "--axis replacing a file axis changed the result"
	;;
resume)
	run "$V" sweep "$TINY" -j 2 -o ref -q; expect_rc 0 "reference sweep"
	# 1. Lost results: remove two points' summaries and change one point's stamp.
	run "$V" sweep "$TINY" -j 2 -o a -q; expect_rc 0 "first sweep"
	rm "a/runs/rack.vms_per_vmhost=1,workload.msg_bytes=512/summary.csv"
	rm "a/runs/rack.vms_per_vmhost=3,workload.msg_bytes=64/summary.csv"
	echo stale >> "a/runs/rack.vms_per_vmhost=2,workload.msg_bytes=1500/params.txt"
	untouched="a/runs/rack.vms_per_vmhost=1,workload.msg_bytes=64/summary.csv"
	before=$(stat -c %Y.%i "$untouched")
	sleep 1
	run "$V" sweep "$TINY" -j 2 -o a; expect_rc 0 "resumed sweep"
	[ "$(count run)" = 3 ] || fail "expected 3 points re-run, got '$(count run)': $(cat err.txt)"
	[ "$(count 'up to date')" = 6 ] || fail "expected 6 up to date: $(cat err.txt)"
	[ "$(stat -c %Y.%i "$untouched")" = "$before" ] || fail "an up-to-date point was re-run"
	cmp ref/sweep.csv a/sweep.csv || fail "resumed sweep.csv differs from an uninterrupted one"
	# 2. A changed parameter invalidates every point; --force re-runs everything.
	run "$V" sweep "$TINY" -j 2 -o a --set run.seed=8 -q; expect_rc 0 "changed seed"
	run "$V" sweep "$TINY" -j 2 -o a --set run.seed=8; expect_rc 0 "same again"
	[ "$(count run)" = 0 ] || fail "nothing should re-run: $(cat err.txt)"
	run "$V" sweep "$TINY" -j 2 -o a --set run.seed=8 --force; expect_rc 0 "--force"
	[ "$(count run)" = 9 ] || fail "--force should re-run 9: $(cat err.txt)"
	# 3. A real interruption: SIGINT once some points are done, then resume.
	"$V" sweep "$TINY" -j 1 -o b --set run.duration_s=0.1 2>int.txt &
	pid=$!
	i=0
	while [ "$(done_points b)" -lt 2 ] && [ $i -lt 300 ]; do sleep 0.05; i=$((i + 1)); done
	kill -INT $pid
	wait $pid
	rc=$?
	[ $rc -eq 1 ] || fail "interrupted sweep: exit $rc, expected 1 ($(cat int.txt))"
	grep -q interrupted int.txt || fail "no 'interrupted' message: $(cat int.txt)"
	k=$(done_points b)
	[ "$k" -ge 2 ] && [ "$k" -lt 9 ] || fail "after the interruption $k points done (expected 2..8)"
	[ ! -e b/sweep.csv ] || fail "an interrupted sweep wrote sweep.csv"
	run "$V" sweep "$TINY" -j 2 -o b --set run.duration_s=0.1; expect_rc 0 "resume after SIGINT"
	[ "$(count 'up to date')" = "$k" ] || fail "expected $k up to date: $(cat err.txt)"
	[ "$(count run)" = $((9 - k)) ] || fail "expected $((9 - k)) run: $(cat err.txt)"
	run "$V" sweep "$TINY" -j 2 -o c --set run.duration_s=0.1 -q; expect_rc 0 "uninterrupted"
	cmp b/sweep.csv c/sweep.csv || fail "interrupted+resumed differs from uninterrupted"
	;;
parallel)
	command -v parallel >/dev/null 2>&1 || { echo "GNU parallel not installed" >&2; exit 77; }
	parallel --version 2>/dev/null | grep -q 'GNU parallel' ||
		{ echo "parallel is not GNU parallel (moreutils?)" >&2; exit 77; }
	run "$V" sweep "$TINY" -j 2 -o builtin -q; expect_rc 0 "built-in sweep"
	run "$V" sweep "$TINY" -o viajobs --emit-jobs jobs.txt; expect_rc 0 "--emit-jobs"
	[ "$(wc -l < jobs.txt)" -eq 9 ] || fail "expected 9 job lines"
	[ ! -e viajobs/sweep.csv ] || fail "--emit-jobs ran something"
	# Self-contained: run from another directory, through GNU parallel, 2 at a time.
	mkdir elsewhere && (cd elsewhere && parallel --will-cite -j 2 < ../jobs.txt) 2>par.txt ||
		fail "GNU parallel: $(cat par.txt)"
	run "$V" merge viajobs; expect_rc 0 "merge"
	cmp builtin/sweep.csv viajobs/sweep.csv || fail "parallel+merge differs from the built-in runner"
	# A missing point: merge says so, exits 1, keeps the others.
	rm "viajobs/runs/rack.vms_per_vmhost=2,workload.msg_bytes=512/params.txt"
	run "$V" merge viajobs; expect_rc 1 "merge with a point missing"
	grep -q 'point 4 ' err.txt || fail "merge did not name the missing point: $(cat err.txt)"
	# The job line re-run alone completes it (what a Slurm array task does).
	sed -n 5p jobs.txt | sh 2>>par.txt || fail "job 4 alone: $(cat par.txt)"
	run "$V" merge viajobs; expect_rc 0 "merge after job 4"
	cmp builtin/sweep.csv viajobs/sweep.csv || fail "merge after re-running job 4 differs"
	;;
ci)
	# Replications: the sweep's mean and 95% CI rows against an independent computation from
	# each point's replications.csv (test_sweep_ci: own mean/sd, GSL only for the t quantile).
	run "$V" sweep "$TINY" --set run.replications=5 --axis workload.msg_bytes=64,1500 \
		--axis rack.vms_per_vmhost=2 -j 2 -o rep -q
	expect_rc 0 "replicated sweep"
	grep -q '"mean5","throughput_rps_ci_lo"' rep/sweep.csv || fail "no CI rows in sweep.csv"
	"$CI" rep || fail "CIs do not match the independent computation"
	;;
plots)
	run "$V" sweep "$TINY" --set run.replications=3 --axis device.placement=local,iohost \
		--axis workload.kind=block --axis rack.vms_per_vmhost=1,3 -j 2 -o p -q --plot
	expect_rc 0 "sweep --plot"
	for f in throughput latency efficiency cpu block; do
		[ -s p/$f.png ] || fail "p/$f.png missing or empty"
		[ "$(head -c 4 p/$f.png | od -An -c | tr -d ' ')" = '211PNG' ] || fail "p/$f.png is not a PNG"
		[ "$(stat -c %s p/$f.png)" -gt 5000 ] || fail "p/$f.png is suspiciously small"
	done
	run "$V" plot p --format pdf,svg --x rack.vms_per_vmhost >/dev/null; expect_rc 0 "plot --format pdf,svg"
	[ -s p/throughput.pdf ] && [ -s p/latency.svg ] || fail "no PDF/SVG figures"
	head -c 4 p/throughput.pdf | grep -q '%PDF' || fail "throughput.pdf is not a PDF"
	# One run's directory: the comparison figure, as before.
	run "$V" run "$TINY" -o one -q; expect_rc 0 "single run"
	rm -f one/compare.png
	run "$V" plot one >/dev/null; expect_rc 0 "plot of a single run"
	[ -s one/compare.png ] || fail "plot DIR of a run did not render compare.png"
	;;
errors)
	run "$V" sweep "$TINY" --axis rack.nope=1,2 -o e; expect_rc 2 "unknown axis key"
	grep -q 'rack.nope' err.txt && [ "$(wc -l < err.txt)" -eq 1 ] || fail "message: $(cat err.txt)"
	run "$V" sweep "$TINY" --axis rack.vmhosts=1,2 --axis rack.vmhosts=3 -o e; expect_rc 2 "an axis twice"
	grep -qx 'vriosim sweep: --axis rack.vmhosts=3: --axis rack.vmhosts given twice' err.txt ||
		fail "message: $(cat err.txt)"
	[ ! -e e ] || fail "an input error created the directory"
	run "$V" sweep "$TINY" --axis rack.vms_per_vmhost=1,x -o e; expect_rc 2 "bad axis value"
	grep -q 'rack.vms_per_vmhost' err.txt || fail "message: $(cat err.txt)"
	run "$V" sweep "$TINY" -j 0 -o e; expect_rc 2 "-j 0"
	run "$V" sweep "$TINY" --bogus; expect_rc 2 "unknown option"
	grep -q -- '--bogus' err.txt || fail "message: $(cat err.txt)"
	run "$V" sweep nonexistent.ini; expect_rc 2 "missing scenario"
	run "$V" merge nonexistent-dir; expect_rc 2 "merge of a missing directory"
	run "$V" plot nonexistent-dir; expect_rc 2 "plot of a missing directory"
	run "$V" plot "$W" --x nope; expect_rc 2 "plot with nothing to plot"
	# One impossible point (more sidecores than cores) fails alone; the rest complete.
	run "$V" sweep "$TINY" --axis rack.vms_per_vmhost=1 --axis workload.msg_bytes=64 --axis rack.elvis_sidecores=1,4 -j 2 -o f
	expect_rc 1 "sweep with an impossible point"
	grep -q 'point .*elvis_sidecores=4 failed' err.txt || fail "failed point not named: $(cat err.txt)"
	[ "$(count failed)" = 1 ] && [ "$(count run)" = 1 ] || fail "counts: $(cat err.txt)"
	grep -q '^"0","1","64","1",' f/sweep.csv || fail "sweep.csv lacks the good point"
	! grep -q '^"1",' f/sweep.csv || fail "sweep.csv has rows of the failed point"
	# A point that cannot finish here fails up front, saying why and how to force it.
	run "$V" sweep "$TINY" --axis rack.vms_per_vmhost=1 --axis workload.msg_bytes=64 --axis run.duration_s=0.01,1e6 -o h
	expect_rc 1 "sweep with a point that cannot finish"
	grep -q 'point .*duration_s=1e6 failed: .*run.duration_s.*vriosim sweep --force-runs$' err.txt ||
		fail "the refused point: $(cat err.txt)"
	[ "$(count run)" = 1 ] || fail "counts: $(cat err.txt)"
	"$V" sweep "$TINY" --axis run.duration_s=0.01,1e6 --list >list.txt 2>&1 || fail "--list: $(cat list.txt)"
	grep -q 'duration_s=1e6  # .*cannot\|duration_s=1e6  # .*would' list.txt || fail "--list: $(cat list.txt)"
	"$V" sweep "$TINY" --axis run.duration_s=0.01,1e6 --list --force-runs >list.txt 2>&1 ||
		fail "--list --force-runs: $(cat list.txt)"
	! grep -q '#' list.txt || fail "--force-runs still refuses: $(cat list.txt)"
	run "$V" sweep "$TINY" --axis 'workload.vm_load=|' -o e; expect_rc 2 "an axis with no values"
	grep -q 'workload.vm_load=|: no values' err.txt || fail "message: $(cat err.txt)"
	# List-valued keys: values separated by '|' stay whole ("1,1" is one value), in the plan,
	# the runs, sweep.csv and the emitted job lines; the model kind is an axis like any key.
	run "$V" sweep "$TINY" --axis 'workload.vm_load=1,1|1,4' --axis model.kind=elvis,vrio \
		--axis rack.vms_per_vmhost=1 --axis workload.msg_bytes=64 -o l
	expect_rc 0 "sweep over vm_load lists and model kinds"
	d='l/runs/rack.vms_per_vmhost=1,workload.msg_bytes=64,workload.vm_load=1,4,model.kind=vrio'
	[ -d "$d" ] ||
		fail "no run directory for vm_load=1,4 x vrio: $(ls l/runs)"
	grep -q '^"3","1","64","1,4","vrio",.*,"vrio",.*"throughput_rps"' l/sweep.csv || fail "sweep.csv lacks point 3"
	! grep -q '"elvis",[^,]*,[^,]*,"vrio"' l/sweep.csv || fail "a point ran a model its axis did not name"
	grep -qx 'workload.vm_load=1,4' "$d/params.txt" && grep -qx 'model.kind=vrio' "$d/params.txt" ||
		fail "the run did not get vm_load = 1,4"
	run "$V" sweep "$TINY" --axis 'workload.vm_load=1,1|1,4' -o l2 --emit-jobs jobs.txt
	grep -q "'workload.vm_load=1,1|1,4'" jobs.txt || fail "emitted jobs split the lists: $(head -1 jobs.txt)"
	# Progress: off when stderr is not a terminal, on with --progress.
	run "$V" sweep "$TINY" --axis workload.msg_bytes=64 --axis rack.vms_per_vmhost=1 -o g --force
	! grep -q 'done (' err.txt || fail "progress shown on a non-terminal"
	run "$V" sweep "$TINY" --axis workload.msg_bytes=64 --axis rack.vms_per_vmhost=1 -o g --force --progress
	grep -q '1/1 done (0 up to date), 0 failed' err.txt || fail "--progress: $(cat err.txt)"
	;;
lock)
	# Two sweeps into one directory: the second refuses (exit 2, one line) while the first
	# runs, and the first completes every point (it used to end with 11 of 12 in sweep.csv).
	run "$V" sweep "$TINY" -j 2 -o ref -q --set run.duration_s=0.2; expect_rc 0 "reference sweep"
	"$V" sweep "$TINY" -j 1 -o d -q --set run.duration_s=0.2 2>first.txt &
	pid=$!
	i=0
	while [ "$(done_points d)" -lt 1 ] && [ $i -lt 400 ]; do sleep 0.05; i=$((i + 1)); done
	[ "$(done_points d)" -ge 1 ] || fail "the first sweep did not start: $(cat first.txt)"
	run "$V" sweep "$TINY" -j 1 -o d -q --set run.duration_s=0.2; expect_rc 2 "second sweep into d"
	[ "$(wc -l < err.txt)" -eq 1 ] && grep -q 'another sweep is writing this directory' err.txt ||
		fail "second sweep's message: $(cat err.txt)"
	run "$V" merge d; expect_rc 2 "merge while the sweep runs"
	run "$V" sweep "$TINY" -j 1 -o d -q --set run.duration_s=0.2 --job 3; expect_rc 2 "--job while the sweep runs"
	wait $pid || fail "the first sweep failed: $(cat first.txt)"
	cmp ref/sweep.csv d/sweep.csv || fail "the first sweep's sweep.csv differs from an undisturbed one"
	# Jobs of --emit-jobs share the directory: two at once are fine.
	run "$V" sweep "$TINY" -o j -q --set run.duration_s=0.05 --emit-jobs jobs.txt; expect_rc 0 "--emit-jobs"
	sed -n 1p jobs.txt | sh 2>j1.txt & p1=$!
	sed -n 2p jobs.txt | sh 2>j2.txt & p2=$!
	wait $p1 || fail "job 0: $(cat j1.txt)"
	wait $p2 || fail "job 1: $(cat j2.txt)"
	;;
*)
	fail "unknown test"
	;;
esac
exit 0
