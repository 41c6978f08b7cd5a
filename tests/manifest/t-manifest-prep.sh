#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# t-manifest-prep.sh - the manifest prep-tftproot writes (from synthetic media
# made by tests/prep/mkmedia.sh) is parsed by core/manifest.c and verifies
# every file of the tree; a corrupted, a truncated and an extended file are
# each caught with a message naming the manifest line.
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
. "$ROOT/tests/lib.sh"
MC=$B/tests/manifest/manifest-check
PT=$B/bin/prep-tftproot
W=$(scratch manifest-prep)

[ -x "$MC" ] || { fail manifest-check-built "run make all first ($MC missing)"; exit 1; }
[ -x "$PT" ] || { fail manifest-prep-built "run make all first ($PT missing)"; exit 1; }
if ! bash "$ROOT/tests/prep/mkmedia.sh" tree "$W/tree" m1 > "$W/mkmedia.log" 2>&1; then
	fail manifest-prep-fixture "mkmedia failed: $(tail -1 "$W/mkmedia.log")"; exit 1
fi
mkdir -p "$W/root"
if ! "$PT" "$W/tree" --root "$W/root" --name t1 --no-syslinux > "$W/prep.log" 2>&1; then
	fail manifest-prep-run "prep-tftproot failed: $(tail -1 "$W/prep.log")"; exit 1
fi
T=$W/root/windows/t1
M=$T/manifest
n=$(grep -vc '^#' "$M")
expect_eq manifest-prep-verifies "$("$MC" "$M" "$T")" "ok $n files"

# line_of PATH: the manifest line number listing PATH
line_of() { grep -n " path $1\$" "$M" | cut -d: -f1; }
# restore PATH: put the saved copy back
restore() { cp "$W/saved" "$T/$1"; }

p=sources/boot.wim
cp "$T/$p" "$W/saved"
printf '\x55' | dd of="$T/$p" bs=1 seek=1000 conv=notrunc status=none
got=$("$MC" "$M" "$T"); rc=$?
case "$got" in
"$p: SHA-256 "*"... does not match $M line $(line_of $p) ("*"...; transfer corrupted?)")
	[ $rc = 1 ] && pass manifest-prep-corrupt-byte || fail manifest-prep-corrupt-byte "exit $rc" ;;
*) fail manifest-prep-corrupt-byte "got '$got'" ;;
esac
restore $p
size=$(stat -c %s "$T/$p")
head -c $((size - 8192)) "$W/saved" > "$T/$p"
expect_eq manifest-prep-truncated "$("$MC" "$M" "$T")" \
	"$p: $((size - 8192)) bytes, but $M line $(line_of $p) says $size (transfer corrupted?)"
restore $p
p=boot/bcd
cp "$T/$p" "$W/saved"
head -c 8192 /dev/zero >> "$T/$p"
size=$(stat -c %s "$W/saved")
expect_eq manifest-prep-extended "$("$MC" "$M" "$T")" \
	"$p: $((size + 8192)) bytes, but $M line $(line_of $p) says $size (transfer corrupted?)"
restore $p
expect_eq manifest-prep-restored "$("$MC" "$M" "$T")" "ok $n files"
exit $((T_FAILED > 0))
