#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# t-qemu-probe.sh - prep-tftproot -> QEMU end to end, all the way into the
# boot manager: a synthetic UDF-only ISO (mkmedia.sh) whose boot.wim holds
# the BIOS probe as \Windows\Boot\PXE\bootmgr.exe and the UEFI probe as
# \Windows\Boot\EFI\bootmgfw.efi; prep-tftproot lays out the TFTP root and
# writes its pxelinux.cfg entries; QEMU PXE-boots BIOS (pxelinux.0) and UEFI
# (efi64/syslinux.efi) with those entries, winpe.c32 fetches windows/NAME by
# the manifest and starts the probe, which must say PASS and report every
# file with the size and SHA-256 of the file prep-tftproot wrote.
. "$(dirname "$0")/prep-lib.sh"
source "$ROOT/tests/qemu/lib.sh"
W=$(scratch prep-qemu-probe)
for f in bios/winpe.c32 efi64/winpe.c32 tests/probe-bootmgr.exe tests/probe-bootmgfw.efi; do
	[ -f "$B/$f" ] || { fail prep-qemu-probe "build/$f not built (make all)"; exit 1; }
done

# the media: mkmedia's tree, image 2 (the boot index) carrying the probes and
# no bootmgfw_EX.efi (mkmedia's is random bytes, which would be chosen first)
$MK tree "$W/tree" p1 >/dev/null || { fail prep-qemu-probe-fixture "mkmedia tree failed"; exit 1; }
wimlib-imagex update "$W/tree/sources/boot.wim" 2 >/dev/null <<EOF || { fail prep-qemu-probe-fixture "wimlib-imagex update failed"; exit 1; }
add '$B/tests/probe-bootmgr.exe' /Windows/Boot/PXE/bootmgr.exe
add '$B/tests/probe-bootmgfw.efi' /Windows/Boot/EFI/bootmgfw.efi
delete /Windows/Boot/EFI_EX/bootmgfw_EX.efi
EOF
$MK iso udfonly "$W/tree" "$W/m.iso" || { fail prep-qemu-probe-fixture "mkmedia iso failed"; exit 1; }

# the user's lines (serial console, boot the entry at once), then prep-tftproot
R=$W/root; mkdir -p "$R/pxelinux.cfg" "$R/efi64/pxelinux.cfg"
user='SERIAL 0 115200
DEFAULT p
PROMPT 0
TIMEOUT 0'
printf '%s\n' "$user" >"$R/pxelinux.cfg/default"
printf '%s\n' "$user" >"$R/efi64/pxelinux.cfg/default"
"$PT" "$W/m.iso" --root "$R" --name p --module-dir "$B" >"$W/prep.out" 2>&1 ||
	{ fail prep-qemu-probe-prep "prep-tftproot failed: $(tail -1 "$W/prep.out")"; exit 1; }
D=$R/windows/p
tree_ok prep-qemu-probe-manifest "$D"
expect_eq prep-qemu-probe-modules "$(cmp -s "$R/winpe.c32" "$B/bios/winpe.c32" && cmp -s "$R/efi64/winpe.c32" "$B/efi64/winpe.c32" && echo same)" same
expect_eq prep-qemu-probe-bootmgrs "$(cmp -s "$D/bootmgr.exe" "$B/tests/probe-bootmgr.exe" && cmp -s "$D/bootmgfw.efi" "$B/tests/probe-bootmgfw.efi" && echo probes)" probes

# probe_tree NAME LOG FW: PROBE VERDICT PASS; every PROBE FILE line (BIOS:
# "PROBE FILE PATH SIZE HASH"; UEFI: "... HASH blockio|sfs") has the size and
# SHA-256 of the tree file its disk name maps to (the layout of core/layout.c),
# and the key files were seen
probe_tree() {
	local n=$1 log=$2 fw=$3 bad=0 lines=0 seen="" path size hash rel k
	grep -aq '^PROBE VERDICT PASS' "$log" ||
		{ fail "$n" "no PROBE VERDICT PASS: $(grep -a -m3 -E 'PROBE VERDICT|PROBE ERROR|winpe:.*(not|cannot|no )' "$log" | tr '\n' '|') (log: $log)"; return; }
	while read -r _ _ path size hash _; do
		k=$(printf '%s' "$path" | tr 'A-Z\\' 'a-z/'); k=${k#/}
		# \efi\boot and \efi\microsoft\boot mirror \boot on the disk
		case $k in efi/microsoft/boot/*) k=boot/${k#efi/microsoft/boot/} ;; efi/boot/*) k=boot/${k#efi/boot/} ;; esac
		case $fw:$k in
		bios:boot/bcd) rel=boot/bcd ;;
		uefi:boot/bcd) rel=efi/microsoft/boot/bcd ;;
		uefi:boot/boot.stl) rel=efi/microsoft/boot/boot.stl ;;
		uefi:boot/fonts/*) rel=efi/microsoft/$k ;;
		*) rel=$k ;;
		esac
		# a bare name (boot manager) is shown in every standard directory
		[ -f "$D/$rel" ] || rel=${k##*/}
		lines=$((lines + 1))
		if [ -z "$rel" ] || [ ! -f "$D/$rel" ]; then echo "  $path: no such file in the tree"; bad=1; continue; fi
		if [ "$size $hash" != "$(stat -c %s "$D/$rel") $(sha256sum "$D/$rel" | cut -d' ' -f1)" ]; then
			echo "  $path ($rel): got $size $hash"; bad=1
		fi
		seen="$seen $k"
	done < <(grep -a '^PROBE FILE ' "$log" | tr -d '\r')
	for k in boot/bcd boot/boot.sdi sources/boot.wim; do
		case " $seen " in *" $k "*) ;; *) echo "  \\$k never reported"; bad=1 ;; esac
	done
	if [ $bad = 0 ] && [ $lines -gt 0 ]; then pass "$n"; else fail "$n" "$lines PROBE FILE lines, differences above (log: $log)"; fi
}

qemu_boot bios "$R" "$W/bios.log" 120 'PROBE VERDICT|winpe: not booting'
probe_tree prep-qemu-probe-bios "$W/bios.log" bios
qemu_boot uefi "$R" "$W/uefi.log" 180 'PROBE VERDICT|winpe: not booting'
probe_tree prep-qemu-probe-uefi "$W/uefi.log" uefi
grep -aqi '^PROBE FILE \\EFI\\MICROSOFT\\BOOT\\BOOT.STL ' "$W/uefi.log" &&
	pass prep-qemu-probe-uefi-stl || fail prep-qemu-probe-uefi-stl "the probe did not see \\efi\\microsoft\\boot\\boot.stl (log: $W/uefi.log)"
[ "$T_FAILED" -eq 0 ]
