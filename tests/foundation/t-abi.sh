#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# t-abi.sh - the build-time guards: winpe.c32 resolves against Debian's
# binaries (and a module that does not is refused), and the syslinux source
# version guard refuses a tree that differs from the installed binaries.
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
source "$ROOT/tests/lib.sh"
W=$(scratch foundation-abi)

check abi-bios-module-resolves bash "$ROOT/scripts/abi-check.sh" bios "$B/bios/winpe.c32"
check abi-efi64-module-resolves bash "$ROOT/scripts/abi-check.sh" efi64 "$B/efi64/winpe.c32"
file "$B/bios/winpe.c32" | grep -q 'ELF 32-bit LSB shared object, Intel 80386' &&
	pass abi-bios-elf32-shared || fail abi-bios-elf32-shared "$(file "$B/bios/winpe.c32")"

out=$(bash "$ROOT/scripts/abi-check.sh" bios "$B/tests/abi-bad.elf" 2>&1); rc=$?
if [ $rc -ne 0 ] && echo "$out" | grep -q 'winpe_no_such_function'; then
	pass abi-refuses-unknown-symbol
else
	fail abi-refuses-unknown-symbol "rc=$rc out=$out"
fi
out=$(bash "$ROOT/scripts/abi-check.sh" efi64 "$B/bios/winpe.c32" 2>&1); rc=$?
if [ $rc -ne 0 ] && echo "$out" | grep -q 'not ELF64'; then pass abi-refuses-wrong-class
else fail abi-refuses-wrong-class "rc=$rc out=$out"; fi

# version guard: a syslinux tree of another version must be refused
fake=$W/syslinux-6.03
mkdir -p "$fake/com32/lib" "$fake/debian"
touch "$fake/com32/lib/Makefile"
cat > "$fake/debian/changelog" <<CL
syslinux (3:6.03+dfsg-14) unstable; urgency=medium

  * fake entry for the version-guard test

 -- Test <test@example.invalid>  Mon, 01 Jan 2018 00:00:00 +0000
CL
out=$(bash "$ROOT/scripts/syslinux.sh" "$fake" "$W/obj" 2>&1); rc=$?
if [ $rc -ne 0 ] && echo "$out" | grep -q "syslinux source version '3:6.03+dfsg-14' differs from the installed binaries"; then
	pass syslinux-version-guard
else
	fail syslinux-version-guard "rc=$rc out=$out"
fi
[ ! -e "$W/obj/build-bios" ] && pass syslinux-version-guard-builds-nothing ||
	fail syslinux-version-guard-builds-nothing "a build directory was created"
exit $((T_FAILED > 0))
