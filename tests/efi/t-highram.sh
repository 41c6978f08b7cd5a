#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# t-highram.sh - efi64 winpe.c32 on a machine with RAM above 4 GiB (-m 4608):
# syslinux's memory map is 32-bit there (it truncates what lies above), yet the
# module must find the system table (by the EFI_SYSTEM_TABLE_POINTER, which
# this OVMF keeps below 4 GiB, or else by the image scan; the same with
# systab=image) and hand the probe a byte-exact disk.
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
source "$ROOT/tests/lib.sh"
source "$ROOT/tests/qemu/lib.sh"
source "$ROOT/tests/efi/lib-efi.sh"

W=$(scratch efi-highram)
R=$W/root
efi_fixture "$R"
F=files

# boot NAME WORD HOW: one probe boot with 4.5 GiB of RAM; the table found by HOW
boot() {
	local name=$1 word=$2 how
	efi_cfg "$R" "$word file=$F/probe.efi@bootmgfw.efi file=$F/bcd@\\boot\\bcd file=$F/a.bin file=$F/Boot.SDI@\\boot\\boot.sdi"
	qemu_boot uefi "$R" "$W/$name.log" 240 'PROBE VERDICT|winpe: not booting' "" 4608
	probe_expect "uefi-4g5-$name-byte-exact" "$W/$name.log" bootmgfw.efi="$R/files/probe.efi" \
		'\boot\bcd'="$R/files/bcd" a.bin="$R/files/a.bin" '\boot\boot.sdi'="$R/files/Boot.SDI"
	how=$(efi_systab_how "$W/$name.log")
	if [ "$how" = "$3" ]; then
		pass "uefi-4g5-$name-found-by-$3"
	else
		fail "uefi-4g5-$name-found-by-$3" "got '$how' (log: $W/$name.log)"
	fi
}
boot default "" pointer
boot image systab=image image-scan

exit $((T_FAILED > 0))
