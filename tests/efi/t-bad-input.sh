#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# t-bad-input.sh - efi64 winpe.c32 refuses bad input with a message naming
# the file and the fix, and the syslinux prompt comes back (the label typed
# there then runs): a boot manager that is not PE32+, a missing file, no
# boot manager at all, and a WIM that leaves no room for Windows' RAM-disk
# copy (-m 512, 220 MiB: refused before fetching, from the UEFI memory map);
# over HTTP: a 404 (iPXE's client), a server that closes the connection
# 8 KiB early on every GET (iPXE's client, then the module's: three bad
# transfers, then the menu), and one that sends half of a file and then
# nothing for 40 s (iPXE's client is given up after 15 s, the module's
# fetches the file), and one that answers a GET with nothing at all (iPXE's
# client and the module's each end the silence after 15 s).
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
source "$ROOT/tests/lib.sh"
source "$ROOT/tests/qemu/lib.sh"
source "$ROOT/tests/efi/lib-efi.sh"

W=$(scratch efi-bad-input)
R=$W/root
efi_fixture "$R"

# expect_msg NAME LOG TEXT: TEXT in the log, the prompt came back and the
# second label (check mode) ran
expect_msg() {
	if flat_log "$2" | grep -aqF "$3" && grep -aq 'returning to the syslinux menu' "$2" &&
	   grep -aq 'WINPE CHECK OK 1 files' "$2"; then
		pass "$1"
	else
		fail "$1" "want '$3', the prompt back and the second label run (log: $2)"
	fi
}

# 1. bootmgfw.efi is not a PE image
efi_cfg "$R" "file=files/notpe.efi@bootmgfw.efi file=files/b.txt file=files/bcd@\\boot\\bcd file=files/Boot.SDI@\\boot\\boot.sdi"
qemu_boot uefi "$R" "$W/notpe.log" 150 'WINPE CHECK OK' second
expect_msg uefi-not-pe32plus-message "$W/notpe.log" \
	"bootmgfw.efi (files/notpe.efi) is not a valid PE image"
grep -aqF 'give the 64-bit bootmgfw.efi from \Windows\Boot\EFI\ of the WIM' "$W/notpe.log" &&
	pass uefi-not-pe32plus-fix || fail uefi-not-pe32plus-fix "no fix in the message (log: $W/notpe.log)"

# 2. a missing file
efi_cfg "$R" "file=files/probe.efi@bootmgfw.efi file=files/bcd@\\boot\\bcd file=files/nosuch.bin"
qemu_boot uefi "$R" "$W/missing.log" 150 'WINPE CHECK OK' second
expect_msg uefi-missing-file-message "$W/missing.log" "winpe: files/nosuch.bin: cannot open"

# 3. no boot manager among the files
efi_cfg "$R" "file=files/a.bin"
qemu_boot uefi "$R" "$W/noboot.log" 150 'WINPE CHECK OK' second
expect_msg uefi-no-bootmgr-message "$W/noboot.log" "no UEFI boot manager among the files: add file=.../bootmgfw.efi"

# 4. fits in RAM by itself, not with Windows' RAM-disk copy
truncate -s 220M "$R/files/big.wim"
efi_cfg "$R" "file=files/probe.efi@bootmgfw.efi file=files/big.wim"
qemu_boot uefi "$R" "$W/ramdisk.log" 150 'WINPE CHECK OK' second
expect_msg uefi-no-room-for-ramdisk-message "$W/ramdisk.log" \
	"MiB again for Windows' RAM disk and at least 128 MiB for Windows; add RAM or use a smaller WIM"
if flat_log "$W/ramdisk.log" | grep -aqE "cannot boot in (4[0-9]{2}|50[0-9]) MiB of RAM: they need 2[23][0-9] MiB, the WIM \(files/big.wim\) 220 MiB"; then
	pass uefi-no-room-for-ramdisk-sizes
else
	fail uefi-no-room-for-ramdisk-sizes "wrong sizes (log: $W/ramdisk.log)"
fi

# 5. HTTP 404 (iPXE's client: QEMU's e1000 runs iPXE's EFI driver)
http_start "$R" files/a.bin:short:99 || fail http-server "could not start the loopback HTTP server"
U=http://10.0.2.2:$HTTP_PORT/files
efi_cfg "$R" "file=$U/probe.efi@bootmgfw.efi file=$U/bcd@\\boot\\bcd file=$U/nosuch.bin"
qemu_boot uefi "$R" "$W/http404.log" 150 'WINPE CHECK OK' second
expect_msg uefi-http-404-message "$W/http404.log" \
	"winpe: $U/nosuch.bin: cannot open (the HTTP server 10.0.2.2 has no such file)"

