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
source "$ROOT/tests/prep/media-lib.sh"   # probe_tree
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

qemu_boot bios "$R" "$W/bios.log" 120 'PROBE VERDICT|winpe: not booting'
probe_tree prep-qemu-probe-bios "$W/bios.log" bios "$D"
qemu_boot uefi "$R" "$W/uefi.log" 180 'PROBE VERDICT|winpe: not booting'
probe_tree prep-qemu-probe-uefi "$W/uefi.log" uefi "$D"
grep -aqi '^PROBE FILE \\EFI\\MICROSOFT\\BOOT\\BOOT.STL ' "$W/uefi.log" &&
	pass prep-qemu-probe-uefi-stl || fail prep-qemu-probe-uefi-stl "the probe did not see \\efi\\microsoft\\boot\\boot.stl (log: $W/uefi.log)"
[ "$T_FAILED" -eq 0 ]
