#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# t-qemu.sh - end to end: prep-tftproot lays out a TFTP root from a UDF-only
# ISO (runtime, winpe.c32, its pxelinux.cfg entry next to the user's lines);
# QEMU PXE-boots it (BIOS pxelinux.0, UEFI efi64/syslinux.efi) and winpe.c32,
# in check mode, fetches windows/NAME by the manifest and reports each file's
# size and SHA-256, which must equal prep-tftproot's manifest.
. "$(dirname "$0")/prep-lib.sh"
source "$ROOT/tests/qemu/lib.sh"
W=$(scratch prep-qemu)
if [ ! -f "$B/bios/winpe.c32" ] || [ ! -f "$B/efi64/winpe.c32" ]; then
	skip prep-qemu "build/bios/winpe.c32 or build/efi64/winpe.c32 not built (make all)"; exit 0
fi
$MK tree "$W/tree" q1 && $MK iso udfonly "$W/tree" "$W/m.iso" || { fail prep-qemu-fixture "mkmedia failed"; exit 1; }
R=$W/root; mkdir -p "$R/pxelinux.cfg" "$R/efi64/pxelinux.cfg"
user='SERIAL 0 115200
DEFAULT check
PROMPT 0
TIMEOUT 0
LABEL check
  KERNEL winpe.c32
  APPEND check windows/k'
# the same entry text for both: winpe.c32 retries a relative DIR from the TFTP root
printf '%s\n' "$user" >"$R/pxelinux.cfg/default"
printf '%s\n' "$user" >"$R/efi64/pxelinux.cfg/default"
"$PT" "$W/m.iso" --root "$R" --name k >"$W/prep.out" 2>&1 || { fail prep-qemu-prep "prep-tftproot failed: $(tail -1 "$W/prep.out")"; exit 1; }
M=$R/windows/k/manifest

# files_match NAME LOG BCDREL: the check completed; \boot\bcd, \boot\boot.sdi
# and \sources\boot.wim carry the manifest's size and SHA-256 of BCDREL,
# boot/boot.sdi and sources/boot.wim; every other reported file (whose line the
# console did not cut) has the size and SHA-256 of some manifest entry
files_match() {
	local n=$1 log=$2 bcd=$3 bad=0 name size hash
	grep -aq 'WINPE CHECK OK' "$log" || { fail "$n" "no WINPE CHECK OK (log: $log)"; return; }
	for spec in "\\boot\\bcd=$bcd" '\boot\boot.sdi=boot/boot.sdi' '\sources\boot.wim=sources/boot.wim'; do
		name=${spec%%=*}
		got=$(N="$name" awk '$1 == "WINPE" && $2 == "FILE" && $3 == ENVIRON["N"] {print $4 " " $5}' "$log")
		want=$(awk -v p="${spec#*=}" '$6 == p {print $4 " " $2}' "$M")
		[ -n "$want" ] && [ "$got" = "$want" ] || { echo "  $name: got '$got' want '$want' (${spec#*=})"; bad=1; }
	done
	while read -r _ _ name size hash _; do
		[ ${#hash} = 64 ] || continue
		awk -v s="$size" -v h="$hash" '$4 == s && $2 == h {f = 1} END {exit !f}' "$M" ||
			{ echo "  $name: $size $hash is in no manifest entry"; bad=1; }
	done < <(grep -a '^WINPE FILE ' "$log")
	if [ $bad = 0 ]; then pass "$n"; else fail "$n" "fetched files differ from the manifest (log: $log)"; fi
}

qemu_boot bios "$R" "$W/bios.log" 90 'WINPE CHECK OK|winpe: not booting'
files_match prep-qemu-bios "$W/bios.log" boot/bcd
qemu_boot uefi "$R" "$W/uefi.log" 150 'WINPE CHECK OK|winpe: not booting' "" 512 efi64/syslinux.efi
files_match prep-qemu-uefi "$W/uefi.log" efi/microsoft/boot/bcd
# the user's lines are still there and prep-tftproot's entries were added
expect_eq prep-qemu-cfg "$(grep -c '^  APPEND check' "$R/pxelinux.cfg/default")/$(grep -c '^# BEGIN prep-tftproot k$' "$R/pxelinux.cfg/default")/$(grep -c '^  APPEND windows/k$' "$R/efi64/pxelinux.cfg/default")" "1/1/1"
[ "$T_FAILED" -eq 0 ]
