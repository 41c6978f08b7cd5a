#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# t-usb.sh - prep-tftproot --media end to end: the probe ISO (media-lib.sh)
# into a directory holding the user's own syslinux configs and files; the
# user's lines and files stay, a rerun changes nothing; the directory copied
# into a FAT image with mtools, `syslinux --install IMAGE` (no mount), and
# QEMU boots the image as a disk on SeaBIOS (ldlinux.sys) and OVMF
# (EFI/BOOT/BOOTX64.EFI = syslinux.efi) into the probe, every file
# byte-exact; with boot.wim cut in half on the image winpe.c32 names the
# file, refuses and returns to the syslinux prompt.
. "$(dirname "$0")/prep-lib.sh"
source "$ROOT/tests/qemu/lib.sh"
source "$ROOT/tests/prep/media-lib.sh"
W=$(scratch prep-usb)
msg=$(probe_media "$W") || { fail prep-usb-fixture "$msg"; exit 1; }

# the user's stick: own config lines (serial, a 1 s prompt), an own file
U=$W/stick; mkdir -p "$U/EFI/BOOT"
user='SERIAL 0 115200
DEFAULT p
PROMPT 1
TIMEOUT 10
# my own entry
LABEL memtest
  KERNEL memtest.bin'
printf '%s\n' "$user" >"$U/syslinux.cfg"
printf '%s\n' "$user" >"$U/EFI/BOOT/syslinux.cfg"
echo mine >"$U/README.txt"

"$PT" "$W/m.iso" --media "$U" --name p --module-dir "$B" >"$W/prep.out" 2>"$W/prep.err" ||
	{ fail prep-usb-build "prep-tftproot --media failed: $(tail -1 "$W/prep.err")"; exit 1; }
D=$U/windows/p
tree_ok prep-usb-manifest "$D"
expect_eq prep-usb-state "$(head -1 "$W/prep.out")" "$U/windows/p: created"
expect_eq prep-usb-hint "$(grep -A1 '^BIOS: once' "$W/prep.out" | tail -1)" "  syslinux --install /dev/sdXN"
# (the user's config has no UI line: no MENU LABEL, as in the PXE configs)
entry='# BEGIN prep-tftproot p
LABEL p
  KERNEL winpe.c32
  APPEND /windows/p
# END prep-tftproot p'
expect_eq prep-usb-cfg "$(cat "$U/syslinux.cfg")" "$user
$entry"
expect_eq prep-usb-efi-cfg "$(cat "$U/EFI/BOOT/syslinux.cfg")" "$user
$entry"
expect_eq prep-usb-user-file "$(cat "$U/README.txt")" mine
expect_eq prep-usb-no-leftovers "$(ls -A "$U/windows" | tr '\n' ' ')" "p "
files=$(cd "$U" && find . -type f ! -path './windows/*' | sort | tr '\n' ' ')
expect_eq prep-usb-runtime-files "$files" "./EFI/BOOT/BOOTX64.EFI ./EFI/BOOT/ldlinux.e64 ./EFI/BOOT/libcom32.c32 ./EFI/BOOT/libutil.c32 ./EFI/BOOT/menu.c32 ./EFI/BOOT/syslinux.cfg ./EFI/BOOT/winpe.c32 ./README.txt ./libcom32.c32 ./libutil.c32 ./menu.c32 ./syslinux.cfg ./winpe.c32 "
expect_eq prep-usb-modules "$(cmp -s "$U/winpe.c32" "$B/bios/winpe.c32" && cmp -s "$U/EFI/BOOT/winpe.c32" "$B/efi64/winpe.c32" && cmp -s "$U/EFI/BOOT/BOOTX64.EFI" /usr/lib/SYSLINUX.EFI/efi64/syslinux.efi && echo same)" same

# a rerun: nothing changes (state unchanged, every byte and file the same)
before=$(snapshot "$U")
"$PT" "$W/m.iso" --media "$U" --name p --module-dir "$B" >"$W/prep2.out" 2>&1
expect_eq prep-usb-rerun-exit $? 0
expect_eq prep-usb-rerun-state "$(head -1 "$W/prep2.out")" "$U/windows/p: unchanged"
expect_eq prep-usb-rerun-same "$(snapshot "$U" | sha256sum)" "$(printf '%s\n' "$before" | sha256sum)"

# a file of the user's in the way is not overwritten (exit 1, named, nothing written)
V=$W/stick2; mkdir -p "$V"; echo other >"$V/winpe.c32"
before=$(snapshot "$V")
"$PT" "$W/m.iso" --media "$V" --name p --module-dir "$B" >"$W/prep3.out" 2>&1
expect_eq prep-usb-foreign-exit $? 1
expect_eq prep-usb-foreign-msg "$(grep -c "error: $V/winpe.c32 exists and differs from $B/bios/winpe.c32 (use --force to replace it)" "$W/prep3.out")" 1
expect_eq prep-usb-foreign-untouched "$(snapshot "$V")" "$before"

# the stick as a FAT image: mtools copy, syslinux --install on the image file
export MTOOLS_SKIP_CHECK=1
IMG=$W/stick.img
mkfs.vfat -C -n STICK "$IMG" 32768 >/dev/null && mcopy -s -Q -i "$IMG" "$U"/* "$U"/EFI ::/ 2>/dev/null
syslinux --install "$IMG" || fail prep-usb-syslinux "syslinux --install $IMG failed"
re='PROBE VERDICT|winpe: not booting'
media_boot bios "$W/bios.log" 150 "$re" -drive "file=$IMG,format=raw,if=ide,snapshot=on" -boot c
probe_tree prep-usb-bios-hda "$W/bios.log" bios "$D"
media_boot uefi "$W/uefi.log" 240 "$re" -drive "file=$IMG,format=raw,if=ide,snapshot=on"
probe_tree prep-usb-uefi-hda "$W/uefi.log" uefi "$D"

# boot.wim cut in half on the medium: named, refused, back at the prompt
BAD=$W/bad.img; cp "$IMG" "$BAD"
wim=$D/sources/boot.wim
head -c $(( $(stat -c %s "$wim") / 2 )) "$wim" >"$W/half.wim"
mcopy -o -i "$BAD" "$W/half.wim" ::/windows/p/sources/boot.wim
media_boot bios "$W/bad.log" 150 'winpe: not booting' \
	-drive "file=$BAD,format=raw,if=ide,snapshot=on" -boot c
flat=$(flat_log "$W/bad.log")
case $flat in
*"/windows/p/sources/boot.wim"*"winpe: not booting; returning to the syslinux menu"*"boot:"*) pass prep-usb-truncated-wim ;;
*) fail prep-usb-truncated-wim "no message naming /windows/p/sources/boot.wim and return to boot: (log: $W/bad.log)" ;;
esac
grep -aq '^PROBE ' "$W/bad.log" && fail prep-usb-truncated-no-probe "the probe ran" || pass prep-usb-truncated-no-probe
[ "$T_FAILED" -eq 0 ]
