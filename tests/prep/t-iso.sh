#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# t-iso.sh - prep-tftproot --iso end to end: a WinPE-shaped probe ISO
# (media-lib.sh) becomes one hybrid OUT.iso, which QEMU boots as a CD on
# SeaBIOS (isolinux) and OVMF (El Torito EFI image, syslinux.efi) and as a
# disk (a USB stick written with dd) on SeaBIOS (isohybrid MBR) and OVMF
# (MBR partition 2 = the ESP); each time winpe.c32 reads windows/p by
# its manifest and starts the probe, which must see every file byte-exact
# (the tree read back from OUT.iso, and for UEFI also the ESP's copy).
. "$(dirname "$0")/prep-lib.sh"
source "$ROOT/tests/qemu/lib.sh"
source "$ROOT/tests/prep/media-lib.sh"
W=$(scratch prep-iso)
msg=$(probe_media "$W") || { fail prep-iso-fixture "$msg"; exit 1; }

"$PT" "$W/m.iso" --iso "$W/out.iso" --name p --module-dir "$B" >"$W/prep.out" 2>&1 ||
	{ fail prep-iso-build "prep-tftproot --iso failed: $(tail -1 "$W/prep.out")"; exit 1; }
expect_eq prep-iso-build "$(head -1 "$W/prep.out")" "$W/out.iso: created (7 MiB; windows/p created): BIOS and UEFI, as a CD or written to a USB stick"
expect_eq prep-iso-no-staging "$(compgen -G "$W/.out.iso.prep-*" | wc -l)" 0

# the tree as the medium holds it
X=$W/x; mkdir -p "$X"
xorriso -report_about SORRY -osirrox on -indev "$W/out.iso" -extract / "$X" 2>/dev/null
chmod -R u+w "$X"
D=$X/windows/p
tree_ok prep-iso-manifest "$D"
expect_eq prep-iso-probes "$(cmp -s "$D/bootmgr.exe" "$B/tests/probe-bootmgr.exe" && cmp -s "$D/bootmgfw.efi" "$B/tests/probe-bootmgfw.efi" && echo probes)" probes
expect_eq prep-iso-runtime "$(cmp -s "$X/isolinux/winpe.c32" "$B/bios/winpe.c32" && cmp -s "$X/EFI/BOOT/winpe.c32" "$B/efi64/winpe.c32" && cmp -s "$X/EFI/BOOT/BOOTX64.EFI" /usr/lib/SYSLINUX.EFI/efi64/syslinux.efi && echo same)" same
# the El Torito images: BIOS isolinux.bin no-emulation, UEFI hard-disk emulation
et=$(xorriso -indev "$W/out.iso" -report_el_torito plain 2>/dev/null | grep '^El Torito boot img' | awk '{print $6, $7, $8, $9}' | tr '\n' ';')
expect_eq prep-iso-eltorito "$et" "1 BIOS y none;2 UEFI y hd;"
expect_eq prep-iso-mbr "$(xxd -s 510 -l 2 -p "$W/out.iso")" 55aa
# MBR: 1 = the ISO up to the ESP (0x17, active), 2 = the ESP inside efiboot.img (0xEF)
lba=$(xorriso -indev "$W/out.iso" -find /isolinux/efiboot.img -exec report_lba 2>/dev/null | awk -F, '/efiboot/ {print $2 + 0}')
esp_at=$((lba * 4 + 2048))
parts=$(python3 -c 'import struct,sys; m=open(sys.argv[1],"rb").read(512)
for i in range(2):
    e=m[446+16*i:462+16*i]; print("%#x %#x %d %d" % (e[0], e[4], *struct.unpack("<II", e[8:16])))' "$W/out.iso" | tr '\n' ';')
expect_eq prep-iso-mbr-partitions "$parts" "0x80 0x17 0 $esp_at;0x0 0xef $esp_at $(( $(python3 -c 'import struct,sys; f=open(sys.argv[1],"rb"); f.seek(int(sys.argv[2])*2048+458); print(struct.unpack("<I", f.read(4))[0])' "$W/out.iso" "$lba") ));"
rm -f "$W/p2.efi"; MTOOLS_SKIP_CHECK=1 mcopy -n -i "$W/out.iso@@$((esp_at * 512))" ::/EFI/BOOT/BOOTX64.EFI "$W/p2.efi" 2>/dev/null
check prep-iso-esp-partition-is-fat cmp -s "$W/p2.efi" /usr/lib/SYSLINUX.EFI/efi64/syslinux.efi
# the ESP copy (MBR disk, FAT from 1 MiB) equals the ISO's tree
export MTOOLS_SKIP_CHECK=1
E=$W/esp; mkdir -p "$E"
mcopy -s -n -i "$X/isolinux/efiboot.img@@1M" ::/windows ::/EFI "$E/" 2>/dev/null
if diff -r "$E/windows/p" "$D" >/dev/null && diff -r "$E/EFI" "$X/EFI" >/dev/null; then pass prep-iso-esp-copy
else fail prep-iso-esp-copy "the ESP's EFI/ or windows/p differs from the ISO tree"; fi
cfg=$(grep -v '^#' "$X/isolinux/isolinux.cfg")
expect_eq prep-iso-cfg "$cfg" "UI menu.c32
MENU TITLE Windows PE
SERIAL 0 115200
DEFAULT p
PROMPT 0
TIMEOUT 50

LABEL p
  MENU LABEL Windows PE (p)
  KERNEL winpe.c32
  APPEND /windows/p"
expect_eq prep-iso-efi-cfg "$(cmp -s "$X/isolinux/isolinux.cfg" "$X/EFI/BOOT/syslinux.cfg" && echo same)" same

# boot it: the menu's TIMEOUT 50 boots the default label after 5 s
re='PROBE VERDICT|winpe: not booting'
media_boot bios "$W/bios-cd.log" 150 "$re" -cdrom "$W/out.iso" -boot d
probe_tree prep-iso-bios-cdrom "$W/bios-cd.log" bios "$D"
media_boot uefi "$W/uefi-cd.log" 240 "$re" -cdrom "$W/out.iso"
probe_tree prep-iso-uefi-cdrom "$W/uefi-cd.log" uefi "$D"
media_boot bios "$W/bios-hd.log" 150 "$re" -drive "file=$W/out.iso,format=raw,if=ide,snapshot=on" -boot c
probe_tree prep-iso-bios-hda "$W/bios-hd.log" bios "$D"
media_boot uefi "$W/uefi-hd.log" 240 "$re" -drive "file=$W/out.iso,format=raw,if=ide,snapshot=on"
probe_tree prep-iso-uefi-hda "$W/uefi-hd.log" uefi "$D"
[ "$T_FAILED" -eq 0 ]
