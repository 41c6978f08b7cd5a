#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# large-fetch-inplace.sh - `make test-large-fetch` (part of `make
# test-large`; two HTTP transfers of 130 and 66 MiB take minutes under TCG):
# a file whose size nobody announces (HTTP without a manifest) is streamed
# in place into the largest free block and cut to its length
# (module/fetch.c, com32/stream.c, efi/stream.c), proved in RAM that the old
# realloc doubling cannot work in (both VMs: 160 MiB, the least the module's
# RAM check accepts).  BIOS lpxelinux.0: a 130 MiB file, the largest free
# block is about 154 MiB, doubling needs 256 MiB.  UEFI syslinux.efi: a
# 66 MiB file, OVMF's largest free range is about 69 MiB, doubling needs
# 128 MiB (and syslinux.efi's realloc always copies).  The hash of what
# arrived must equal the host's and the module must say it streamed in place.
# WINPE_OLD_BIOS / WINPE_OLD_EFI64 (optional): another winpe.c32 to run in
# the same setup instead, to show that it fails there.
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
source "$ROOT/tests/lib.sh"
source "$ROOT/tests/qemu/lib.sh"

W=$(scratch foundation-fetch-inplace)
R=$W/root
mk_tftproot "$R"
[ -n "${WINPE_OLD_BIOS:-}" ] && cp "$WINPE_OLD_BIOS" "$R/winpe.c32"
[ -n "${WINPE_OLD_EFI64:-}" ] && cp "$WINPE_OLD_EFI64" "$R/efi64/winpe.c32"
mkdir -p "$R/files"
head -c $((130 << 20)) /dev/urandom > "$R/files/b130.bin"
head -c $((66 << 20)) /dev/urandom > "$R/files/u66.bin"
http_start "$R" || fail http-server "could not start the loopback HTTP server"
U=http://10.0.2.2:$HTTP_PORT

# check FW NAME LOG FILE: the WINPE FILE line has the host's size and hash,
# and the module streamed the file in place
check() {
	local fw=$1 name=$2 log=$3 f=$4 want got
	want="$(stat -c %s "$f") $(sha256sum "$f" | cut -d' ' -f1)"
	got=$(N="$(basename "$f")" awk '$1 == "WINPE" && $2 == "FILE" && $3 == ENVIRON["N"] {g = $4 " " $5} END {print g}' "$log")
	if [ "$got" = "$want" ] && flat_log "$log" | grep -aq "size not announced: streamed $(stat -c %s "$f") bytes in place"; then
		pass "$name"
	else
		fail "$name" "got '$got' want '$want', or no in-place note (log: $log)"
	fi
}

# (BIOS: http=classic, lpxelinux.0's lwIP client, which announces no size)
winpe_cfg "$R" 0 "first=check http=classic file=$U/files/b130.bin"
qemu_boot bios "$R" "$W/bios.log" 300 'WINPE CHECK OK|winpe: not booting' "" 160 lpxelinux.0
check bios bios-http-unknown-size-130MiB-in-160MiB "$W/bios.log" "$R/files/b130.bin"
# iPXE's client through the FILE API (the default on QEMU): Content-Length, one block of that
f=$R/files/b130.bin
want="$(stat -c %s "$f") $(sha256sum "$f" | cut -d' ' -f1)"
winpe_cfg "$R" 0 "first=check file=$U/files/b130.bin"
qemu_boot bios "$R" "$W/bios-ipxe.log" 300 'WINPE CHECK OK|winpe: not booting' "" 160 lpxelinux.0
got=$(awk '$1 == "WINPE" && $2 == "FILE" && $3 == "b130.bin" {g = $4 " " $5} END {print g}' "$W/bios-ipxe.log")
line="b130.bin: HTTP from 10.0.2.2 by iPXE, $(stat -c %s "$f") bytes in"
if [ "$got" = "$want" ] && flat_log "$W/bios-ipxe.log" | grep -aq "$line"; then
	pass bios-http-ipxe-client-130MiB-in-160MiB
else
	fail bios-http-ipxe-client-130MiB-in-160MiB "got '$got' want '$want', or no '$line' line (log: $W/bios-ipxe.log)"
fi

# (UEFI: http=classic, syslinux.efi's client, which announces no size; the
# module's own client reads Content-Length and fills one block of that size)
# (syslinux.efi's client sometimes appends its stale 8 KiB receive buffer,
#  undetectable without a size: such a boot is repeated, up to 3 boots)
winpe_cfg "$R" 0 "first=check http=classic file=$U/files/u66.bin"
for try in 1 2 3; do
	qemu_boot uefi "$R" "$W/uefi.log" 300 'WINPE CHECK OK|winpe: not booting' "" 160
	flat_log "$W/uefi.log" | grep -aq "size not announced: streamed $(( (66 << 20) + 8192 )) bytes" || break
	echo "  uefi http=classic boot $try: syslinux.efi appended 8 KiB to u66.bin (its defect); booting again"
done
check uefi uefi-http-unknown-size-66MiB-in-160MiB "$W/uefi.log" "$R/files/u66.bin"
f=$R/files/u66.bin
want="$(stat -c %s "$f") $(sha256sum "$f" | cut -d' ' -f1)"
# the module's own client (http=own) and iPXE's (the default on QEMU's e1000):
# both announce the size, so the file gets one block of exactly that
for how in own ipxe; do
	if [ $how = own ]; then
		winpe_cfg "$R" 0 "first=check http=own file=$U/files/u66.bin"
		line="u66.bin: HTTP 200 from 10.0.2.2:$HTTP_PORT, $(stat -c %s "$f") bytes in"
	else
		winpe_cfg "$R" 0 "first=check file=$U/files/u66.bin"
		line="u66.bin: HTTP from 10.0.2.2 by iPXE, $(stat -c %s "$f") bytes in"
	fi
	qemu_boot uefi "$R" "$W/uefi-$how.log" 300 'WINPE CHECK OK|winpe: not booting' "" 160
	got=$(awk '$1 == "WINPE" && $2 == "FILE" && $3 == "u66.bin" {g = $4 " " $5} END {print g}' "$W/uefi-$how.log")
	if [ "$got" = "$want" ] && flat_log "$W/uefi-$how.log" | grep -aq "$line"; then
		pass uefi-http-$how-client-66MiB-in-160MiB
	else
		fail uefi-http-$how-client-66MiB-in-160MiB "got '$got' want '$want', or no '$line' line (log: $W/uefi-$how.log)"
	fi
done

exit $((T_FAILED > 0))
