#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# t-probe-tftp.sh - efi64 winpe.c32 over TFTP starts the probe (standing in
# for bootmgfw.efi) from the virtual disk; the probe reads every file through
# raw BlockIo (own MBR/FAT32 parser) and the firmware FAT driver, both
# byte-exact against the host; GOP refusal; bootmgfw_EX.efi preferred.
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
source "$ROOT/tests/lib.sh"
source "$ROOT/tests/qemu/lib.sh"
source "$ROOT/tests/efi/lib-efi.sh"

W=$(scratch efi-probe-tftp)
R=$W/root
efi_fixture "$R"
F=files

# 1. bootmgfw.efi only, text mode (GOP refused once), assorted files
efi_cfg "$R" "file=$F/probe.efi@bootmgfw.efi file=$F/bcd@\\boot\\bcd file=$F/a.bin file=$F/cluster.bin initrdfile=$F/b.txt@x.txt,$F/Boot.SDI@\\boot\\boot.sdi file=$F/boot.stl"
qemu_boot uefi "$R" "$W/tftp.log" 150 'PROBE VERDICT|winpe: not booting'
probe_expect uefi-tftp-probe-both-paths "$W/tftp.log" bootmgfw.efi="$R/files/probe.efi" \
	'\boot\bcd'="$R/files/bcd" \
	a.bin="$R/files/a.bin" cluster.bin="$R/files/cluster.bin" x.txt="$R/files/b.txt" \
	'\boot\boot.sdi'="$R/files/Boot.SDI" \
	'\efi\microsoft\boot\boot.stl'="$R/files/boot.stl"
# (the default way to the system table; t-wim.sh boots through the fallback)
how=$(efi_systab_how "$W/tftp.log")
if [ "$how" = pointer ]; then
	pass uefi-systab-pointer
else
	fail uefi-systab-pointer "want 'found by pointer', got '$how' (log: $W/tftp.log)"
fi
# issue 17: the firmware's 5-minute watchdog is disarmed at start-up, before
# the first file is fetched (tests/efi/large-watchdog.sh proves the effect)
wd=$(grep -an 'winpe: UEFI watchdog disabled (SetWatchdogTimer: 0x0)' "$W/tftp.log" | head -1 | cut -d: -f1)
first=$(grep -an '^winpe: fetching ' "$W/tftp.log" | head -1 | cut -d: -f1)
if [ -n "$wd" ] && [ -n "$first" ] && [ "$wd" -lt "$first" ]; then
	pass uefi-watchdog-disabled-before-fetch
else
	fail uefi-watchdog-disabled-before-fetch "watchdog line ${wd:-missing}, first fetch line ${first:-missing} (log: $W/tftp.log)"
fi
if grep -aq '^PROBE GOP first=0x8000000000000002 second=0x0' "$W/tftp.log"; then
	pass uefi-gop-refused-once
else
	fail uefi-gop-refused-once "want first open EFI_INVALID_PARAMETER, second success: $(grep -a 'PROBE GOP' "$W/tftp.log")"
fi
if grep -aq '^PROBE MEDIA part id=57504531 logical=1 ro=1 present=1 bs=512' "$W/tftp.log" &&
   grep -aq '^PROBE MEDIA disk id=57504531 logical=0 ro=1 present=1 bs=512' "$W/tftp.log"; then
	pass uefi-blockio-media
else
	fail uefi-blockio-media "$(grep -a 'PROBE MEDIA' "$W/tftp.log" | tr '\n' '|')"
fi

# 2. bootmgfw_EX.efi preferred over bootmgfw.efi; gui leaves GOP alone
efi_cfg "$R" "gui file=$F/probe.efi@bootmgfw.efi file=$F/probe.efi@bootmgfw_EX.efi file=$F/b.txt file=$F/bcd@\\boot\\bcd file=$F/Boot.SDI@\\boot\\boot.sdi"
qemu_boot uefi "$R" "$W/ex.log" 150 'PROBE VERDICT|winpe: not booting'
probe_expect uefi-tftp-ex-probe "$W/ex.log" bootmgfw_EX.efi="$R/files/probe.efi" \
	bootmgfw.efi="$R/files/probe.efi" b.txt="$R/files/b.txt"
if grep -aq 'winpe: starting bootmgfw_EX' "$W/ex.log" && ! grep -aq 'winpe: starting bootmgfw.efi' "$W/ex.log"; then
	pass uefi-ex-preferred
else
	fail uefi-ex-preferred "$(grep -ao 'winpe: starting.\{0,40\}' "$W/ex.log")"
fi
if grep -aq '^PROBE GOP first=0x0 second=0x0' "$W/ex.log"; then
	pass uefi-gui-keeps-gop
else
	fail uefi-gui-keeps-gop "$(grep -a 'PROBE GOP' "$W/ex.log")"
fi

exit $((T_FAILED > 0))
