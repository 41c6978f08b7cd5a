#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# t-fetch.sh - winpe.c32's fetch slice end to end in QEMU: check mode over TFTP
# and HTTP for BIOS (pxelinux.0 / lpxelinux.0) and UEFI (syslinux.efi), the
# missing-file message with a return to the prompt (proved by booting the next
# label typed at the prompt), and the size check + re-fetch of a bad transfer.
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
source "$ROOT/tests/lib.sh"
source "$ROOT/tests/qemu/lib.sh"

W=$(scratch foundation-fetch)
R=$W/root
mk_tftproot "$R"
mkdir -p "$R/files"
head -c 3000000 /dev/urandom > "$R/files/a.bin"
head -c 100000 /dev/urandom > "$R/files/Boot.SDI"
printf 'hello winpe\n' > "$R/files/b.txt"
head -c 5000 /dev/urandom > "$R/files/c.bin"

# cfg DEFAULT_APPEND [SECOND_APPEND]: labels "first" (default) and "second"
cfg() {
	winpe_cfg "$R" 0 "first=$1" "second=${2:-check file=files/b.txt}"
}

# serve [RULE...]: (re)start the loopback HTTP server on $R with httpd.py's
# fault RULEs; U is its URL as the guest sees it
serve() {
	http_start "$R" "$@" || fail http-server "could not start the loopback HTTP server"
	U=http://10.0.2.2:$HTTP_PORT
}

