#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# t-pause.sh - `pause` on BIOS: winpe.c32 asks for a key before the hand-off
# and the boot manager (the probe) starts once one is typed.
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
source "$ROOT/tests/lib.sh"
source "$ROOT/tests/qemu/lib.sh"
W=$(scratch bios-pause)
R=$W/root
mk_tftproot "$R"
mkdir -p "$R/w"
cp "$B/tests/probe-bootmgr.exe" "$R/w/bootmgr.exe"
head -c 16384 /dev/urandom > "$R/w/BCD"
head -c 65536 /dev/urandom > "$R/w/boot.sdi"
winpe_cfg "$R" 1 "first=pause file=w/bootmgr.exe file=w/BCD file=w/boot.sdi"
# the label and a key are typed together; the key waits in the buffer for the pause
qemu_boot bios "$R" "$W/pause.log" 90 'PROBE VERDICT|winpe: not booting' $'first\rx'
if grep -aq 'winpe: press a key to start the boot manager' "$W/pause.log"; then
	pass bios-pause-prompt
else
	fail bios-pause-prompt "no pause prompt (log: $W/pause.log)"
fi
if grep -aq '^PROBE VERDICT PASS' "$W/pause.log"; then
	pass bios-pause-then-boots
else
	fail bios-pause-then-boots "no PASS after the key (log: $W/pause.log)"
fi
exit $((T_FAILED > 0))
