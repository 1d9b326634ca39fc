# Shared by the emulator's end-to-end tests: skip (exit 77) with the reason when this machine
# cannot run them. `emu_need_privileges --no-peer` for runs without the sockperf peer.
emu_need_privileges() {
	if [ "$(id -u)" -ne 0 ]; then
		echo "skip: vrioemu needs root to create network namespaces, taps and veth pairs" >&2
		exit 77
	fi
	if [ ! -c /dev/net/tun ]; then
		echo "skip: no /dev/net/tun on this machine" >&2
		exit 77
	fi
	command -v ip >/dev/null || { echo "skip: iproute2 (ip) is not installed" >&2; exit 77; }
	probe="vemuprobe$$"
	if ! ip netns add "$probe" 2>/dev/null; then
		echo "skip: cannot create a network namespace here (ip netns add failed)" >&2
		exit 77
	fi
	ip netns del "$probe"
	[ "${1:-}" = --no-peer ] && return 0
	command -v sockperf >/dev/null || {
		echo "skip: sockperf (the real peer) is not installed: run tools/install-deps" >&2
		exit 77
	}
}

# Value of metric $2 in CSV file $1.
emu_metric() {
	awk -F, -v m="$2" '$5 == m { print $6 }' "$1"
}
