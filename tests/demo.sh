#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# demo.sh - README's main job on a bundled default: make a WinPE-shaped sample
# from generated data, lay out a tftproot, PXE-boot it in QEMU (SeaBIOS + iPXE,
# Debian's pxelinux.0) with winpe.c32, show the serial console live, and say
# what was proved.
ROOT=$(cd "$(dirname "$0")/.." && pwd)
source "$ROOT/tests/lib.sh"
source "$ROOT/tests/qemu/lib.sh"
set -e
W=$B/demo
rm -rf "$W"; mkdir -p "$W"
R=$W/tftproot
mk_tftproot "$R"
S=$R/windows/sample
mkdir -p "$S/boot" "$S/sources" "$W/tree/Windows/Boot/PXE" "$W/tree/Windows/System32"

echo "demo: generating a WinPE-shaped sample (random stand-ins, no Microsoft files)"
python3 - "$W" <<'PY'
import os, random, sys
w = sys.argv[1]
rnd = random.Random(2026)
def put(p, n):
    with open(os.path.join(w, p), 'wb') as f:
        f.write(bytes(rnd.getrandbits(8) for _ in range(n)))
put('tree/Windows/System32/winload.exe', 200000)
put('tree/Windows/Boot/PXE/bootmgr.exe', 300000)
put('bcd', 32768)
put('boot.sdi', 3170304)
PY
if [ -f "$B/tests/probe-bootmgr.exe" ]; then
	cp "$B/tests/probe-bootmgr.exe" "$W/tree/Windows/Boot/PXE/bootmgr.exe"
fi
wimlib-imagex capture "$W/tree" "$S/sources/boot.wim" "WinPE sample" --compress=lzx --boot >/dev/null
cp "$W/bcd" "$S/boot/bcd"
cp "$W/boot.sdi" "$S/boot/boot.sdi"

winpe_cfg "$R" 0 "winpe=windows/sample"

echo "demo: PXE-booting QEMU (SeaBIOS + iPXE + Debian's pxelinux.0) — serial console follows"
echo "demo: winpe.c32 fetches windows/sample, extracts bootmgr.exe from boot.wim, builds the"
echo "demo: virtual disk and starts the boot manager (here: the probe, which reads the disk"
echo "demo: through the BIOS callback exactly like bootmgr and reports hashes)"
echo "------------------------------------------------------------------------"
( qemu_boot bios "$R" "$W/serial.log" 180 'PROBE VERDICT|winpe: not booting' ) &
qb=$!
while [ ! -f "$W/serial.log.raw" ]; do sleep 0.2; done
tail -n +1 -f "$W/serial.log.raw" --pid=$qb 2>/dev/null | tr '\r' '\n' | sed -e 's/\x1b\[[0-9;?]*[A-Za-z]//g' | grep -v '^\s*$' || true
wait $qb || true
echo "------------------------------------------------------------------------"
ok=1
grep -aq '^PROBE VERDICT PASS' "$W/serial.log" || { echo "demo: FAILED: no PASS verdict from the probe"; ok=0; }
for f in boot/bcd boot/boot.sdi sources/boot.wim; do
	want="$(stat -c %s "$S/$f") $(sha256sum "$S/$f" | cut -d' ' -f1)"
	got=$(F="$(basename "$f")" awk 'tolower($1) == "probe" && $2 == "FILE" {n = split($3, a, /[\\\/]/); if (tolower(a[n]) == tolower(ENVIRON["F"])) g = $4 " " $5} END {print g}' "$W/serial.log")
	if [ "$got" = "$want" ]; then
		echo "demo: proved: the boot manager read $f through INT 13h byte-exact ($want)"
	else
		echo "demo: FAILED: $f: probe read '$got', host has '$want'"; ok=0
	fi
done
if [ $ok = 1 ]; then
	echo "demo: winpe.c32 (built against Debian's syslinux source, loaded by Debian's pxelinux.0)"
	echo "demo: fetched the sample over TFTP, extracted bootmgr.exe from the LZX boot.wim, handed"
	echo "demo: off to it as a BIOS boot application, and served its disk reads: verdict PASS."
	exit 0
fi
exit 1
