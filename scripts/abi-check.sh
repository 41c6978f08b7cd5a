#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# abi-check.sh FW MODULE - fail unless MODULE (winpe.c32 for FW = bios|efi64)
# is an ELF shared object of the right class whose every undefined dynamic
# symbol is exported by what loads it at run time:
#   Debian's installed ldlinux + libcom32 + libutil of that flavour, and the
#   core: for bios the exports of pxelinux.elf and lpxelinux.elf built from the
#   same source version (syslinux.sh); for efi64 the dynamic string table inside
#   Debian's syslinux.efi.
# Also checks that our source-built libcom32/libutil export exactly what
# Debian's binaries export.  Guards the module ABI at build time.
set -euo pipefail
fw=$1 mod=$2
OBJ=${SYSLINUX_OBJ:-$(cd "$(dirname "$0")/.." && pwd)/build/syslinux}
case $fw in
bios)  dir=/usr/lib/syslinux/modules/bios;  ld=$dir/ldlinux.c32; class=ELF32 ;;
efi64) dir=/usr/lib/syslinux/modules/efi64; ld=$dir/ldlinux.e64; class=ELF64 ;;
*) echo "abi-check: unknown firmware $fw" >&2; exit 2 ;;
esac
die() { echo "abi-check: $mod: $*" >&2; exit 1; }
readelf -h "$mod" | grep -q "Class:.*$class" || die "not $class"
readelf -h "$mod" | grep -q "Type:.*DYN" || die "not a shared object"

syms() { nm -D --defined-only "$1" | awk '{print $3}' | sort -u; }
for f in libcom32.c32 libutil.c32; do
	ours=$OBJ/build-$fw/$fw/com32/${f%.c32}/$f
	[ $f = libcom32.c32 ] && ours=$OBJ/build-$fw/$fw/com32/lib/$f
	cmp -s <(syms "$ours") <(syms "$dir/$f") ||
		die "source-built $f exports differ from Debian's $dir/$f (version mismatch?)"
done

defs=$(mktemp); trap 'rm -f "$defs"' EXIT
{ syms "$ld"; syms "$dir/libcom32.c32"; syms "$dir/libutil.c32"; } > "$defs.1"
if [ $fw = bios ]; then
	comm -12 <(syms "$OBJ/core-bios/bios/core/pxelinux.elf") \
		 <(syms "$OBJ/core-bios/bios/core/lpxelinux.elf") >> "$defs.1"
fi
sort -u "$defs.1" > "$defs"; rm -f "$defs.1"
# syslinux's module loader does not resolve a weak undefined symbol to 0: the
# module stops with "An undefined symbol was referenced" (a hook of ours must
# be defined by both firmware builds).  Only syslinux's own weak declarations
# of PXE-core functions (pxe_api.h: pxe_call, pxe_dns) are allowed, as they are
# exported by the PXE cores; the module calls them only under pxelinux.0
# (com32/udp.c checks syslinux_filesystem() first).
weak=$(nm -D --undefined-only "$mod" | awk '$1 == "w" {print $2}' | grep -v '^_\(ITM\|_gmon\|Jv\)' |
	sort -u | comm -23 - "$defs" || true)
[ -z "$weak" ] || die "weak undefined symbols (define them in this firmware's glue): $(echo $weak)"
missing=$(nm -D --undefined-only "$mod" | awk '$1 == "U" {print $2}' | sort -u | comm -23 - "$defs")
if [ $fw = efi64 ] && [ -n "$missing" ]; then
	# syslinux.efi keeps its exported names as NUL-terminated strings
	still=
	for s in $missing; do
		python3 -c 'import sys; d=open(sys.argv[1],"rb").read(); sys.exit(0 if (b"\0"+sys.argv[2].encode()+b"\0") in d or (sys.argv[2].encode()+b"\0") in d else 1)' \
			/usr/lib/SYSLINUX.EFI/efi64/syslinux.efi "$s" || still="$still $s"
	done
	missing=$still
fi
if [ -n "$(echo $missing)" ]; then
	echo "abi-check: $mod needs symbols that Debian's $fw syslinux does not export:" >&2
	for s in $missing; do echo "  $s" >&2; done
	exit 1
fi
echo "abi-check: $mod: ok ($fw)"
