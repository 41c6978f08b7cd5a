#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# t-cli.sh - prep-tftproot command line: --help, usage errors, the man page
# (groff lint), `make install` with PREFIX/DESTDIR, the installed binary finds
# its winpe.c32 modules under PREFIX/lib/winpe-c32.
. "$(dirname "$0")/prep-lib.sh"
W=$(scratch prep-cli)
check prep-cli-help bash -c '"$1" --help | grep -q -- "--http-base"' _ "$PT"
"$PT" >/dev/null 2>&1; expect_eq prep-cli-no-args "$?" 2
"$PT" x.iso --bcd maybe >/dev/null 2>&1; expect_eq prep-cli-bad-bcd "$?" 2
"$PT" x.iso --name 'Bad/Name' >/dev/null 2>&1; expect_eq prep-cli-bad-name "$?" 2
"$PT" x.iso --http-base ftp://x >/dev/null 2>&1; expect_eq prep-cli-bad-url "$?" 2
"$PT" "$W/missing.iso" --root "$W" >/dev/null 2>&1; expect_eq prep-cli-missing-media "$?" 1
warn=$(groff -man -ww -z "$ROOT/host-tools/prep-tftproot/prep-tftproot.1" 2>&1)
expect_eq prep-cli-manpage-lint "$warn" ""
D=$W/dest
make -s -C "$ROOT" install-prep-tftproot DESTDIR="$D" PREFIX=/opt/pt >"$W/make.log" 2>&1
check prep-cli-install-bin test -x "$D/opt/pt/bin/prep-tftproot"
check prep-cli-install-man test -f "$D/opt/pt/share/man/man1/prep-tftproot.1"
# the installed binary picks PREFIX/lib/winpe-c32 (stand-in modules placed there)
mkdir -p "$D/opt/pt/lib/winpe-c32/bios" "$D/opt/pt/lib/winpe-c32/efi64"
head -c 100 /dev/urandom >"$D/opt/pt/lib/winpe-c32/bios/winpe.c32"
head -c 100 /dev/urandom >"$D/opt/pt/lib/winpe-c32/efi64/winpe.c32"
$MK tree "$W/tree" c1 >/dev/null 2>&1
mkdir -p "$W/root"
"$D/opt/pt/bin/prep-tftproot" "$W/tree" --root "$W/root" --name c >/dev/null 2>&1
check prep-cli-installed-modules cmp -s "$D/opt/pt/lib/winpe-c32/efi64/winpe.c32" "$W/root/efi64/winpe.c32"
[ "$T_FAILED" -eq 0 ]
