#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# t-space.sh - free space: a target with too little room is refused before
# anything is written (PREP_TFTPROOT_FREE_BYTES stands in for statvfs, so no
# mount namespace is needed); the estimate is within 10 % of what a run
# writes; a target that runs out of space or inodes while the syslinux runtime
# is staged (LD_PRELOAD ENOSPC shim) keeps its previous state, no half-installed
# efi64/; progress bars appear only on a TTY.
. "$(dirname "$0")/prep-lib.sh"
W=$(scratch prep-space)
$MK tree "$W/tree" p1 16 || { fail prep-space-fixture "mkmedia failed"; exit 1; }
MD=$W/modules; mkdir -p "$MD/bios" "$MD/efi64"
head -c 60000 /dev/urandom >"$MD/bios/winpe.c32"; head -c 70000 /dev/urandom >"$MD/efi64/winpe.c32"
j() { /usr/bin/python3 -c "import json,sys; d=json.load(open(sys.argv[1])); print(eval(sys.argv[2]))" "$@"; }

# 1. refused: 3 MiB free for a ~17 MiB run; nothing written, the exit code and message exact
D=$W/small; mkdir -p "$D"
out=$(PREP_TFTPROOT_FREE_BYTES=$((3 << 20)) "$PT" "$W/tree" --root "$D" --name s --no-syslinux 2>&1); rc=$?
expect_eq prep-space-refused "$rc:$(echo "$out" | grep -c "not enough free space in $D/windows: need [0-9]* MiB, have 3 MiB")" "1:1"
expect_eq prep-space-nothing-staged "$(find "$D" -mindepth 1 | wc -l)" 0
# the dry run refuses the same way (same check, nothing written)
out=$(PREP_TFTPROOT_FREE_BYTES=$((3 << 20)) "$PT" "$W/tree" --root "$D" --name s --no-syslinux --dry-run 2>&1); rc=$?
expect_eq prep-space-refused-dryrun "$rc:$(echo "$out" | grep -c 'not enough free space')" "1:1"
# enough room: accepted
PREP_TFTPROOT_FREE_BYTES=$((64 << 20)) "$PT" "$W/tree" --root "$D" --name s --no-syslinux >/dev/null 2>&1
expect_eq prep-space-enough "$?:$(test -f "$D/windows/s/manifest" && echo tree)" "0:tree"

# 2. the estimate against what a fresh run writes (allocated bytes, du -B1)
F=$W/fresh
"$PT" "$W/tree" --root "$F" --name e --module-dir "$MD" --json >"$W/e.json" 2>"$W/e.err"
est=$(j "$W/e.json" "d['space_needed']"); got=$(du -s -B1 "$F" | cut -f1)
echo "prep-space: estimated $est bytes, written $got bytes (du -B1)"
expect_eq prep-space-estimate-10pct "$(/usr/bin/python3 -c "import sys; e,g=int(sys.argv[1]),int(sys.argv[2]); print('ok' if abs(e-g) <= g/10 else 'off by %.1f%%' % (100.0*(e-g)/g))" "$est" "$got")" ok

# 3. out of space/inodes while staging the runtime: previous tree and configs kept,
# no efi64/, no staging directory, no lock
cc -shared -fPIC -O2 -o "$W/shim.so" "$ROOT/tests/prep/enospc-shim.c" -ldl || { fail prep-space-shim "cc failed"; exit 1; }
S=$W/starved
"$PT" "$W/tree" --root "$S" --name k --no-syslinux >/dev/null 2>&1
mkdir -p "$S/pxelinux.cfg"; printf 'DEFAULT local\nLABEL local\n  LOCALBOOT 0\n' >"$S/pxelinux.cfg/default"
before=$(snapshot "$S")
cp -r "$W/tree" "$W/tree2"; printf 'changed' >>"$W/tree2/bootmgr"
for pat in .k.new/efi/microsoft/boot/bcd .prep-tftproot.runtime.new/4 .prep-tftproot.runtime.new/12 efi64/pxelinux.cfg; do
	out=$(SHIM_ENOSPC=$pat LD_PRELOAD=$W/shim.so "$PT" "$W/tree2" --root "$S" --name k --module-dir "$MD" 2>&1); rc=$?
	expect_eq "prep-space-starved-$pat-exit" "$rc:$(echo "$out" | grep -c 'error: .*No space left on device')" "1:1"
	if [ "$(snapshot "$S")" = "$before" ]; then pass "prep-space-starved-$pat-unchanged"
	else fail "prep-space-starved-$pat-unchanged" "$(diff <(echo "$before") <(snapshot "$S") | head -5 | tr '\n' ' ')"; fi
done
check prep-space-starved-no-efi64 test ! -e "$S/efi64"
# the same run without the fault completes
"$PT" "$W/tree2" --root "$S" --name k --module-dir "$MD" >/dev/null 2>&1
expect_eq prep-space-starved-then-ok "$?:$(cmp -s "$W/tree2/bootmgr" "$S/windows/k/bootmgr" && echo new):$(test -f "$S/efi64/menu.c32" && echo rt)" "0:new:rt"

# progress bars: drawn on a terminal (script gives one), silent otherwise
mkdir -p "$W/r1" "$W/r2"
script -qec "'$PT' '$W/tree' --root '$W/r1' --name p --no-syslinux" /dev/null >"$W/tty.out" 2>&1
"$PT" "$W/tree" --root "$W/r2" --name p --no-syslinux >"$W/notty.out" 2>&1
expect_eq prep-space-progress-tty "$(grep -c 'sources/boot.wim *\[#*\] 100%' "$W/tty.out")" 1
expect_eq prep-space-progress-notty "$(grep -c '\[#' "$W/notty.out")" 0
[ "$T_FAILED" -eq 0 ]
