#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# t-probe-http.sh - the same hand-off with every file fetched over HTTP by
# syslinux.efi (loopback server): the probe must see both read paths
# byte-exact against the host.  No manifest exists yet, so a corrupted
# transfer of the right length would not be caught by the module; the
# probe's hashes here are what proves the bytes.  (A DIR with a manifest:
# t-manifest.sh.)
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
source "$ROOT/tests/lib.sh"
source "$ROOT/tests/qemu/lib.sh"
source "$ROOT/tests/efi/lib-efi.sh"

W=$(scratch efi-probe-http)
R=$W/root
efi_fixture "$R"
http_start "$R" || fail http-server "could not start the loopback HTTP server"
U=http://10.0.2.2:$HTTP_PORT/files

efi_cfg "$R" "file=$U/probe.efi@bootmgfw.efi file=$U/bcd@\\boot\\bcd file=$U/a.bin file=$U/Boot.SDI@\\boot\\boot.sdi file=$U/b.txt"
qemu_boot uefi "$R" "$W/http.log" 180 'PROBE VERDICT|winpe: not booting'
# The module's part: the probe ran and both read paths agree on every file.
if grep -aq '^PROBE VERDICT PASS' "$W/http.log"; then
	pass uefi-http-probe-both-paths-agree
else
	fail uefi-http-probe-both-paths-agree "$(grep -a 'PROBE VERDICT\|PROBE ERROR' "$W/http.log" | head -3 | tr '\n' '|') (log: $W/http.log)"
fi
# Byte-exact against the host.  syslinux.efi's HTTP client is known to append
# 8 KiB to some transfers (uefi-boot.md B.7; observed here on every second
# file) and reports no size the module could check.  The module cuts the
# tail when it still holds the response's own header (small files, like
# b.txt here); for larger files only a manifest (sizes + SHA-256) tells, so
# that exact defect on them is a SKIP that says so; any other difference is
# a FAIL.  t-manifest.sh covers a DIR with a manifest.
out=$(probe_expect uefi-http-byte-exact "$W/http.log" bootmgfw.efi="$R/files/probe.efi" \
	a.bin="$R/files/a.bin" '\boot\boot.sdi'="$R/files/Boot.SDI" b.txt="$R/files/b.txt")
if printf '%s\n' "$out" | grep -q '^PASS '; then
	pass uefi-http-byte-exact
else
	bad8k=$(for f in probe.efi:bootmgfw.efi a.bin:a.bin Boot.SDI:boot.sdi b.txt:b.txt; do
		h=${f%%:*}; d=${f#*:}
		want=$(stat -c %s "$R/files/$h")
		got=$(D="$d" awk '$1 == "PROBE" && $2 == "FILE" && $6 == "blockio" {
			n = $3; sub(/.*\\/, "", n); if (tolower(n) == tolower(ENVIRON["D"])) { print $4; exit } }' "$W/http.log")
		[ "$got" != "$want" ] && echo "$d:$want->$got" &&
			[ "$((${got:-0} - want))" != 8192 ] && echo "OTHER"
	done)
	others=$(printf '%s\n' "$bad8k" | grep OTHER)
	if [ -n "$bad8k" ] && [ -z "$others" ] && grep -aq '^PROBE VERDICT PASS' "$W/http.log" ; then
		skip uefi-http-byte-exact "syslinux.efi HTTP appended 8192 bytes ($(echo $bad8k)) on this run; without a manifest the module can tell only when the tail holds the response header (small files; t-fetch.sh proves that), not for these (t-manifest.sh uses the manifest)"
	else
		printf '%s\n' "$out"
	fi
fi
exit $((T_FAILED > 0))
