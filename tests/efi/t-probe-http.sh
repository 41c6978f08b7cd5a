#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# t-probe-http.sh - the same hand-off with every file fetched over HTTP
# (loopback server): first by the firmware's own client (iPXE's download
# protocol: QEMU's e1000 runs iPXE's EFI driver, efi/fwget.c), then with
# http=own by the module's own client (core/http.c over the firmware's
# TCP4, module/httpfetch.c); each time the probe must see both read paths
# byte-exact against the host, and the module must say one line per file
# (client, server, bytes, time).  No manifest: the announced size is what
# the module checks.  A third boot with http=classic uses
# syslinux.efi's own client: it must still boot; that client may append its
# stale 8 KiB to a large file (uefi-boot.md B.7; without a manifest nothing
# can tell), so there only b.txt (whose stale tail repeats the header and is
# cut) must be byte-exact and any other difference must be exactly 8192.
# (A DIR with a manifest: t-manifest.sh.)
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
source "$ROOT/tests/lib.sh"
source "$ROOT/tests/qemu/lib.sh"
source "$ROOT/tests/efi/lib-efi.sh"

W=$(scratch efi-probe-http)
R=$W/root
efi_fixture "$R"
http_start "$R" || fail http-server "could not start the loopback HTTP server"
U=http://10.0.2.2:$HTTP_PORT/files
FILES="file=$U/probe.efi@bootmgfw.efi file=$U/bcd@\\boot\\bcd file=$U/a.bin file=$U/Boot.SDI@\\boot\\boot.sdi file=$U/b.txt"

# client_boot NAME APPEND LINE NOT: boot with APPEND, every file byte-exact,
# one "winpe: URL: LINE" per file (%N: its size), nothing matching NOT
client_boot() {
	local log=$W/$1.log bad="" f n c
	efi_cfg "$R" "$2"
	qemu_boot uefi "$R" "$log" 180 'PROBE VERDICT|winpe: not booting'
	probe_expect "uefi-$1-byte-exact" "$log" bootmgfw.efi="$R/files/probe.efi" \
		a.bin="$R/files/a.bin" '\boot\boot.sdi'="$R/files/Boot.SDI" b.txt="$R/files/b.txt"
	for f in probe.efi bcd a.bin Boot.SDI b.txt; do
		n=$(stat -c %s "$R/files/$f")
		c=$(flat_log "$log" | grep -ao "winpe: $U/$f: ${3//%N/$n}" | wc -l)
		[ "$c" = 1 ] || bad="$bad $f($c)"
	done
	if [ -z "$bad" ] && ! flat_log "$log" | grep -aq "$4"; then
		pass "uefi-$1-client-lines"
	else
		fail "uefi-$1-client-lines" "want one '$3' line per file, not for:$bad (log: $log)"
	fi
}

# --- the firmware's client (iPXE), then http=own: the module's client
client_boot http-ipxe "$FILES" "HTTP from 10.0.2.2 by iPXE, %N bytes in [0-9]* ms" \
	"HTTP 200 from\|client from now on\|syslinux's HTTP client"
client_boot http-own "http=own $FILES" "HTTP 200 from 10.0.2.2:$HTTP_PORT, %N bytes in [0-9]* ms" \
	"syslinux's HTTP client\|stale receive buffer\|by iPXE"

# --- http=classic: syslinux.efi's client
efi_cfg "$R" "http=classic $FILES"
log=$W/http-classic.log
qemu_boot uefi "$R" "$log" 180 'PROBE VERDICT|winpe: not booting'
if grep -aq '^PROBE VERDICT PASS' "$log" && ! flat_log "$log" | grep -aq 'HTTP 200 from\|by iPXE'; then
	pass uefi-http-classic-boots
else
	fail uefi-http-classic-boots "$(grep -a 'PROBE VERDICT\|PROBE ERROR\|^winpe:' "$log" | head -3 | tr '\n' '|') (log: $log)"
fi
# sizes the probe saw (blockio) against the host: b.txt exact, others exact or +8192
bad="" stale=""
for f in probe.efi:bootmgfw.efi a.bin:a.bin Boot.SDI:boot.sdi b.txt:b.txt; do
	h=${f%%:*}; d=${f#*:}
	want=$(stat -c %s "$R/files/$h")
	got=$(D="$d" awk '$1 == "PROBE" && $2 == "FILE" && $6 == "blockio" {
		n = $3; sub(/.*\\/, "", n); if (tolower(n) == tolower(ENVIRON["D"])) { print $4; exit } }' "$log")
	[ "$got" = "$want" ] && continue
	if [ "$d" != b.txt ] && [ "$((${got:-0} - want))" = 8192 ]; then
		stale="$stale $d"
	else
		bad="$bad $d:$want->${got:-none}"
	fi
done
if [ -z "$bad" ]; then
	[ -n "$stale" ] && echo "  http=classic: syslinux.efi appended its stale 8 KiB to:$stale (known, uefi-boot.md B.7)"
	pass uefi-http-classic-sizes
else
	fail uefi-http-classic-sizes "sizes differ:$bad (log: $log)"
fi
exit $((T_FAILED > 0))
