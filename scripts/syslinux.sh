#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# syslinux.sh SRC OBJ - fetch Debian's syslinux source package (unless SRC is
# a user-given tree) and build its com32 libraries for BIOS and efi64 into OBJ.
# Refuses a source version that differs from the installed binaries: modules
# must match the ldlinux that loads them.
set -euo pipefail
SRC=$1
OBJ=$2
mkdir -p "$OBJ"

bin_ver() { dpkg-query -W -f='${Version}' "$1" 2>/dev/null || true; }
want=$(bin_ver syslinux-common)
for p in pxelinux syslinux-efi; do
	v=$(bin_ver $p)
	if [ "$v" != "$want" ]; then
		echo "syslinux.sh: installed $p is '$v' but syslinux-common is '$want';" \
		     "install matching versions (apt-get install pxelinux syslinux-common syslinux-efi)" >&2
		exit 1
	fi
done

default_src=$(cd "$(dirname "$0")/.." && pwd)/build/syslinux/src
if [ "$(realpath -m "$SRC")" = "$(realpath -m "$default_src")" ]; then
	stamp=$OBJ/source-version
	if [ ! -f "$SRC/Makefile" ] || [ "$(cat "$stamp" 2>/dev/null)" != "$want" ]; then
		rm -rf "$OBJ/pkg" "$SRC"
		mkdir -p "$OBJ/pkg"
		(cd "$OBJ/pkg" && apt-get source -qq "syslinux=$want") || {
			echo "syslinux.sh: 'apt-get source syslinux=$want' failed; is a deb-src entry configured? (make deps adds one)" >&2
			exit 1
		}
		d=$(find "$OBJ/pkg" -mindepth 1 -maxdepth 1 -type d -name 'syslinux-*' | head -1)
		ln -sfn "$d" "$SRC"
		echo "$want" > "$stamp"
	fi
	got=$(dpkg-parsechangelog -l "$SRC/debian/changelog" -S Version)
else
	# user-supplied tree (another distribution): version from its 'version' file
	if [ ! -f "$SRC/com32/lib/Makefile" ]; then
		echo "syslinux.sh: SYSLINUX_SRC=$SRC is not an unpacked syslinux 6.04 tree" >&2
		exit 1
	fi
	got=$(dpkg-parsechangelog -l "$SRC/debian/changelog" -S Version 2>/dev/null || echo "user:$(cat "$SRC/version")")
fi
case "$got" in
"$want"|user:6.04*) ;;
*)
	echo "syslinux.sh: syslinux source version '$got' differs from the installed binaries '$want'." >&2
	echo "  The module ABI must match the ldlinux.c32 that loads it: install matching" >&2
	echo "  pxelinux/syslinux-common/syslinux-efi or point SYSLINUX_SRC at the matching source." >&2
	exit 1 ;;
esac

S=$(realpath "$SRC")
for fw in bios efi64; do
	lib=$OBJ/build-$fw/$fw/com32/lib/libcom32.c32
	if [ -f "$lib" ] && [ "$(cat "$OBJ/build-$fw.stamp" 2>/dev/null)" = "$got" ]; then
		continue
	fi
	echo "syslinux.sh: building com32 libraries ($fw) from $S"
	extra=
	[ $fw = efi64 ] && extra="DEB_HOST_ARCH=amd64"
	mkdir -p "$OBJ/build-$fw"
	(cd "$S" && make -s O="$OBJ/build-$fw" $fw BSUBDIRS=com32 ISUBDIRS= \
		SUBDIRS="lib libutil" PYTHON=python3 $extra -j"$(nproc)") \
		> "$OBJ/build-$fw.log" 2>&1 || { tail -30 "$OBJ/build-$fw.log"; exit 1; }
	echo "$got" > "$OBJ/build-$fw.stamp"
done
# The BIOS core itself (pxelinux.elf, lpxelinux.elf) is built only to learn
# which symbols it exports to modules: the ABI check (scripts/abi-check.sh)
# resolves the module's undefined symbols against it.
if [ ! -f "$OBJ/core-bios/bios/core/lpxelinux.elf" ] || [ "$(cat "$OBJ/core-bios.stamp" 2>/dev/null)" != "$got" ]; then
	echo "syslinux.sh: building the BIOS core (for its exported symbols)"
	mkdir -p "$OBJ/core-bios"
	(cd "$S" && make -s O="$OBJ/core-bios" bios ISUBDIRS= PYTHON=python3 -j"$(nproc)") \
		> "$OBJ/core-bios.log" 2>&1 || { tail -30 "$OBJ/core-bios.log"; exit 1; }
	echo "$got" > "$OBJ/core-bios.stamp"
fi
echo "syslinux.sh: com32 libraries ready in $OBJ (syslinux $got)"
