#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# demo-media.sh (make demo-media) - the USB stick / ISO row of the demo: a
# WinPE-shaped sample ISO (generated, no Microsoft files) through
# `prep-tftproot --iso`, then QEMU boots the result as a CD on SeaBIOS
# (isolinux) and on OVMF (syslinux.efi) and the probe boot application
# reports what it read through the firmware's disk interface.
. "$(dirname "$0")/prep-lib.sh"
source "$ROOT/tests/qemu/lib.sh"
source "$ROOT/tests/prep/media-lib.sh"
W=$B/demo-media
rm -rf "$W"; mkdir -p "$W"
echo "demo-media: generating a WinPE-shaped sample ISO (random stand-ins, the probe as boot manager)"
msg=$(probe_media "$W") || { echo "demo-media: FAILED: $msg"; exit 1; }
echo "demo-media: prep-tftproot $W/m.iso --iso $W/winpe-boot.iso --name sample"
"$PT" "$W/m.iso" --iso "$W/winpe-boot.iso" --name sample --module-dir "$B" || exit 1
X=$W/x; mkdir -p "$X"
xorriso -report_about SORRY -osirrox on -indev "$W/winpe-boot.iso" -extract /windows "$X/windows" 2>/dev/null
ok=1
for fw in bios uefi; do
	echo "demo-media: booting the ISO as a CD on $([ $fw = bios ] && echo SeaBIOS || echo OVMF) (TCG; the menu's 5 s timeout first)"
	extra=(); [ $fw = bios ] && extra=(-boot d)
	media_boot $fw "$W/$fw.log" 300 'PROBE VERDICT|winpe: not booting' -cdrom "$W/winpe-boot.iso" "${extra[@]}"
	grep -aE '^(winpe: |PROBE (START|DISK|VERDICT))' "$W/$fw.log" | sed 's/^/    /'
	r=$(probe_tree "demo-media-$fw" "$W/$fw.log" $fw "$X/windows/sample")
	case $r in
	PASS*) echo "demo-media: proved ($fw): the probe read every file of windows/sample byte-exact from the CD" ;;
	*) echo "demo-media: FAILED ($fw): $r"; ok=0 ;;
	esac
done
[ $ok = 1 ] && echo "demo-media: the same winpe-boot.iso written to a stick (dd) boots BIOS (isohybrid MBR) and UEFI (MBR partition 2: the ESP); tests/prep/t-iso.sh boots it that way"
[ $ok = 1 ]
