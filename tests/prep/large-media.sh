#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# large-media.sh (make test-large-media, part of make test-large) - the
# --iso image with a boot.wim well over El Torito's 32 MiB no-emulation
# sector count (default 100 MiB, LARGE_MEDIA_MB): the UEFI hard-disk-emulation
# image is then > 200 MiB; OVMF -cdrom, SeaBIOS -cdrom and OVMF booting it as
# a disk (MBR partition 2) must reach the probe with every file byte-exact.
# About 3-4 minutes under TCG.
. "$(dirname "$0")/prep-lib.sh"
source "$ROOT/tests/qemu/lib.sh"
source "$ROOT/tests/prep/media-lib.sh"
W=$(scratch prep-large-media)
mb=${LARGE_MEDIA_MB:-100}
for f in bios/winpe.c32 efi64/winpe.c32 tests/probe-bootmgr.exe tests/probe-bootmgfw.efi; do
	[ -f "$B/$f" ] || { fail large-media-fixture "build/$f not built (make all)"; exit 1; }
done
$MK tree "$W/tree" L1 "$mb" >/dev/null || { fail large-media-fixture "mkmedia tree failed"; exit 1; }
wimlib-imagex update "$W/tree/sources/boot.wim" 2 >/dev/null <<EOT || { fail large-media-fixture "wimlib-imagex update failed"; exit 1; }
add '$B/tests/probe-bootmgr.exe' /Windows/Boot/PXE/bootmgr.exe
add '$B/tests/probe-bootmgfw.efi' /Windows/Boot/EFI/bootmgfw.efi
delete /Windows/Boot/EFI_EX/bootmgfw_EX.efi
EOT
"$PT" "$W/tree" --iso "$W/big.iso" --name big --module-dir "$B" >"$W/prep.out" 2>&1 ||
	{ fail large-media-build "prep-tftproot --iso failed: $(tail -1 "$W/prep.out")"; exit 1; }
hd=$(xorriso -indev "$W/big.iso" -report_el_torito plain 2>/dev/null | awk '/hdsiz/ {print $NF}')
if [ "${hd:-0}" -gt 65535 ]; then pass large-media-efi-image-size; else fail large-media-efi-image-size "EFI image $hd sectors, want > 65535 (32 MiB)"; fi
X=$W/x; mkdir -p "$X"
xorriso -report_about SORRY -osirrox on -indev "$W/big.iso" -extract /windows "$X/windows" 2>/dev/null
re='PROBE VERDICT|winpe: not booting'
media_boot uefi "$W/uefi.log" 600 "$re" -cdrom "$W/big.iso"
probe_tree large-media-uefi-cdrom "$W/uefi.log" uefi "$X/windows/big"
media_boot bios "$W/bios.log" 600 "$re" -cdrom "$W/big.iso" -boot d
probe_tree large-media-bios-cdrom "$W/bios.log" bios "$X/windows/big"
media_boot uefi "$W/uefi-hd.log" 600 "$re" -drive "file=$W/big.iso,format=raw,if=ide,snapshot=on"
probe_tree large-media-uefi-usb "$W/uefi-hd.log" uefi "$X/windows/big"
[ "$T_FAILED" -eq 0 ]
