#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# t-manifest.sh - efi64 winpe.c32 with a prep-tftproot style DIR over HTTP
# (Content-Length and the manifest's size and SHA-256 checked), one boot:
#  1. label "first": a DIR whose boot/boot.sdi was changed after the manifest
#     was written (same size): iPXE's client fetches it first (the firmware's,
#     efi/fwget.c), the module's own client the two retries; every transfer
#     fails the SHA-256, the module gives up with a message naming the file,
#     the prompt returns;
#  2. label "second", typed there, with http=own (the module's own client,
#     module/httpfetch.c): the good DIR, with the loopback server
#     sending 1000 bytes too many on the first GET of sources/boot.wim and 8 KiB
#     too few on the first GET of boot/boot.sdi: both are fetched again and
#     the probe sees every file byte-exact both ways; the UEFI BCD
#     (efi/microsoft/boot/bcd) wins over boot/bcd and the fonts the media
#     carry twice are shown once.
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
source "$ROOT/tests/lib.sh"
source "$ROOT/tests/qemu/lib.sh"
source "$ROOT/tests/efi/lib-efi.sh"

W=$(scratch efi-manifest)
R=$W/root
efi_fixture "$R"

# write_manifest DIR: the manifest of every file of DIR (prep-tftproot's format)
write_manifest() {
	(cd "$1" && find . -type f ! -name manifest -printf '%P\n' | sort | while read -r f; do
		echo "sha256 $(sha256sum "$f" | cut -d' ' -f1) size $(stat -c %s "$f") path $f"
	done > manifest)
}
G=$R/g
mkdir -p "$G/boot/fonts" "$G/efi/microsoft/boot/fonts" "$G/sources"
cp "$R/files/probe.efi" "$G/bootmgfw.efi"
cp "$R/files/bcd" "$G/efi/microsoft/boot/bcd"
"$B/bin/prep-tftproot" --make-bcd bios "$G/boot/bcd"
cp "$R/files/Boot.SDI" "$G/boot/boot.sdi"
cp "$R/files/boot.stl" "$G/efi/microsoft/boot/boot.stl"
head -c 5000 /dev/urandom > "$G/boot/fonts/wgl4_boot.ttf"
cp "$G/boot/fonts/wgl4_boot.ttf" "$G/efi/microsoft/boot/fonts/wgl4_boot.ttf"
cp "$R/files/a.bin" "$G/sources/boot.wim"
write_manifest "$G"
cp -r "$G" "$R/bad"
printf 'X' | dd of="$R/bad/boot/boot.sdi" bs=1 seek=5000 conv=notrunc status=none
http_start "$R" "g/sources/boot.wim:long:1" "g/boot/boot.sdi:short:1" ||
	fail http-server "could not start the loopback HTTP server"
U=http://10.0.2.2:$HTTP_PORT

winpe_cfg "$R" 0 "first=$U/bad" "second=http=own $U/g"
L=$W/manifest.log
qemu_boot uefi "$R" "$L" 300 'PROBE VERDICT' second

# (OVMF's console wraps long lines: search the log with its line ends removed)
flat=$(tr -d '\n' < "$L")
has() { case $flat in *"$1"*) return 0 ;; esac; return 1; }
# 1. the corrupted file (iPXE's client, then the module's)
if has "$U/bad/boot/boot.sdi: SHA-256 differs from the manifest; the module's own HTTP client from now on" &&
   has "$U/bad/boot/boot.sdi: SHA-256 differs from the manifest (attempt 1 of 3), fetching again" &&
   has "winpe: $U/bad/boot/boot.sdi: 3 transfers were bad (wrong length or hash); check the server, the network and the manifest" &&
   has 'returning to the syslinux menu'; then
	pass uefi-manifest-mismatch-message
else
	fail uefi-manifest-mismatch-message "no clear message + prompt for the corrupted boot.sdi (log: $L)"
fi
# 2. the good DIR after the injected bad transfers: the server sent them, the
# module said why each was bad (against Content-Length) and fetched it again
if grep -q '^GET /g/sources/boot.wim 200 3001000$' "$HTTP_LOG" &&
   [ "$(grep -c '^GET /g/sources/boot.wim 200' "$HTTP_LOG")" -ge 2 ] &&
   has "$U/g/sources/boot.wim: the HTTP server sends more than its Content-Length of 3000000 bytes (attempt 1 of 3), fetching again"; then
	pass uefi-http-long-refetched
else
	fail uefi-http-long-refetched "no re-fetch of the injected too-long transfer (log: $L, $HTTP_LOG)"
fi
if grep -q '^GET /g/boot/boot.sdi 200 91809$' "$HTTP_LOG" &&
   [ "$(grep -c '^GET /g/boot/boot.sdi 200' "$HTTP_LOG")" -ge 2 ] &&
   has "$U/g/boot/boot.sdi: the HTTP server closed the connection after 91809 of 100001 bytes (attempt 1 of 3), fetching again"; then
	pass uefi-http-short-refetched
else
	fail uefi-http-short-refetched "no re-fetch of the injected short transfer (log: $L, $HTTP_LOG)"
fi
probe_expect uefi-http-manifest-byte-exact "$L" bootmgfw.efi="$G/bootmgfw.efi" \
	'\boot\bcd'="$G/efi/microsoft/boot/bcd" '\boot\boot.sdi'="$G/boot/boot.sdi" \
	'\sources\boot.wim'="$G/sources/boot.wim" \
	'\efi\microsoft\boot\boot.stl'="$G/efi/microsoft/boot/boot.stl" \
	'\boot\fonts\wgl4_boot.ttf'="$G/boot/fonts/wgl4_boot.ttf" \
	'\efi\microsoft\boot\fonts\wgl4_boot.ttf'="$G/boot/fonts/wgl4_boot.ttf"
echo "  (re-fetches: $(grep -ao 'fetching again' "$L" | wc -l), GETs: $(grep -c '^GET ' "$HTTP_LOG"))"

exit $((T_FAILED > 0))
