#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# large.sh - `make test-large` (not in `make check`): a >= 2.5 GiB boot.wim
# (captured by wimlib-imagex, --compress=none, LARGE_MB MiB of random data,
# default 2600, plus the probe as \Windows\Boot\PXE\bootmgr.exe) in a
# prep-tftproot-style DIR, PXE-booted over TFTP with -m 6144 (LARGE_MEM).
# Below 2 GiB it cannot fit, so winpe.c32 must place the file data above
# 4 GiB (PAE, bios-boot-application.md 5.3): the probe, extracted from the
# WIM, must read every file byte-exact through the resident's PAE window,
# and only regions 0 and 1 may be declared.
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
source "$ROOT/tests/lib.sh"
source "$ROOT/tests/qemu/lib.sh"
source "$ROOT/tests/bios/lib-bios.sh"

MB=${LARGE_MB:-2600}
MEM=${LARGE_MEM:-6144}
[ -f "$PROBE" ] && [ -f "$B/bios/winpe.c32" ] || { fail bios-large "build first: make all"; exit 1; }
W=$(scratch bios-large)
R=$W/root
D=$R/win
probe_wim_root "$R" win "$MB" || { fail bios-large "fixture: see above"; exit 1; }
bios_cfg "$R" "win"
start=$SECONDS
qemu_boot bios "$R" "$W/large.log" "${LARGE_TIMEOUT:-3600}" 'PROBE VERDICT|winpe: not booting|FATAL' "" "$MEM"
echo "  ($((SECONDS - start)) s; log $W/large.log)"
grep -a '^winpe:' "$W/large.log" | grep -v fetching | sed 's/^/  /'
grep -a '^PROBE REGIONS' "$W/large.log" | sed 's/^/  /'
probe_files bios-large-probe-byte-exact "$W/large.log" bootmgr.exe="$PROBE" \
	/boot/bcd="$D/boot/bcd" /boot/boot.sdi="$D/boot/boot.sdi" /sources/boot.wim="$D/sources/boot.wim"
if grep -aq '^winpe: .*file data above 4 GiB at 0x1[0-9a-f]\{8\} (PAE)' "$W/large.log"; then
	pass bios-large-above-4g
else
	fail bios-large-above-4g "$(grep -a '^winpe: .*file data' "$W/large.log")"
fi
expect_eq bios-large-two-regions "$(grep -a -m1 '^PROBE REGIONS' "$W/large.log" | awk '{ print NF - 2 }')" 2
exit $((T_FAILED > 0))
