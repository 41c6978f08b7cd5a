#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# bench_tftp.sh - `make bench-tftp` (not in `make check`): syslinux's own
# TFTP read vs the module's client, lock-step and windowed, of a
# BENCH_TFTP_MB MiB file (default 96) at two round-trip times.
# Per RTT (BENCH_TFTP_RTTS, default "0.5 2" ms) one network namespace: a tap
# device 192.168.77.1/24 with dnsmasq (DHCP, PXE, TFTP on port 69: options
# blksize/tsize only) and atftpd (port 6969, RFC 7440 windowsize); QEMU
# (pxelinux.0, e1000) reaches the tap through tests/bench/tftp_delay.py,
# which holds every frame towards the guest for RTT ms (this kernel has no
# sch_netem for `tc netem`).  One QEMU run per RTT types three labels:
#   syslinux  check tftp=classic file=b/big.bin             (dnsmasq)
#   lockstep  check file=b/big.bin                          (dnsmasq: no window)
#   windowed  check file=tftp://192.168.77.1:6969/b/big.bin (atftpd)
# Time of a cell = the transfer: big.bin's first progress line ("0/") ->
# its "100%" line (host timestamps of serial lines,
# tests/bios/serial_timed.py); module load and planning are left out.  Goals (issue 16): windowed >=
# 4 x syslinux's speed at RTT 0.5 ms; lock-step within 5 % of syslinux.
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
source "$ROOT/tests/lib.sh"
source "$ROOT/tests/qemu/lib.sh"

MB=${BENCH_TFTP_MB:-96}
RTTS=${BENCH_TFTP_RTTS:-0.5 2}
[ -f "$B/bios/winpe.c32" ] || { fail bench-tftp "build first: make all"; exit 1; }
[ "$(id -u)" = 0 ] || { fail bench-tftp "needs root (network namespace, tap device)"; exit 1; }
ATFTPD=$(sh "$ROOT/scripts/atftpd.sh") || { fail bench-tftp "no atftpd (scripts/atftpd.sh)"; exit 1; }
command -v dnsmasq >/dev/null || { fail bench-tftp "dnsmasq missing (scripts/deps.sh)"; exit 1; }
W=$(scratch bench-tftp)
R=$W/root
mk_tftproot "$R"
mkdir -p "$R/b"
head -c $((MB << 20)) /dev/urandom > "$R/b/big.bin"
BYTES=$(stat -c %s "$R/b/big.bin")
write_cfg "$R" "SERIAL 0 115200
PROMPT 1
TIMEOUT 0
LABEL syslinux
  KERNEL winpe.c32
  APPEND check tftp=classic file=b/big.bin
LABEL lockstep
  KERNEL winpe.c32
  APPEND check file=b/big.bin
LABEL windowed
  KERNEL winpe.c32
  APPEND check file=tftp://192.168.77.1:6969/b/big.bin"
NS=
# ns_down: stop what ns_up started (by PID) and remove the namespace
ns_down() {
	cleanup_pids
	T_PIDS=()
	[ -n "$NS" ] && ip netns del "$NS" 2>/dev/null
	NS=
}
trap ns_down EXIT

# ns_up RTT: the namespace, the delaying bridge, dnsmasq and atftpd
ns_up() {
	NS=wpbench$$
	ip netns add "$NS" || return 1
	ip netns exec "$NS" ip link set lo up
	ip netns exec "$NS" python3 "$ROOT/tests/bench/tftp_delay.py" tap0 "$1" 40001 40002 \
		> "$W/delay.log" 2>&1 &
	track_pid $!
	for _ in $(seq 1 50); do grep -q ready "$W/delay.log" 2>/dev/null && break; sleep 0.1; done
	ip netns exec "$NS" ip addr add 192.168.77.1/24 dev tap0 &&
	ip netns exec "$NS" ip link set tap0 up || return 1
	ip netns exec "$NS" dnsmasq --no-daemon --conf-file=/dev/null --port=0 --interface=tap0 \
		--bind-interfaces --dhcp-range=192.168.77.100,192.168.77.150,255.255.255.0 \
		--dhcp-boot=pxelinux.0 --enable-tftp --tftp-root="$R" --dhcp-leasefile="$W/leases" \
		--pid-file= --log-facility=- > "$W/dnsmasq.log" 2>&1 &
	track_pid $!
	ip netns exec "$NS" "$ATFTPD" --daemon --no-fork --port 6969 --bind-address 192.168.77.1 \
		--user root --group root --logfile - -v7 --no-multicast "$R" > "$W/atftpd.log" 2>&1 &
	track_pid $!
	sleep 0.5
}

# tcell LOG LABEL: seconds of big.bin's transfer after typing LABEL
tcell() {
	awk -F'\t' -v l="$2" '$2 == "@TYPED " l { on = 1 }
		on && t == "" && $2 ~ /big\.bin +0\// { t = $1 }
		on && t != "" && $2 ~ /big\.bin .* 100%/ { print $1 - t; exit }' "$1"
}

for rtt in $RTTS; do
	log=$W/rtt-$rtt.log
	ns_up "$rtt" || { fail "bench-tftp-rtt-$rtt" "could not set up the namespace"; ns_down; continue; }
	python3 "$ROOT/tests/bios/serial_timed.py" "$log" 1800 '^Loading done' \
		syslinux lockstep windowed done -- \
		ip netns exec "$NS" $QEMU -accel tcg -m 1024 -display none -no-reboot -monitor none \
		-nodefaults -vga std -netdev socket,id=n0,udp=127.0.0.1:40002,localaddr=127.0.0.1:40001 \
		-device e1000,netdev=n0 -boot n -serial stdio
	ns_down
	ts=$(tcell "$log" syslinux); tl=$(tcell "$log" lockstep); tw=$(tcell "$log" windowed)
	if [ -z "$ts" ] || [ -z "$tl" ] || [ -z "$tw" ]; then
		fail "bench-tftp-rtt-$rtt" "incomplete run (log: $log)"
		continue
	fi
	grep -a 'TFTP from' "$log" | cut -f2 | sed 's/^/  /'
	if ! grep -aq 'b/big.bin: TFTP from 192.168.77.1:69, .*windowsize 1 (lock-step' "$log" ||
	   ! grep -Eaq 'big.bin: TFTP from 192.168.77.1:6969, blksize [0-9]+, windowsize (4|8|16),' "$log"; then
		fail "bench-tftp-rtt-$rtt" "the lock-step/windowed cells did not negotiate as expected (log: $log)"
		continue
	fi
	awk -v r="$rtt" -v b="$BYTES" -v ts="$ts" -v tl="$tl" -v tw="$tw" 'BEGIN {
		m = b / 1048576
		printf "BENCH tftp rtt %s ms: syslinux %.1f s (%.2f MiB/s), lock-step %.1f s (%.2f MiB/s), windowed %.1f s (%.2f MiB/s)\n",
			r, ts, m / ts, tl, m / tl, tw, m / tw
		printf "BENCH tftp rtt %s ms: windowed speed = %.2f x syslinux%s; lock-step time = %.3f x syslinux (goal <= 1.05: %s)\n",
			r, ts / tw, (r == "0.5" ? (ts / tw >= 4 ? " (goal >= 4: met)" : " (goal >= 4: MISSED)") : ""),
			tl / ts, (tl / ts <= 1.05 ? "met" : "MISSED")
	}'
	pass "bench-tftp-rtt-$rtt"
done
exit $((T_FAILED > 0))
