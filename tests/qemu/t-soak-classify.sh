#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# t-soak-classify.sh - soak_classify (tests/qemu/soak-classify.sh), which
# counts the outcomes of `make bench-soak`, on made-up serial logs (no QEMU,
# well under a second): a probe start is ok; a message counts only when the
# prompt came back; a restart or QEMU exiting by itself is a reset, even when
# it took long; a timeout is a hang, even with a message on the screen.
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
source "$ROOT/tests/lib.sh"
source "$ROOT/tests/qemu/soak-classify.sh"

W=$(scratch soak-classify)
BANNER='PXELINUX 6.04 lwIP 20200816 Copyright (C) 1994-2015 H. Peter Anvin et al'
FETCH='winpe: fetching 4 file(s)'
BAD='winpe: http://10.0.2.2:1/pe/sources/boot.wim: the manifest says 134219208 bytes but the server sent 9043968 (attempt 1 of 3), fetching again'
GAVEUP='winpe: not booting; returning to the syslinux menu'

# expect NAME RC WANT LINE...: a log of LINEs with qemu_boot status RC is WANT
expect() {
	local name=$1 rc=$2 want=$3 got; shift 3
	printf '%s\n' "$@" > "$W/$name.log"
	got=$(soak_classify "$W/$name.log" "$rc")
	expect_eq "soak-classify-$name" "$got" "$want"
}

expect ok 0 ok "$BANNER" "$FETCH" "$BAD" '' 'PROBE START block 0x000217b0'
expect message 0 message "$BANNER" "$FETCH" "$BAD" "$GAVEUP" 'boot: second' 'WINPE CHECK OK 1 files'
expect message-prompt-never-back 124 hang "$BANNER" "$FETCH" "$GAVEUP"
expect message-then-qemu-exit 0 reset "$BANNER" "$FETCH" "$GAVEUP"
expect timeout 124 hang "$BANNER" "$FETCH" '  \sources\boot.wim   9043968/134219208   6%'
expect timeout-killed 137 hang "$BANNER" "$FETCH"
expect qemu-exit-early 0 reset "$BANNER" "$FETCH"
expect qemu-exit-error 1 reset "$BANNER" "$FETCH"
expect syslinux-again 124 reset "$BANNER" "$FETCH" "$BANNER"
expect ipxe-again 124 reset 'iPXE 1.0.0+ -- Open Source Network Boot Firmware' "$FETCH" \
	'iPXE 1.0.0+ -- Open Source Network Boot Firmware'
expect_eq soak-restarts-count "$(soak_restarts "$W/syslinux-again.log")" 1
exit $((T_FAILED > 0))
