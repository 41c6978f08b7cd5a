#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# deps.sh [build|test|list-build|list-test|missing-build] - install what winpe.c32 needs on
# Debian 12, only what is missing.  `build` (make deps): what `make` and
# `make install` need; `test` (make deps-test): that plus what `make check` and
# `make demo` need.  `list-*` prints the package list (the GNUmakefile's
# dependency check reads it).  Idempotent: a second run only checks.
# It never removes or overwrites a file it did not create: an existing
# /usr/sbin/policy-rc.d is kept, ours is removed again on any exit.
# For tests: DEPS_ROOT (default /) prefixes every file it writes or reads,
# APT_GET and DPKG_QUERY replace the real commands.
set -euo pipefail

# Building: compilers (host, -m32, mingw for the test probes built by `make all`),
# the syslinux source package and its build tools, the host tools' libraries,
# and Debian's syslinux binaries (the module ABI must match them; prep-tftproot
# installs them into a tftproot; libssl-dev: prep-tftproot's Authenticode check).
BUILD_PKGS="build-essential gcc-12-multilib libc6-dev-i386 nasm perl python3 dpkg-dev pkg-config
 pxelinux syslinux-common syslinux-efi gnu-efi
 gcc-mingw-w64-i686 binutils-mingw-w64-i686
 libwim-dev libhivex-dev libcdio-dev libudf-dev libiso9660-dev libssl-dev"

# Testing and the demo: QEMU and firmware, fixture generators (WIMs, ISOs, FAT),
# DHCP/TFTP/HTTP servers for the example-config tests, fuzzing and memory checks,
# groff (groff-base) for the man page lint.
TEST_PKGS="qemu-system-x86 ipxe-qemu ovmf
 wimtools libhivex-bin xorriso genisoimage python3-pycdlib udfclient
 dosfstools mtools p7zip-full openssl file xxd
 kea-dhcp4-server isc-dhcp-server dnsmasq nginx-light
 clang libclang-rt-14-dev valgrind
 groff-base
 osslsigncode tftpd-hpa
 isolinux syslinux
 libwrap0 strace"
# (osslsigncode: the Secure Boot tests sign PE files with a test CA; tftpd-hpa:
#  tests/prep/t-sb-tftp.sh; isolinux: prep-tftproot --iso, also at run time, with
#  xorriso; syslinux: tests/prep/t-usb.sh runs syslinux --install on a FAT image;
#  libwrap0: for atftpd (RFC 7440 windowsize TFTP server), which conflicts with
#  tftpd-hpa and so is unpacked by scripts/atftpd.sh instead of installed;
#  strace: tests/prep/t-bigcopy.sh proves the direct writes with it)

DEPS_ROOT=${DEPS_ROOT:-}
APT_GET=${APT_GET:-apt-get}
DPKG_QUERY=${DPKG_QUERY:-dpkg-query}
POLICY=$DEPS_ROOT/usr/sbin/policy-rc.d
POLICY_OURS=0

# missing_pkgs PKG...: print the packages of the list that are not installed
# (one dpkg-query call: the GNUmakefile runs this before every build)
missing_pkgs() {
	local p installed missing=""
	# (dpkg-query fails when one of them is unknown to dpkg: the others still count)
	installed=" $({ "$DPKG_QUERY" -W -f='${Package} ${Status}\n' "$@" 2>/dev/null || true; } |
		awk '$NF == "installed" && $(NF-1) == "ok" {printf "%s ", $1}')"
	for p in "$@"; do
		case "$installed" in *" $p "*) ;; *) missing="$missing $p" ;; esac
	done
	echo "${missing# }"
}

# policy_on: keep daemons (dnsmasq, nginx, DHCP servers) from starting while
# packages install - with our own policy-rc.d, unless the machine has one
policy_on() {
	if [ -e "$POLICY" ] || [ -L "$POLICY" ]; then
		echo "deps: keeping the existing $POLICY"
		return
	fi
	mkdir -p "$(dirname "$POLICY")"
	printf '#!/bin/sh\n# written by winpe.c32 scripts/deps.sh while installing packages\nexit 101\n' > "$POLICY"
	chmod +x "$POLICY"
	POLICY_OURS=1
}

# policy_off: remove the policy-rc.d again, only if it is ours and unchanged
policy_off() {
	if [ "$POLICY_OURS" = 1 ] && grep -qs 'written by winpe.c32 scripts/deps.sh' "$POLICY"; then
		rm -f "$POLICY"
	fi
	POLICY_OURS=0
}

# install_missing PKG...: apt-get install what is missing of the list
install_missing() {
	local missing
	missing=$(missing_pkgs "$@")
	if [ -z "$missing" ]; then
		echo "deps: all Debian packages present"
		return
	fi
	echo "deps: installing: $missing"
	export DEBIAN_FRONTEND=noninteractive
	"$APT_GET" update -qq
	trap policy_off EXIT
	policy_on
	# shellcheck disable=SC2086
	"$APT_GET" install -y -qq --no-install-recommends $missing
	policy_off
	trap - EXIT
}

# add_deb_src: a deb-src entry (for `apt-get source syslinux`) mirroring the
# configured Debian archive, in a file of our own, when there is none
add_deb_src() {
	local e=$DEPS_ROOT/etc/apt
	if grep -rqsE '^(deb-src|Types:.*deb-src)' "$e/sources.list" "$e/sources.list.d/"; then
		return
	fi
	echo "deps: adding a deb-src entry for the configured Debian archive"
	if [ -f "$e/sources.list.d/debian.sources" ]; then
		sed -e 's/^Types: deb$/Types: deb-src/' "$e/sources.list.d/debian.sources" \
			> "$e/sources.list.d/winpe-deb-src.sources"
	else
		grep -E '^deb ' "$e/sources.list" | sed 's/^deb /deb-src /' \
			> "$e/sources.list.d/winpe-deb-src.list"
	fi
	"$APT_GET" update -qq
}

case ${1:-build} in
list-build) echo $BUILD_PKGS ;;
list-test) echo $TEST_PKGS ;;
# what `make` lacks (nothing when dpkg-query is absent: not Debian, cannot tell)
# shellcheck disable=SC2086
missing-build) if command -v "$DPKG_QUERY" >/dev/null; then missing_pkgs $BUILD_PKGS; fi ;;
# shellcheck disable=SC2086
build) install_missing $BUILD_PKGS; add_deb_src ;;
# shellcheck disable=SC2086
test) install_missing $BUILD_PKGS $TEST_PKGS; add_deb_src ;;
*) echo "usage: deps.sh [build|test|list-build|list-test|missing-build]" >&2; exit 2 ;;
esac
