#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# t-qemu-menu.sh - the configs prep-tftproot writes into an empty root boot to
# a menu: QEMU PXE-boots BIOS (pxelinux.0) and UEFI (efi64/syslinux.efi),
# menu.c32 and its libraries load from the runtime prep-tftproot installed,
# show the MENU TITLE and the entry, and the timeout starts the entry
# (winpe.c32 speaks).  The only edit is a SERIAL line at the top (the user's
# own header, kept by a re-run) so the menu is seen on the serial log.
. "$(dirname "$0")/prep-lib.sh"
source "$ROOT/tests/qemu/lib.sh"
W=$(scratch prep-qemu-menu)
for f in bios/winpe.c32 efi64/winpe.c32; do
	[ -f "$B/$f" ] || { fail prep-qemu-menu "build/$f not built (make all)"; exit 1; }
done
$MK tree "$W/tree" mq >/dev/null 2>&1 || { fail prep-qemu-menu-fixture "mkmedia failed"; exit 1; }
R=$W/root
"$PT" "$W/tree" --root "$R" --name m --module-dir "$B" >"$W/prep.out" 2>&1 ||
	{ fail prep-qemu-menu-prep "prep-tftproot failed: $(tail -1 "$W/prep.out")"; exit 1; }
for c in pxelinux.cfg/default efi64/pxelinux.cfg/default; do
	sed -i '1i SERIAL 0 115200' "$R/$c"
done
"$PT" "$W/tree" --root "$R" --name m --module-dir "$B" >/dev/null 2>&1
expect_eq prep-qemu-menu-header-kept "$(head -3 "$R/pxelinux.cfg/default" | tr '\n' '|')/$(head -3 "$R/efi64/pxelinux.cfg/default" | tr '\n' '|')" \
	"SERIAL 0 115200|# pxelinux configuration (created by prep-tftproot)|UI menu.c32|/SERIAL 0 115200|# pxelinux configuration (created by prep-tftproot)|UI menu.c32|"

# menu_seen NAME LOG: the menu title and the entry were drawn, no bare boot:
# prompt and no module load failure before the entry started (winpe.c32's
# first line; the stand-in boot manager then fails and syslinux prompts),
# and the entry started on the timeout
menu_seen() {
	local n=$1 log=$2 pre
	pre=$(awk '/winpe/ {exit} {print}' "$log")
	if ! grep -aq 'Windows PE network boot' <<<"$pre" || ! grep -aq 'Windows PE (m)' <<<"$pre"; then
		fail "$n" "no menu on the serial log (log: $log)"
	elif grep -aqE 'boot:|[Ff]ailed to load|Could not find' <<<"$pre"; then
		fail "$n" "a boot: prompt or a load failure: $(grep -aoE -m2 'boot:|[Ff]ailed to load.*|Could not find.*' <<<"$pre" | tr '\n' '|') (log: $log)"
	elif ! grep -aq 'winpe' "$log"; then
		fail "$n" "the menu did not start the entry (no winpe.c32 output; log: $log)"
	else
		pass "$n"
	fi
}
qemu_boot bios "$R" "$W/bios.log" 120 'winpe'
menu_seen prep-qemu-menu-bios "$W/bios.log"
qemu_boot uefi "$R" "$W/uefi.log" 180 'winpe'
menu_seen prep-qemu-menu-uefi "$W/uefi.log"
[ "$T_FAILED" -eq 0 ]