# expect_files NAME LOG NAME=PATH...: every WINPE FILE line equals the host hash
expect_files() {
	local name=$1 log=$2 bad=0 n p want got; shift 2
	for spec in "$@"; do
		n=${spec%%=*}; p=${spec#*=}
		want="$(stat -c %s "$p") $(sha256sum "$p" | cut -d' ' -f1)"
		got=$(N="$n" awk '$1 == "WINPE" && $2 == "FILE" && $3 == ENVIRON["N"] {g = $4 " " $5} END {print g}' "$log")
		if [ "$got" != "$want" ]; then
			echo "  $n: got '$got' want '$want'"
			bad=1
		fi
	done
	grep -aq "^WINPE CHECK OK $# files" "$log" || { echo "  no 'WINPE CHECK OK $# files'"; bad=1; }
	if [ $bad = 0 ]; then pass "$name"; else fail "$name" "hashes/sizes differ from the host (log: $log)"; fi
}

# HTTP: syslinux's HTTP client never passes Content-Length on to modules, so
# over HTTP the expected sizes and hashes come from a prep-tftproot manifest.
# mkdir_manifest DIR: boot/bcd, boot/boot.sdi, sources/boot.wim + manifest
mkdir_manifest() {
	local d=$1 f
	mkdir -p "$d/boot" "$d/sources"
	# (a BCD-sized file: lpxelinux's HTTP client corrupts tiny bodies that
	#  arrive with the headers; the manifest check catches that, see README)
	head -c 32768 /dev/urandom > "$d/boot/bcd"
	cp "$R/files/a.bin" "$d/boot/boot.sdi"
	cp "$R/files/a.bin" "$d/sources/boot.wim"
	( cd "$d" && for f in boot/bcd boot/boot.sdi sources/boot.wim; do
		echo "sha256 $(sha256sum "$f" | cut -d' ' -f1) size $(stat -c %s "$f") path $f"
	done ) > "$d/manifest"
}
mkdir_manifest "$R/m"
mkdir_manifest "$R/m2"
serve "m/sources/boot.wim:long:1" "m/boot/boot.sdi:short:1" "m/boot/bcd:extra:1" \
	"m2/sources/boot.wim:long:9"
# UEFI resolves relative TFTP paths against efi64/: same paths, same config text
cp -r "$R/files" "$R/efi64/files"

# 1. BIOS, pxelinux.0, TFTP
cfg "check file=files/a.bin initrdfile=files/b.txt@x.txt,files/Boot.SDI@\\boot\\boot.sdi"
qemu_boot bios "$R" "$W/bios-tftp.log" 60 'WINPE CHECK OK|winpe: not booting'
expect_files bios-tftp-check "$W/bios-tftp.log" a.bin="$R/files/a.bin" x.txt="$R/files/b.txt" \
	'\boot\boot.sdi'="$R/files/Boot.SDI"

# 2. BIOS, lpxelinux.0, HTTP DIR with a manifest through syslinux's client (http=classic;
#    iPXE's is the default on QEMU, case 2b) (+ a transfer 1000 bytes too long and a short one,
#    fetched again; and one with 8 KiB of garbage appended, syslinux.efi's defect: the manifest's
#    SHA-256 of the rest proves the tail stale, so it is kept without the tail and not fetched again)
cfg "check http=classic $U/m"
qemu_boot bios "$R" "$W/bios-http.log" 120 'WINPE CHECK OK|winpe: not booting' "" 512 lpxelinux.0
expect_files bios-http-check "$W/bios-http.log" '\boot\bcd'="$R/m/boot/bcd" \
	'\boot\boot.sdi'="$R/m/boot/boot.sdi" '\sources\boot.wim'="$R/m/sources/boot.wim"
if grep -aq "boot.wim: the manifest says 3000000 bytes but the server sent 3001000 (attempt 1 of 3), fetching again" "$W/bios-http.log" &&
   grep -aq "boot.sdi: the manifest says 3000000 bytes but the server sent 2991808 (attempt 1 of 3), fetching again" "$W/bios-http.log"; then
	pass bios-http-bad-length-refetched
else
	fail bios-http-bad-length-refetched "no re-fetch messages (log: $W/bios-http.log)"
fi
if grep -aq "m/boot/bcd: the last 8192 bytes are syslinux.efi's stale receive buffer; ignored (the rest has the manifest's SHA-256)" "$W/bios-http.log" &&
   [ "$(grep -c '^GET /m/boot/bcd 200' "$HTTP_LOG")" = 1 ] && grep -q '^GET /m/boot/bcd 200 40960$' "$HTTP_LOG"; then
	pass bios-http-stale-tail-dropped
else
	fail bios-http-stale-tail-dropped "no note or a re-fetch for the +8 KiB bcd (log: $W/bios-http.log, $HTTP_LOG)"
fi

# 2b. BIOS, lpxelinux.0, HTTP DIR through iPXE's client (the card lent from lwIP): boot.sdi
#    stalls half-way, the 15 s watchdog gives up on iPXE's client, and syslinux's lwIP (the
#    card given back) fetches boot.sdi again and boot.wim
serve "m/boot/boot.sdi:stall:1"
cfg "check $U/m"
qemu_boot bios "$R" "$W/bios-ipxe.log" 200 'WINPE CHECK OK|winpe: not booting' "" 512 lpxelinux.0
expect_files bios-http-ipxe-check "$W/bios-ipxe.log" '\boot\bcd'="$R/m/boot/bcd" \
	'\boot\boot.sdi'="$R/m/boot/boot.sdi" '\sources\boot.wim'="$R/m/sources/boot.wim"
if grep -aq "winpe: $U/m/boot/bcd: HTTP from 10.0.2.2 by iPXE, 32768 bytes" "$W/bios-ipxe.log" &&
   grep -aq "winpe: $U/m/boot/boot.sdi: nothing from iPXE's HTTP client for 15 s (1[0-9]* bytes so far); syslinux's HTTP client from now on" "$W/bios-ipxe.log" &&
   ! grep -aq "m/sources/boot.wim: HTTP from .* by iPXE" "$W/bios-ipxe.log"; then
	pass bios-http-ipxe-stall-then-syslinux
else
	fail bios-http-ipxe-stall-then-syslinux "want bcd by iPXE, the watchdog on boot.sdi, the rest by syslinux's lwIP (log: $W/bios-ipxe.log)"
fi
# 2c. BIOS, pxelinux.0 (no lwIP: nothing to lend), HTTP DIR through iPXE's FILE API
serve
cfg "check $U/m"
qemu_boot bios "$R" "$W/bios-pxelinux-http.log" 120 'WINPE CHECK OK|winpe: not booting'
expect_files bios-pxelinux-http-check "$W/bios-pxelinux-http.log" '\boot\bcd'="$R/m/boot/bcd" \
	'\boot\boot.sdi'="$R/m/boot/boot.sdi" '\sources\boot.wim'="$R/m/sources/boot.wim"
if [ "$(grep -ac "^winpe: $U/m/[a-z/.]*: HTTP from 10.0.2.2 by iPXE, [0-9]* bytes in " "$W/bios-pxelinux-http.log")" = 4 ]; then
	pass bios-pxelinux-http-by-ipxe
else
	fail bios-pxelinux-http-by-ipxe "want the manifest and the 3 files by iPXE's client (log: $W/bios-pxelinux-http.log)"
fi
# 2d. BIOS, pxelinux.0: the HTTP server accepts the GET and answers nothing for 30 s, then
#    closes. iPXE's FILE_OPEN has no timeout of its own (it returned after 600 s against a
#    600 s silence); the module names the silence and fetches again with syslinux's client.
#    (The module counts the wait on the guest's clock, which lags the host's under load:
#    19 s were seen for a 20 s silence; it names a wait of 15 s or more.)
serve "m/boot/bcd:mute:30"
cfg "check file=$U/m/boot/bcd"
qemu_boot bios "$R" "$W/bios-mute.log" 120 'WINPE CHECK OK|winpe: not booting'
expect_files bios-http-mute-check "$W/bios-mute.log" bcd="$R/m/boot/bcd"
if grep -aq "^winpe: $U/m/boot/bcd: no answer from the HTTP server 10.0.2.2 for [1-3][0-9] s (iPXE's HTTP client gave up: PXE status 0x[0-9a-f]*); syslinux's HTTP client from now on" "$W/bios-mute.log" &&
   grep -q '^GET /m/boot/bcd mute 30$' "$HTTP_LOG" && grep -q '^GET /m/boot/bcd 200 32768$' "$HTTP_LOG"; then
	pass bios-http-mute-named-then-fetched
else
	fail bios-http-mute-named-then-fetched "want the 30 s silence named, then bcd by syslinux's client (log: $W/bios-mute.log, $HTTP_LOG)"
fi
serve "m/sources/boot.wim:long:1" "m/boot/boot.sdi:short:1" "m2/sources/boot.wim:long:9"

# 3. UEFI, syslinux.efi, TFTP: the same entry text as BIOS case 1
cfg "check file=files/a.bin initrdfile=files/b.txt@x.txt,files/Boot.SDI@\\boot\\boot.sdi"
qemu_boot uefi "$R" "$W/uefi-tftp.log" 150 'WINPE CHECK OK|winpe: not booting'
expect_files uefi-tftp-check "$W/uefi-tftp.log" a.bin="$R/files/a.bin" x.txt="$R/files/b.txt" \
	'\boot\boot.sdi'="$R/files/Boot.SDI"

# 4. UEFI, HTTP DIR with a manifest (the module's own HTTP client, http=own: iPXE's is
#    the default on QEMU's e1000): the injected bad transfers, caught against
#    Content-Length, fetched again
cfg "check http=own $U/m"
qemu_boot uefi "$R" "$W/uefi-http.log" 200 'WINPE CHECK OK|winpe: not booting'
expect_files uefi-http-check "$W/uefi-http.log" '\boot\bcd'="$R/m/boot/bcd" \
	'\boot\boot.sdi'="$R/m/boot/boot.sdi" '\sources\boot.wim'="$R/m/sources/boot.wim"
if flat_log "$W/uefi-http.log" | grep -aqF "m/sources/boot.wim: the HTTP server sends more than its Content-Length of 3000000 bytes (attempt 1 of 3), fetching again" &&
   flat_log "$W/uefi-http.log" | grep -aqF "m/boot/boot.sdi: the HTTP server closed the connection after 2991808 of 3000000 bytes (attempt 1 of 3), fetching again"; then
	pass uefi-http-bad-length-refetched
else
	fail uefi-http-bad-length-refetched "no re-fetch messages (log: $W/uefi-http.log)"
fi

# 5. missing file: message names the path, the prompt comes back, the next label boots
cfg "check file=files/a.bin file=files/nosuch.bin"
qemu_boot bios "$R" "$W/bios-missing.log" 60 'WINPE CHECK OK' second
if grep -aq "winpe: files/nosuch.bin: cannot open" "$W/bios-missing.log" &&
   grep -aq "returning to the syslinux menu" "$W/bios-missing.log"; then
	pass bios-missing-file-message
else
	fail bios-missing-file-message "no clear message (log: $W/bios-missing.log)"
fi
expect_files bios-missing-then-next-label "$W/bios-missing.log" b.txt="$R/files/b.txt"

# 6. a transfer that stays bad (syslinux's client: iPXE's stops at Content-Length):
#    bounded retries, clear error, prompt back
cfg "check http=classic $U/m2" "check file=files/b.txt"
qemu_boot bios "$R" "$W/bios-badhttp.log" 120 'WINPE CHECK OK' second 512 lpxelinux.0
if grep -aq "m2/sources/boot.wim: 3 transfers were bad" "$W/bios-badhttp.log"; then
	pass bios-http-bad-length-gives-up
else
	fail bios-http-bad-length-gives-up "no final error after 3 attempts (log: $W/bios-badhttp.log)"
fi
expect_files bios-http-after-error-next-label "$W/bios-badhttp.log" b.txt="$R/files/b.txt"

# 7. HTTP without a manifest (no size known): small files that arrive with
#    syslinux.efi's stale buffer after them (their own response header and
#    body again) are cut to the Content-Length found in it, without a re-fetch
serve "files/b.txt:stale:1" "files/c.bin:stale:1"
cfg "check http=classic file=$U/files/b.txt file=$U/files/c.bin"
qemu_boot bios "$R" "$W/bios-stale.log" 120 'WINPE CHECK OK|winpe: not booting' "" 512 lpxelinux.0
expect_files bios-http-stale-header-cut "$W/bios-stale.log" b.txt="$R/files/b.txt" c.bin="$R/files/c.bin"
if grep -aq "files/b.txt: the last 8192 bytes are syslinux.efi's stale receive buffer (they repeat the response header, Content-Length 12); ignored" "$W/bios-stale.log" &&
   grep -aq "files/c.bin: the last 8192 bytes are syslinux.efi's stale receive buffer (they repeat the response header, Content-Length 5000); ignored" "$W/bios-stale.log" &&
   grep -q '^GET /files/b.txt 200 8204$' "$HTTP_LOG" && grep -q '^GET /files/c.bin 200 13192$' "$HTTP_LOG" &&
   [ "$(grep -c '^GET /files/[bc]' "$HTTP_LOG")" = 2 ]; then
	pass bios-http-stale-header-note
else
	fail bios-http-stale-header-note "no note, or fetched again (log: $W/bios-stale.log, $HTTP_LOG)"
fi

exit $((T_FAILED > 0))
