#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# soak-http.sh - `make bench-soak`: the same set (probe-bootmgr.exe, BCD,
# boot.sdi, an uncompressed WIM of SOAK_MB MiB of random data; DIR form with
# a manifest) booted SOAK_BOOTS times in a row over lpxelinux.0 HTTP, each
# boot in a fresh QEMU, and every outcome counted:
#   ok        the probe started (PROBE START) after winpe.c32's hand-off
#   message   winpe.c32 gave up with a message and returned to the menu
#             (its winpe: lines are printed)
#   reset     QEMU stopped before the timeout without either (it runs with
#             -no-reboot: a reset or triple fault ends it), or the firmware
#             started again (a second iPXE banner: fell back into the BIOS)
#   hang      none of these before the timeout (SOAK_TIMEOUT s, default 900)
# Defaults: SOAK_MB=128, SOAK_BOOTS=20 (issue 11 item 6).
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
source "$ROOT/tests/lib.sh"
source "$ROOT/tests/qemu/lib.sh"

MB=${SOAK_MB:-128}
BOOTS=${SOAK_BOOTS:-20}
TMO=${SOAK_TIMEOUT:-900}
PROBE=$B/tests/probe-bootmgr.exe
[ -f "$PROBE" ] && [ -f "$B/bios/winpe.c32" ] || { fail soak-http "build first: make all"; exit 1; }
W=$(scratch soak-http)
R=$W/root
mk_tftproot "$R"
D=$R/pe
mkdir -p "$D/boot" "$D/sources" "$W/wimtree/Windows"
cp "$PROBE" "$D/bootmgr.exe"
head -c 16384 /dev/urandom > "$D/boot/bcd"
head -c 3170304 /dev/urandom > "$D/boot/boot.sdi"
head -c $((MB << 20)) /dev/urandom > "$W/wimtree/Windows/data.bin"
wimlib-imagex capture "$W/wimtree" "$D/sources/boot.wim" --compress=none --boot >/dev/null ||
	{ fail soak-http "wimlib-imagex capture failed"; exit 1; }
rm -rf "$W/wimtree"
(cd "$D" && find . -type f ! -name manifest | sed 's|^\./||' | sort | while read -r f; do
	echo "sha256 $(sha256sum "$f" | cut -d' ' -f1) size $(stat -c %s "$f") path $f"
done > manifest)
http_start "$R" || { fail soak-http "could not start the loopback HTTP server"; exit 1; }
winpe_cfg "$R" 0 "first=http://10.0.2.2:$HTTP_PORT/pe"

ok=0 msg=0 reset=0 hang=0
for i in $(seq 1 "$BOOTS"); do
	log=$W/boot-$i.log
	t0=$(date +%s)
	qemu_boot bios "$R" "$log" "$TMO" 'PROBE START|winpe: not booting' "" 1024 lpxelinux.0
	t=$(( $(date +%s) - t0 ))
	if grep -aq 'PROBE START' "$log"; then
		ok=$((ok + 1)); echo "soak boot $i: ok ($t s)"
	elif grep -aq 'winpe: not booting' "$log"; then
		msg=$((msg + 1)); echo "soak boot $i: message ($t s): $(grep -a '^winpe:' "$log" | tr '\n' '|')"
	elif [ "$(grep -ac 'iPXE 1' "$log")" -gt 1 ] || [ "$t" -lt $((TMO - 5)) ]; then
		reset=$((reset + 1)); echo "soak boot $i: reset ($t s): QEMU stopped or the firmware started again (log: $log)"
	else
		hang=$((hang + 1)); echo "soak boot $i: hang ($t s): last line '$(tail -1 "$log" | cut -c1-120)' (log: $log)"
	fi
done
echo "soak: $BOOTS boots of a $MB MiB set over lpxelinux.0 HTTP: $ok ok, $msg message, $reset reset, $hang hang"
if [ $((reset + hang)) = 0 ]; then
	pass "soak-http-no-hang-no-reset"
else
	fail soak-http-no-hang-no-reset "$reset reset(s), $hang hang(s) (logs: $W)"
fi
exit $((T_FAILED > 0))
