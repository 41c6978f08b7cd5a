#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# t-bad-input.sh - BIOS hand-off refusals: a bootmgr.exe that is not PE, a
# file larger than RAM (-m 256, 300 MiB), a WIM that fits but leaves no room
# for Windows' RAM-disk copy (-m 512, 220 MiB; refused before fetching), a
# bootmgr.exe whose ImageBase is not RAM.  Each must print a clear message and give syslinux back: proved
# by booting the second label ("check" of one small file) typed at boot:.
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
source "$ROOT/tests/lib.sh"
source "$ROOT/tests/qemu/lib.sh"

[ -f "$B/tests/probe-highbase.exe" ] && [ -f "$B/bios/winpe.c32" ] || { fail bios-bad-input "build first: make all"; exit 1; }
W=$(scratch bios-bad-input)
R=$W/root
mk_tftproot "$R"
mkdir -p "$R/w"
head -c 40000 /dev/urandom > "$R/w/notpe.exe"
cp "$B/tests/probe-highbase.exe" "$R/w/highbase.exe"
head -c 16384 /dev/urandom > "$R/w/BCD"
head -c 4096 /dev/urandom > "$R/w/boot.sdi"
truncate -s 300M "$R/w/huge.wim"
truncate -s 220M "$R/w/big.wim"

# run NAME MEM FIRST_APPEND MESSAGE_RE: boot label 1, expect MESSAGE_RE, then label 2
run() {
	local name=$1 mem=$2 app=$3 re=$4 log=$W/$1.log
	winpe_cfg "$R" 0 "first=$app" "second=check file=w/BCD"
	qemu_boot bios "$R" "$log" 90 'WINPE CHECK OK|PROBE VERDICT' second "$mem"
	if grep -aEq "$re" "$log" && grep -aq 'winpe: not booting' "$log"; then
		pass "$name-message"
	else
		fail "$name-message" "no '$re' (log: $log)"
	fi
	if grep -aq '^WINPE CHECK OK 1 files' "$log" && ! grep -aq 'PROBE VERDICT' "$log"; then
		pass "$name-back-to-syslinux"
	else
		fail "$name-back-to-syslinux" "second label did not run (log: $log)"
	fi
}

run bios-bad-notpe 512 "file=w/notpe.exe@bootmgr.exe file=w/BCD file=w/boot.sdi" 'winpe: bootmgr.exe \(w/notpe.exe\): no MZ'
run bios-bad-toolarge 256 "file=w/highbase.exe@bootmgr.exe file=w/huge.wim" \
	"winpe: these files cannot boot in 2[45][0-9] MiB of RAM: they need 30[0-9] MiB, the WIM \(w/huge.wim\) 300 MiB again for Windows' RAM disk and at least 128 MiB for Windows; add RAM or use a smaller WIM"
# fits in RAM by itself, but not with Windows' RAM-disk copy: refused before fetching
run bios-bad-no-room-for-ramdisk 512 "file=w/highbase.exe@bootmgr.exe file=w/big.wim" \
	"winpe: these files cannot boot in 5[01][0-9] MiB of RAM: they need 2[23][0-9] MiB, the WIM \(w/big.wim\) 220 MiB again"
if grep -aq '^winpe: fetching 2 file' "$W/bios-bad-no-room-for-ramdisk.log"; then
	fail bios-bad-no-room-refused-before-fetching "it fetched first (log: $W/bios-bad-no-room-for-ramdisk.log)"
else
	pass bios-bad-no-room-refused-before-fetching
fi
run bios-bad-imagebase 512 "file=w/highbase.exe@bootmgr.exe file=w/BCD file=w/boot.sdi" \
	'winpe: bootmgr.exe must be loaded at its ImageBase 0xe0000000-0xe[0-9a-f]+, but that range is not free RAM'
exit 0
