#!/bin/sh
# emu_cli.sh VRIOEMU — usage errors name the flag and exit 2; help and version exit 0; without
# privileges vrioemu says so and exits 2.
set -u
case ${1:-} in
-h|--help) echo "usage: emulator/tests/emu_cli.sh VRIOEMU  (exit 0 pass, 1 fail)"; exit 0 ;;
-*|'') echo "emu_cli.sh: expected the vrioemu binary (see --help)" >&2; exit 2 ;;
esac
bin=$1
fail() { echo "FAIL: $*" >&2; exit 1; }
expect() { # expect CODE PATTERN ARGS...
	code=$1 pat=$2
	shift 2
	out=$("$bin" "$@" 2>&1)
	rc=$?
	[ $rc -eq "$code" ] || fail "vrioemu $*: exit $rc, want $code ($out)"
	printf '%s\n' "$out" | grep -q -- "$pat" || fail "vrioemu $*: output lacks '$pat': $out"
}
expect 0 "usage: vrioemu run" --help
expect 0 "^vrioemu [0-9][0-9.]* ([0-9a-f]*\\|unknown)$" --version
expect 2 "usage" 
expect 2 "unknown command 'fly'" fly
expect 2 "\-\-mode: invalid value 'warp'" run --mode warp
expect 2 "expected elvis, trap or vrio" run --mode warp
# sidecore is still accepted for elvis (the parse goes on to the next flag's error).
expect 2 "\-\-queues: invalid value '0'" run --mode sidecore --queues 0
expect 2 "\-\-queues: invalid value '0'" run --queues 0
expect 2 "\-\-queues: invalid value '65'" run --queues 65
expect 2 "\-\-size: invalid value '63'" run --size 63
expect 2 "\-\-size: invalid value '9001'" run --size 9001
expect 2 "\-\-size: invalid value '1e3x'" run --size 1e3x
expect 2 "\-\-queue-size: invalid value '100'" run --queue-size 100
expect 2 "\-\-duration: invalid value 'abc'" run --duration abc
expect 2 "\-\-policy: invalid value 'fifo'" run --policy fifo
expect 2 "\-\-event-idx: invalid value 'yes'" run --event-idx yes
expect 2 "\-\-rate: missing value" run --rate
expect 2 "unknown option '--frobnicate'" run --frobnicate 1
if [ "$(id -u)" -eq 0 ] && command -v setpriv >/dev/null; then
	out=$(setpriv --reuid=65534 --regid=65534 --clear-groups "$bin" run --duration 0.1 2>&1)
	rc=$?
	[ $rc -eq 2 ] || fail "unprivileged run: exit $rc, want 2 ($out)"
	printf '%s\n' "$out" | grep -q "needs root" || fail "unprivileged run: no reason: $out"
	# clean cannot remove anything without root: it says so and fails (not "removed 0").
	out=$(setpriv --reuid=65534 --regid=65534 --clear-groups "$bin" clean 2>&1)
	rc=$?
	[ $rc -eq 2 ] || fail "unprivileged clean: exit $rc, want 2 ($out)"
	printf '%s\n' "$out" | grep -q "needs root" || fail "unprivileged clean: no reason: $out"
	printf '%s\n' "$out" | grep -q "removed" && fail "unprivileged clean claims to remove: $out"
fi
# A machine that cannot make namespaces (here: /run read-only, in a private mount namespace):
# exit 2, as the help says, with ip's reason.
if [ "$(id -u)" -eq 0 ] && command -v unshare >/dev/null &&
	unshare --mount --propagation private true 2>/dev/null; then
	out=$(unshare --mount --propagation private sh -c \
		'mount -t tmpfs -o ro tmpfs /run && exec "$0" run --duration 0.1 -q' "$bin" 2>&1)
	rc=$?
	[ $rc -eq 2 ] || fail "read-only /run: exit $rc, want 2 ($out)"
	printf '%s\n' "$out" | grep -q "Read-only file system" || fail "read-only /run: no reason: $out"
else
	echo "note: not root or no unshare: the read-only /run case is not run" >&2
fi
echo ok
