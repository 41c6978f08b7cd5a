#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# t-probe-wim.sh - the probe (standing in for bootmgr.exe) captured with
# wimlib-imagex as \Windows\Boot\PXE\bootmgr.exe of WIMs compressed with
# LZX, XPRESS and LZMS; winpe.c32 extracts it (and BCD/boot.sdi from
# \Windows\Boot\DVD\PCAT\ when not given) and the probe hashes every file it
# reads through INT 13h: each must equal the host's.  One boot per codec,
# each also covering one way in:
#   LZX    pxelinux.0/TFTP, DIR form with case variants (Boot/BCD, ...)
#   XPRESS pxelinux.0/TFTP, initrdfile= form, BCD + boot.sdi from the WIM
#   LZMS   lpxelinux.0/HTTP, DIR with a manifest (the integrity source:
#          syslinux's HTTP client passes no Content-Length to modules)
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
source "$ROOT/tests/lib.sh"
source "$ROOT/tests/qemu/lib.sh"
source "$ROOT/tests/bios/lib-bios.sh"

[ -f "$PROBE" ] && [ -f "$B/bios/winpe.c32" ] || { fail bios-wim "build first: make all"; exit 1; }
command -v wimlib-imagex >/dev/null || { fail bios-wim "wimlib-imagex missing (scripts/deps.sh)"; exit 1; }
W=$(scratch bios-wim)
R=$W/root
T=$W/tree
mk_tftproot "$R"
mk_wim_tree "$T"
mkdir -p "$R/w"
printf 'second label\n' > "$R/w/one.txt"
for c in LZX XPRESS LZMS; do
	wimlib-imagex capture "$T" "$W/$c.wim" "WinPE $c" --compress="$c" --boot >/dev/null 2>"$W/$c.err" ||
		fail "bios-wim-capture-$c" "$(cat "$W/$c.err")"
done
BM=$T/Windows/Boot/PXE/bootmgr.exe
PCAT=$T/Windows/Boot/DVD/PCAT

# 1. LZX through a DIR whose names are not all lower case, over TFTP
D=$R/lzx
mkdir -p "$D/Boot" "$D/BOOT" "$D/Sources"
head -c 20000 /dev/urandom > "$D/Boot/BCD"
head -c 70000 /dev/urandom > "$D/BOOT/BOOT.SDI"
cp "$W/LZX.wim" "$D/Sources/boot.wim"
bios_cfg "$R" lzx
qemu_boot bios "$R" "$W/lzx.log" 240 'PROBE VERDICT|winpe: not booting'
probe_files bios-wim-lzx-dir-case-variants "$W/lzx.log" bootmgr.exe="$BM" \
	/boot/bcd="$D/Boot/BCD" /boot/boot.sdi="$D/BOOT/BOOT.SDI" /sources/boot.wim="$D/Sources/boot.wim"

# 2. XPRESS through initrdfile=, BCD and boot.sdi taken from the WIM
bios_cfg "$R" "rawwim initrdfile=w/XPRESS.wim@boot.wim,w/one.txt"  # rawwim: one.txt would be injected
cp "$W/XPRESS.wim" "$R/w/"
qemu_boot bios "$R" "$W/xpress.log" 240 'PROBE VERDICT|winpe: not booting'
probe_files bios-wim-xpress-initrdfile "$W/xpress.log" bootmgr.exe="$BM" \
	/boot/bcd="$PCAT/BCD" /boot/boot.sdi="$PCAT/boot.sdi" boot.wim="$W/XPRESS.wim" \
	one.txt="$R/w/one.txt"

# 3. LZMS through lpxelinux.0 and HTTP, a DIR with a manifest
D=$R/lzms
mkdir -p "$D/boot" "$D/sources"
cp "$PCAT/BCD" "$D/boot/bcd"
head -c 123457 /dev/urandom > "$D/boot/boot.sdi"
cp "$W/LZMS.wim" "$D/sources/boot.wim"
mk_manifest "$D"
http_start "$R" || fail bios-http-server "could not start the loopback HTTP server"
bios_cfg "$R" "http://10.0.2.2:$HTTP_PORT/lzms"
qemu_boot bios "$R" "$W/lzms.log" 300 'PROBE VERDICT|winpe: not booting' "" 512 lpxelinux.0
probe_files bios-wim-lzms-http-manifest "$W/lzms.log" bootmgr.exe="$BM" \
	/boot/bcd="$D/boot/bcd" /boot/boot.sdi="$D/boot/boot.sdi" /sources/boot.wim="$D/sources/boot.wim"
if grep -q 'GET /lzms/manifest 200' "$HTTP_LOG" && grep -q 'GET /lzms/sources/boot.wim 200' "$HTTP_LOG"; then
	pass bios-wim-lzms-fetched-over-http
else
	fail bios-wim-lzms-fetched-over-http "the HTTP server did not serve the manifest and the WIM ($HTTP_LOG)"
fi
exit $((T_FAILED > 0))
