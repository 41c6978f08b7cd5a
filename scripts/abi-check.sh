#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# abi-check.sh FW MODULE - fail unless every undefined dynamic symbol of MODULE
# is defined by Debian's installed ldlinux + libcom32 + libutil for FW
# (bios|efi64), and the ELF class matches.  Guards the module ABI at build time.
set -euo pipefail
fw=$1 mod=$2
case $fw in
bios)  dir=/usr/lib/syslinux/modules/bios;  core=$dir/ldlinux.c32; class="ELF32" ;;
efi64) dir=/usr/lib/syslinux/modules/efi64; core=$dir/ldlinux.e64; class="ELF64" ;;
*) echo "abi-check: unknown firmware $fw" >&2; exit 2 ;;
esac
readelf -h "$mod" | grep -q "Class:.*$class" || { echo "abi-check: $mod is not $class" >&2; exit 1; }
readelf -h "$mod" | grep -q "Type:.*DYN" || { echo "abi-check: $mod is not a shared object" >&2; exit 1; }
defs=$(mktemp); trap 'rm -f "$defs"' EXIT
for f in "$core" "$dir/libcom32.c32" "$dir/libutil.c32"; do
	nm -D --defined-only "$f" | awk '{print $3}'
done | sort -u > "$defs"
missing=$(nm -D --undefined-only "$mod" | awk '{print $2}' | sort -u | comm -23 - "$defs")
if [ -n "$missing" ]; then
	echo "abi-check: $mod needs symbols that Debian's $fw syslinux does not export:" >&2
	echo "$missing" | sed 's/^/  /' >&2
	exit 1
fi
