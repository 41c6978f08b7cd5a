#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# t-boot.sh - the BIOS hand-off end to end: PXE-boot SeaBIOS + iPXE +
# pxelinux.0, winpe.c32 hands over to the probe boot manager (standing in for
# bootmgr.exe), which checks the BOOT APP block, CPU state and regions and
# reads every file of the virtual disk by every path through the INT 13h
# callback.  Every PROBE FILE hash must equal the host's sha256sum.
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
source "$ROOT/tests/lib.sh"
source "$ROOT/tests/qemu/lib.sh"

PROBE=$B/tests/probe-bootmgr.exe
[ -f "$PROBE" ] && [ -f "$B/bios/winpe.c32" ] || { fail bios-boot "build first: make all"; exit 1; }
W=$(scratch bios-boot)
R=$W/root
mk_tftproot "$R"
mkdir -p "$R/w"
cp "$PROBE" "$R/w/bootmgr.exe"
head -c 16384 /dev/urandom > "$R/w/BCD"
head -c 1000000 /dev/urandom > "$R/w/boot.sdi"
head -c 2500000 /dev/urandom > "$R/w/boot.wim"
head -c 1 /dev/urandom > "$R/w/one.bin"
head -c 32768 /dev/urandom > "$R/w/cluster.bin"
head -c 32769 /dev/urandom > "$R/w/cluster-plus-one.bin"
NAMES="bootmgr.exe BCD boot.sdi boot.wim one.bin cluster.bin cluster-plus-one.bin"
app=" rawwim"   # the boot.wim here is random bytes: serve the files as they are
for n in $NAMES; do app="$app file=w/$n"; done

winpe_cfg "$R" 0 "winpe=${app# }"

LOG=$W/serial.log
boot_bios "$R" "$LOG" 120 pxelinux.0 512
rc=$?
strip_log "$LOG" > "$LOG.txt"
expect_eq bios-boot-exit-code "$rc" 67
if grep -aq '^PROBE VERDICT PASS' "$LOG.txt"; then
	pass bios-boot-verdict
else
	fail bios-boot-verdict "$(grep -a -m1 -E 'PROBE VERDICT|winpe:.*(FATAL|not booting)' "$LOG.txt" || echo "no verdict (log: $LOG.txt)")"
fi

# every PROBE FILE line hashes like the host file of that name, and every
# file shows up in the root and in \boot, \sources, \efi\microsoft\boot
bad=0 lines=0
while read -r _ _ path size hash; do
	lines=$((lines + 1))
	n=${path##*/}
	f=$R/w/$n
	if [ ! -f "$f" ]; then echo "  unknown file $path"; bad=1; continue; fi
	want="$(stat -c %s "$f") $(sha256sum "$f" | cut -d' ' -f1)"
	[ "$size $hash" = "$want" ] || { echo "  $path: got '$size $hash' want '$want'"; bad=1; }
done < <(grep -a '^PROBE FILE ' "$LOG.txt" | tr -d '\r')
if [ $bad = 0 ] && [ $lines -gt 0 ]; then pass bios-boot-hashes; else fail bios-boot-hashes "$lines PROBE FILE lines, mismatches above"; fi
missing=""
for n in $NAMES; do
	for d in "" /boot /sources /efi/microsoft/boot; do
		grep -aqi "^PROBE FILE $d/$n " "$LOG.txt" || missing="$missing $d/$n"
	done
done
if [ -z "$missing" ]; then pass bios-boot-paths; else fail bios-boot-paths "not on the disk:$missing"; fi
# INT 10h 4F01h: without `gui` the "mode supported" bit is hidden, the rest kept
vbe=$(grep -a -m1 '^PROBE VBE mode' "$LOG.txt" | tr -d '\r')
read -r _ _ _ _ _ bios _ seen <<< "$vbe"
if [ -n "$seen" ] && [ $((bios & 1)) = 1 ] && [ $((seen)) = $((bios & ~1)) ]; then
	pass bios-boot-vbe-masked
else
	fail bios-boot-vbe-masked "want bit 0 cleared: '$vbe'"
fi
echo "  ($lines files read by the probe; log $LOG.txt)"

# with `gui` the VBE answer passes unchanged
winpe_cfg "$R" 0 "winpe=gui file=w/bootmgr.exe file=w/BCD file=w/boot.sdi file=w/one.bin"
boot_bios "$R" "$W/gui.log" 120 pxelinux.0 512
rc=$?
strip_log "$W/gui.log" > "$W/gui.log.txt"
vbe=$(grep -a -m1 '^PROBE VBE mode' "$W/gui.log.txt" | tr -d '\r')
read -r _ _ _ _ _ bios _ seen <<< "$vbe"
if [ "$rc" = 67 ] && [ -n "$seen" ] && [ $((bios & 1)) = 1 ] && [ $((seen)) = $((bios)) ]; then
	pass bios-boot-vbe-gui
else
	fail bios-boot-vbe-gui "exit $rc, want the BIOS value unchanged: '$vbe' (log $W/gui.log.txt)"
fi
exit 0
