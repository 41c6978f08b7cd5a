#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# t-space.sh - free space is checked before anything big is written (a 3 MiB
# tmpfs in a private mount namespace; where none can be made, a statvfs() fault
# hook reporting 3 MiB), and progress bars appear only on a TTY.
. "$(dirname "$0")/prep-lib.sh"
W=$(scratch prep-space)
$MK tree "$W/tree" p1 || { fail prep-space-fixture "mkmedia failed"; exit 1; }
D=$W/small; mkdir -p "$D"
if unshare -m true 2>/dev/null; then
	out=$(unshare -m bash -c 'mount -t tmpfs -o size=3m tmpfs "$1" && "$2" "$3" --root "$1" --name s --no-syslinux 2>&1; echo "rc=$?"; find "$1" -mindepth 1 | sort' \
		_ "$D" "$PT" "$W/tree")
	expect_eq prep-space-refused "$(echo "$out" | grep -c 'not enough free space in')/$(echo "$out" | grep -c '^rc=1$')" "1/1"
	expect_eq prep-space-nothing-staged "$(echo "$out" | grep -c -E '\.s\.new|\.prep-wim|/windows/s')" 0
else
	# no mount namespace (a plain chroot or container): the same 3 MiB through
	# a statvfs() fault hook (tests/prep/fakespace.c, LD_PRELOAD)
	gcc -shared -fPIC -O2 -o "$W/fakespace.so" "$ROOT/tests/prep/fakespace.c" -ldl ||
		{ fail prep-space-refused "cannot build tests/prep/fakespace.c"; exit 1; }
	out=$(FAKESPACE_DIR=$D FAKESPACE_BYTES=3145728 LD_PRELOAD=$W/fakespace.so \
		"$PT" "$W/tree" --root "$D" --name s --no-syslinux 2>&1; echo "rc=$?"; find "$D" -mindepth 1 | sort)
	expect_eq prep-space-refused "$(echo "$out" | grep -c 'not enough free space in')/$(echo "$out" | grep -c '^rc=1$')" "1/1"
	expect_eq prep-space-nothing-staged "$(echo "$out" | grep -c -E '\.s\.new|\.prep-wim|/windows/s')" 0
fi
# progress bars: drawn on a terminal (script gives one), silent otherwise
mkdir -p "$W/r1" "$W/r2"
script -qec "'$PT' '$W/tree' --root '$W/r1' --name p --no-syslinux" /dev/null >"$W/tty.out" 2>&1
"$PT" "$W/tree" --root "$W/r2" --name p --no-syslinux >"$W/notty.out" 2>&1
expect_eq prep-space-progress-tty "$(grep -c 'sources/boot.wim *\[#*\] 100%' "$W/tty.out")" 1
expect_eq prep-space-progress-notty "$(grep -c '\[#' "$W/notty.out")" 0
[ "$T_FAILED" -eq 0 ]
