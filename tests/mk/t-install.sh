#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# t-install.sh - mk/install.mk and the programs it installs: `make install
# DESTDIR=x PREFIX=/usr` puts exactly the expected files there, byte-exact
# (both winpe.c32 builds, the tools, their man pages, docs and examples under
# share/doc/winpe-c32); `make uninstall` removes exactly those and leaves no
# file of ours (a foreign file in the same bin/ survives); `make install` with
# a module missing fails naming it and installs nothing; every installed
# program answers --version with the tree's VERSION; the man pages lint clean.
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
. "$ROOT/tests/lib.sh"
W=$(mktemp -d); trap 'rm -rf "$W"; cleanup_pids' EXIT
for f in bin/prep-tftproot bin/winpe-disk bios/winpe.c32 efi64/winpe.c32; do
	[ -f "$B/$f" ] || { fail install-built "build/$f missing (make all)"; exit 1; }
done

# the expected list: DEST SOURCE
{
	echo "usr/bin/prep-tftproot $B/bin/prep-tftproot"
	echo "usr/bin/winpe-disk $B/bin/winpe-disk"
	echo "usr/lib/winpe-c32/bios/winpe.c32 $B/bios/winpe.c32"
	echo "usr/lib/winpe-c32/efi64/winpe.c32 $B/efi64/winpe.c32"
	echo "usr/share/man/man1/prep-tftproot.1 $ROOT/host-tools/prep-tftproot/prep-tftproot.1"
	echo "usr/share/man/man1/winpe-disk.1 $ROOT/host-tools/winpe-disk/winpe-disk.1"
	echo "usr/share/doc/winpe-c32/README.md $ROOT/README.md"
	echo "usr/share/doc/winpe-c32/LICENSE $ROOT/LICENSE"
	for f in "$ROOT"/docs/*.md; do echo "usr/share/doc/winpe-c32/$(basename "$f") $f"; done
	(cd "$ROOT" && find examples -type f) | while read -r f; do echo "usr/share/doc/winpe-c32/$f $ROOT/$f"; done
} | sort >"$W/want"

D=$W/dest
mkdir -p "$D/usr/bin"; echo "not ours" >"$D/usr/bin/foreign"
make -s -C "$ROOT" install DESTDIR="$D" PREFIX=/usr >"$W/install.log" 2>&1
expect_eq install-exit "$?" 0
expect_eq install-file-list "$(cd "$D" && find . \( -type f -o -type l \) ! -name foreign -printf '%P\n' | sort)" "$(cut -d' ' -f1 "$W/want")"
bad=""
while read -r d s; do cmp -s "$D/$d" "$s" || bad="$bad $d"; done <"$W/want"
expect_eq install-byte-exact "$bad" ""
expect_eq install-modes "$(stat -c '%a' "$D/usr/bin/prep-tftproot" "$D/usr/bin/winpe-disk" "$D/usr/lib/winpe-c32/bios/winpe.c32" "$D/usr/share/man/man1/winpe-disk.1" | tr '\n' ' ')" "755 755 644 644 "

# the installed programs: --version, and prep-tftproot finds its modules under PREFIX
ver=$(sed -n 's/^VERSION *:= *//p' "$ROOT/GNUmakefile")
expect_eq install-version-prep "$("$D/usr/bin/prep-tftproot" --version)" "prep-tftproot $ver"
expect_eq install-version-winpe-disk "$("$D/usr/bin/winpe-disk" --version)" "winpe-disk $ver"
for m in prep-tftproot winpe-disk; do
	expect_eq "install-manpage-lint-$m" "$(groff -man -ww -z "$D/usr/share/man/man1/$m.1" 2>&1)" ""
done

# uninstall: nothing of ours left, the foreign file kept; a second run is harmless
make -s -C "$ROOT" uninstall DESTDIR="$D" PREFIX=/usr >"$W/uninstall.log" 2>&1
expect_eq uninstall-exit "$?" 0
expect_eq uninstall-no-file-left "$(cd "$D" && find . \( -type f -o -type l \) -printf '%P\n')" "usr/bin/foreign"
expect_eq uninstall-own-dirs-gone "$(cd "$D" && find . -path '*winpe-c32*' -printf '%P\n')" ""
make -s -C "$ROOT" uninstall DESTDIR="$D" PREFIX=/usr >/dev/null 2>&1
expect_eq uninstall-again "$?" 0

# a missing module: install fails, names it, installs nothing
D2=$W/dest2
make -s -C "$ROOT" install DESTDIR="$D2" PREFIX=/usr WINPE_EFI64="$W/no/winpe.c32" >"$W/missing.log" 2>&1
expect_eq install-missing-exit "$?" 2
grep -q "not built: $W/no/winpe.c32; run 'make' first" "$W/missing.log" &&
	pass install-missing-message || fail install-missing-message "$(cat "$W/missing.log")"
expect_eq install-missing-nothing "$(find "$D2" 2>/dev/null)" ""
[ "$T_FAILED" -eq 0 ]
