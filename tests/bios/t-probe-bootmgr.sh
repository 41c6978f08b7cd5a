#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# t-probe-bootmgr.sh - bootmgr.exe unpacked from a media-root `bootmgr`
# container (16-bit stub + compressed PE, built by tests/codecs/mkbootmgr
# around the probe) with an LZNT1 and with an XCA payload; the probe must
# run and read every file byte-exact.  (bootmgr.exe given as a file:
# t-boot.sh; extracted from the WIM: t-probe-wim.sh.)
#   LZNT1  explicit file= words over TFTP
#   XCA    DIR form with an upper-case BOOTMGR over TFTP
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
source "$ROOT/tests/lib.sh"
source "$ROOT/tests/qemu/lib.sh"
source "$ROOT/tests/bios/lib-bios.sh"

MK=$B/tests/codecs/mkbootmgr
[ -f "$PROBE" ] && [ -x "$MK" ] && [ -f "$B/bios/winpe.c32" ] || { fail bios-bootmgr "build first: make all"; exit 1; }
W=$(scratch bios-bootmgr)
R=$W/root
mk_tftproot "$R"
mkdir -p "$R/w"
printf 'second label\n' > "$R/w/one.txt"
head -c 16384 /dev/urandom > "$R/w/BCD"
head -c 300000 /dev/urandom > "$R/w/boot.sdi"
for f in lznt1 xca; do
	"$MK" $f --wrap "$PROBE" "$R/w/bootmgr.$f" || fail "bios-bootmgr-$f-container" "mkbootmgr failed"
done

# 1. LZNT1 container given as file=...@bootmgr
bios_cfg "$R" "file=w/bootmgr.lznt1@bootmgr file=w/BCD file=w/boot.sdi file=w/one.txt"
qemu_boot bios "$R" "$W/lznt1.log" 180 'PROBE VERDICT|winpe: not booting'
probe_files bios-bootmgr-lznt1 "$W/lznt1.log" bootmgr.exe="$PROBE" bootmgr="$R/w/bootmgr.lznt1" \
	bcd="$R/w/BCD" boot.sdi="$R/w/boot.sdi" one.txt="$R/w/one.txt"

# 2. XCA container as BOOTMGR of a DIR (no manifest, upper-case name)
D=$R/xca
mkdir -p "$D/boot" "$D/sources"
cp "$R/w/bootmgr.xca" "$D/BOOTMGR"
cp "$R/w/BCD" "$D/boot/bcd"
cp "$R/w/boot.sdi" "$D/boot/boot.sdi"
head -c 2000000 /dev/urandom > "$D/sources/boot.wim"
bios_cfg "$R" "xca"
qemu_boot bios "$R" "$W/xca.log" 180 'PROBE VERDICT|winpe: not booting'
probe_files bios-bootmgr-xca-dir "$W/xca.log" bootmgr.exe="$PROBE" bootmgr="$D/BOOTMGR" \
	/boot/bcd="$D/boot/bcd" /boot/boot.sdi="$D/boot/boot.sdi" /sources/boot.wim="$D/sources/boot.wim"
exit $((T_FAILED > 0))
