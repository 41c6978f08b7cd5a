#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# soak-http.sh - `make bench-soak`: the same set (probe-bootmgr.exe, BCD,
# boot.sdi, an uncompressed WIM of SOAK_MB MiB of random data; DIR form with
# a manifest) booted SOAK_BOOTS times in a row over lpxelinux.0 HTTP, each
# boot in a fresh QEMU, and every outcome counted (the rules: soak_classify
# in tests/qemu/soak-classify.sh): ok, message (the prompt came
# back), reset, hang; each boot's time, retries and winpe: lines are printed.
# Defaults: SOAK_MB=128, SOAK_BOOTS=20 (issue 11 item 6).  The module's
# default client on QEMU is iPXE's (PXE FILE API, the card lent from lwIP);
# SOAK_APPEND="http=classic" soaks lpxelinux.0's own lwIP client instead.
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
source "$ROOT/tests/lib.sh"
source "$ROOT/tests/qemu/lib.sh"
source "$ROOT/tests/qemu/soak-classify.sh"

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
PRE=${SOAK_APPEND:+$SOAK_APPEND }
winpe_cfg "$R" 0 "first=${PRE}http://10.0.2.2:$HTTP_PORT/pe" "second=check file=pe/boot/bcd"

ok=0 msg=0 reset=0 hang=0
for i in $(seq 1 "$BOOTS"); do
	log=$W/boot-$i.log
	t0=$(date +%s)
	qemu_boot bios "$R" "$log" "$TMO" 'PROBE START|WINPE CHECK OK' second 1024 lpxelinux.0
	rc=$?
	echo "$rc" > "$log.rc" # for re-classifying afterwards
	t=$(( $(date +%s) - t0 ))
	lines=$(grep -a '^winpe:' "$log" | grep -av '^winpe: fetching\|^winpe: booting' | tr '\n' '|')
	case $(soak_classify "$log" $rc) in
	ok)
		retries=$(grep -a '^winpe:.*(attempt [0-9]' "$log" | tr '\n' '|')
		ok=$((ok + 1)); echo "soak boot $i: ok ($t s)${retries:+, retried: $retries}" ;;
	message)
		msg=$((msg + 1)); echo "soak boot $i: message ($t s), prompt back: ${lines:-(no winpe: message!)}" ;;
	reset)
		reset=$((reset + 1)); echo "soak boot $i: reset ($t s, QEMU exit $rc, started again $(soak_restarts "$log") time(s)): last line '$(tail -1 "$log" | cut -c1-120)' $lines (log: $log)" ;;
	*)
		hang=$((hang + 1)); echo "soak boot $i: hang ($t s, QEMU exit $rc): last line '$(tail -1 "$log" | cut -c1-120)' $lines (log: $log)" ;;
	esac
done
echo "soak: $BOOTS boots of a $MB MiB set over lpxelinux.0 HTTP${SOAK_APPEND:+ ($SOAK_APPEND)}: $ok ok, $msg message, $reset reset, $hang hang"
if [ $((reset + hang)) = 0 ]; then
	pass "soak-http-no-hang-no-reset"
else
	fail soak-http-no-hang-no-reset "$reset reset(s), $hang hang(s) (logs: $W)"
fi
exit $((T_FAILED > 0))
