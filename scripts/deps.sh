#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# deps.sh - install what winpe.c32 needs on Debian 12, only what is missing.
# Idempotent: a second run does nothing but checks.
set -euo pipefail

PKGS="build-essential gcc-12-multilib libc6-dev-i386 nasm perl python3 dpkg-dev
 pxelinux syslinux-common syslinux-efi qemu-system-x86 ipxe-qemu ovmf gnu-efi
 gcc-mingw-w64-i686 binutils-mingw-w64-i686 wimtools libwim-dev libhivex-dev libhivex-bin
 libcdio-dev libudf-dev libiso9660-dev xorriso genisoimage python3-pycdlib udfclient
 dosfstools mtools p7zip-full kea-dhcp4-server isc-dhcp-server openssl clang libclang-rt-14-dev valgrind dnsmasq nginx-light pkg-config
 file xxd
 libwrap0"  # libwrap0: for atftpd (RFC 7440 windowsize TFTP server), which conflicts with tftpd-hpa and so is unpacked by scripts/atftpd.sh instead of installed (issue 16)

missing=""
for p in $PKGS; do
	if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
		missing="$missing $p"
	fi
done
if [ -n "$missing" ]; then
	echo "deps: installing:$missing"
	export DEBIAN_FRONTEND=noninteractive
	apt-get update -qq
	# dnsmasq/nginx must not start daemons on install
	printf '#!/bin/sh\nexit 101\n' > /usr/sbin/policy-rc.d; chmod +x /usr/sbin/policy-rc.d
	apt-get install -y -qq --no-install-recommends $missing
	rm -f /usr/sbin/policy-rc.d
else
	echo "deps: all Debian packages present"
fi

# deb-src entry for apt-get source, mirroring the configured Debian archive.
if ! grep -rqsE '^(deb-src|Types:.*deb-src)' /etc/apt/sources.list /etc/apt/sources.list.d/; then
	echo "deps: adding a deb-src entry for the configured Debian archive"
	if [ -f /etc/apt/sources.list.d/debian.sources ]; then
		sed -e 's/^Types: deb$/Types: deb-src/' /etc/apt/sources.list.d/debian.sources \
			> /etc/apt/sources.list.d/winpe-deb-src.sources
	else
		grep -E '^deb ' /etc/apt/sources.list | sed 's/^deb /deb-src /' \
			> /etc/apt/sources.list.d/winpe-deb-src.list
	fi
	apt-get update -qq
fi
