#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# atftpd.sh - print the path of an atftpd binary (Debian 12's atftpd 0.8.0
# implements RFC 7440 windowsize).  atftpd conflicts with tftpd-hpa as a
# package, so when it is not installed its .deb is fetched with apt-get
# download and unpacked under build/tools/atftpd (never installed).
# Exit 1 with a message when neither works.
set -e
if command -v atftpd >/dev/null 2>&1; then command -v atftpd; exit 0; fi
[ -x /usr/sbin/atftpd ] && { echo /usr/sbin/atftpd; exit 0; }
root=$(cd "$(dirname "$0")/.." && pwd)
dest=$root/build/tools/atftpd
if [ ! -x "$dest/usr/sbin/atftpd" ]; then
	tmp=$(mktemp -d "$root/build/.atftpd.XXXXXX")
	trap 'rm -rf "$tmp"' EXIT
	if ! (cd "$tmp" && apt-get download atftpd >/dev/null 2>&1) ||
	   ! dpkg-deb -x "$tmp"/atftpd_*.deb "$tmp/x" 2>/dev/null; then
		echo "atftpd.sh: cannot fetch atftpd (apt-get download atftpd failed); install atftpd or check apt" >&2
		exit 1
	fi
	mkdir -p "$root/build/tools"
	rm -rf "$dest"
	mv "$tmp/x" "$dest"
fi
echo "$dest/usr/sbin/atftpd"
