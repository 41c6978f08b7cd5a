#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# large-watchdog.sh - `make test-large` (not in `make check`): a UEFI boot
# that lasts longer than the 5 minutes of watchdog the firmware's boot
# manager arms before it starts syslinux.efi.  A prep-tftproot style DIR
# over HTTP whose sources/boot.wim (3 MB) the loopback server spreads over
# WD_SLOW seconds (default 420),
# so the fetch alone passes the 300 s mark; winpe.c32 must have disabled the
# watchdog first, and the probe must then start and read every file
# byte-exact.
#
# Against the build before issue 17 (main at f208fcf, which never called
# SetWatchdogTimer; WD_MODULE=old/efi64/winpe.c32 WD_SLOW=900) this test
# ended with QEMU leaving by itself (-no-reboot turns the watchdog's reset
# into an exit, status 0) with boot.wim at 91 % (2752512 of 3000000 bytes),
# no PROBE line, 880 s after QEMU started.  That run shared 2 cores with a
# load average of ~10: the firmware counts its 5 minutes in timer ticks, and
# a starved TCG guest loses ticks, so its 5 minutes took 880 s of wall time
# (the issue saw ~305 s on a quiet machine).  The new build under the same
# load: QEMU ran 458 s, boot.wim (3001338 bytes) complete, probe
# byte-exact.  So run this on a quiet machine, where 420 s of transfer are
# well past the watchdog.
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
source "$ROOT/tests/lib.sh"
source "$ROOT/tests/qemu/lib.sh"
source "$ROOT/tests/efi/lib-efi.sh"

SLOW=${WD_SLOW:-420}
W=$(scratch efi-large-watchdog${WD_MODULE:+-other})
R=$W/root
efi_fixture "$R"
[ -n "${WD_MODULE:-}" ] && cp "$WD_MODULE" "$R/efi64/winpe.c32"   # e.g. an older build
# a prep-tftproot style DIR with a manifest: syslinux.efi's HTTP client may
# append 8 KiB to a transfer (uefi-boot.md B.7), and only the manifest tells
G=$R/g
mkdir -p "$G/boot" "$G/efi/microsoft/boot" "$G/sources"
cp "$R/files/probe.efi" "$G/bootmgfw.efi"
cp "$R/files/bcd" "$G/efi/microsoft/boot/bcd"
cp "$R/files/Boot.SDI" "$G/boot/boot.sdi"
# a real (uncompressed) WIM: winpe.c32 reads its header and metadata
mkdir -p "$W/tree"
cp "$R/files/a.bin" "$W/tree/a.bin"
wimlib-imagex capture "$W/tree" "$G/sources/boot.wim" --compress=none >/dev/null ||
	{ fail uefi-watchdog-wim "wimlib-imagex capture failed"; exit 1; }
(cd "$G" && find . -type f ! -name manifest -printf '%P\n' | sort | while read -r f; do
	echo "sha256 $(sha256sum "$f" | cut -d' ' -f1) size $(stat -c %s "$f") path $f"
done > manifest)
http_start "$R" "g/sources/boot.wim:slow:$SLOW" ||
	{ fail uefi-watchdog-http "could not start the loopback HTTP server"; exit 1; }
winpe_cfg "$R" 0 "first=rawwim http://10.0.2.2:$HTTP_PORT/g"
start=$SECONDS
qemu_boot uefi "$R" "$W/wd.log" $((SLOW + 300)) 'PROBE VERDICT|winpe: not booting'
rc=$?
took=$((SECONDS - start))
echo "  QEMU ran ${took} s (status $rc; boot.wim served over ${SLOW} s; log $W/wd.log)"
grep -a 'GET /g/sources/boot.wim' "$HTTP_LOG" | sed 's/^/  server: /'
grep -ao 'boot.wim  *[0-9]*/[0-9]* *[0-9]*%' "$W/wd.log" | tail -1 | sed 's/^/  last progress: /'
if flat_log "$W/wd.log" | grep -aq 'winpe: UEFI watchdog disabled (SetWatchdogTimer: 0x0)'; then
	pass uefi-watchdog-disabled
else
	fail uefi-watchdog-disabled "no 'UEFI watchdog disabled' line (log: $W/wd.log)"
fi
if [ "$took" -gt 300 ]; then
	pass uefi-watchdog-boot-over-5-minutes
else
	fail uefi-watchdog-boot-over-5-minutes "QEMU ran only $took s (a reset ends it: -no-reboot)"
fi
probe_expect uefi-watchdog-probe-byte-exact "$W/wd.log" bootmgfw.efi="$G/bootmgfw.efi" \
	'\efi\microsoft\boot\bcd'="$G/efi/microsoft/boot/bcd" '\boot\boot.sdi'="$G/boot/boot.sdi" \
	'\sources\boot.wim'="$G/sources/boot.wim"
exit $((T_FAILED > 0))