# 6. the server closes early (a.bin: 8 KiB short, every time): iPXE's client
#    first, then the module's, which names the shortfall
efi_cfg "$R" "file=$U/probe.efi@bootmgfw.efi file=$U/bcd@\\boot\\bcd file=$U/a.bin"
qemu_boot uefi "$R" "$W/httpshort.log" 150 'WINPE CHECK OK' second
expect_msg uefi-http-closed-early-message "$W/httpshort.log" \
	"$U/a.bin: the HTTP server closed the connection after 2991808 of 3000000 bytes (attempt 3 of 3)"
expect_msg uefi-http-closed-early-gives-up "$W/httpshort.log" \
	"$U/a.bin: 3 transfers were bad (wrong length or hash); check the server"

# 7. half a file, then 40 s of nothing, once: the watchdog, then the module's client
mkdir -p "$W/r2/files" && cp "$R/files/a.bin" "$W/r2/files/"
http_start "$W/r2" files/a.bin:stall:1 || fail http-server "could not start the second loopback HTTP server"
U=http://10.0.2.2:$HTTP_PORT/files
winpe_cfg "$R" 0 "first=check file=$U/a.bin"
qemu_boot uefi "$R" "$W/httpstall.log" 150 'WINPE CHECK OK|winpe: not booting'
want="$(stat -c %s "$R/files/a.bin") $(sha256sum "$R/files/a.bin" | cut -d' ' -f1)"
got=$(awk '$1 == "WINPE" && $2 == "FILE" && $3 == "a.bin" {g = $4 " " $5} END {print g}' "$W/httpstall.log")
if flat_log "$W/httpstall.log" | grep -aq "winpe: $U/a.bin: nothing from iPXE's HTTP client for 15 s ([0-9]* bytes so far); the module's own HTTP client from now on" &&
   flat_log "$W/httpstall.log" | grep -aq "winpe: $U/a.bin: HTTP 200 from 10.0.2.2:$HTTP_PORT, 3000000 bytes" &&
   [ "$got" = "$want" ]; then
	pass uefi-http-ipxe-stall-watchdog
else
	fail uefi-http-ipxe-stall-watchdog "want the 15 s watchdog message, then a.bin whole by the module's client ('$got' vs '$want') (log: $W/httpstall.log)"
fi

# 8. servers that accept the GET and answer nothing (40 s, then a close), once per file:
#    a.bin's silence ends iPXE's client by the 15 s watchdog, b.bin's ends the module's own
#    client by its 15 s idle limit; both are fetched again whole (no hang, no reset)
head -c 70000 /dev/urandom > "$W/r2/files/b.bin"
http_start "$W/r2" files/a.bin:mute:40 files/b.bin:mute:40 ||
	fail http-server "could not start the third loopback HTTP server"
U=http://10.0.2.2:$HTTP_PORT/files
winpe_cfg "$R" 0 "first=check file=$U/a.bin file=$U/b.bin"
qemu_boot uefi "$R" "$W/httpmute.log" 200 'WINPE CHECK OK|winpe: not booting'
bad=
for f in a.bin b.bin; do
	want="$(stat -c %s "$W/r2/files/$f") $(sha256sum "$W/r2/files/$f" | cut -d' ' -f1)"
	got=$(F=$f awk '$1 == "WINPE" && $2 == "FILE" && $3 == ENVIRON["F"] {g = $4 " " $5} END {print g}' "$W/httpmute.log")
	[ "$got" = "$want" ] || bad="$bad $f: '$got' vs '$want';"
done
if [ -z "$bad" ] &&
   flat_log "$W/httpmute.log" | grep -aq "winpe: $U/a.bin: nothing from iPXE's HTTP client for 15 s (0 bytes so far); the module's own HTTP client from now on" &&
   flat_log "$W/httpmute.log" | grep -aq "winpe: $U/b.bin: no answer from the HTTP server for 15 s (the request was sent; not even a status line came back) (attempt 1 of 3), fetching again" &&
   [ "$(grep -c '^GET /files/[ab].bin mute 40$' "$HTTP_LOG")" = 2 ]; then
	pass uefi-http-silent-server-both-clients
else
	fail uefi-http-silent-server-both-clients "want both silences ended after 15 s and both files whole ($bad) (log: $W/httpmute.log, $HTTP_LOG)"
fi

exit $((T_FAILED > 0))
