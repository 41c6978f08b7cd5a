#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# large.sh - `make test-large` (not in `make check`): a file set of
# >= 2.5 GiB (LARGE_MB, default 2600 MiB boot.wim plus bootmgr.exe = the
# probe, BCD, boot.sdi) PXE-booted over TFTP with -m 6144 (LARGE_MEM).  The
# goal is the probe reading every file byte-exact with the file data placed
# above 4 GiB (PAE, bios-boot-application.md 5.3).  Whatever happens is
# reported as it is: PASS only for a probe PASS with every hash equal; a
# refusal or a wrong byte is a FAIL quoting winpe.c32's own message.
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
source "$ROOT/tests/lib.sh"
source "$ROOT/tests/qemu/lib.sh"
source "$ROOT/tests/bios/lib-bios.sh"

MB=${LARGE_MB:-2600}
MEM=${LARGE_MEM:-6144}
[ -f "$PROBE" ] && [ -f "$B/bios/winpe.c32" ] || { fail bios-large "build first: make all"; exit 1; }
W=$(scratch bios-large)
R=$W/root
mk_tftproot "$R"
mkdir -p "$R/w"
cp "$PROBE" "$R/w/bootmgr.exe"
head -c 16384 /dev/urandom > "$R/w/BCD"
head -c 3170304 /dev/urandom > "$R/w/boot.sdi"
# random bytes, so any misplaced page shows in the hash
head -c $((MB << 20)) /dev/urandom > "$R/w/boot.wim"
printf 'second label\n' > "$R/w/one.txt"
bios_cfg "$R" "file=w/bootmgr.exe file=w/BCD file=w/boot.sdi file=w/boot.wim"
start=$SECONDS
qemu_boot bios "$R" "$W/large.log" "${LARGE_TIMEOUT:-3600}" 'PROBE VERDICT|winpe: not booting' "" "$MEM"
echo "  ($((SECONDS - start)) s; log $W/large.log)"
grep -a '^winpe:' "$W/large.log" | grep -v fetching | sed 's/^/  /'
grep -a '^PROBE REGIONS' "$W/large.log" | sed 's/^/  /'
probe_files bios-large-probe-byte-exact "$W/large.log" bootmgr.exe="$R/w/bootmgr.exe" \
	BCD="$R/w/BCD" boot.sdi="$R/w/boot.sdi" boot.wim="$R/w/boot.wim"
exit $((T_FAILED > 0))
