#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# t-examples.sh - every server example in examples/ is accepted by its real program.
. "$(dirname "$0")/prep-lib.sh"
W=$(scratch prep-examples)
E=$ROOT/examples
for f in dnsmasq-proxy dnsmasq-dhcp; do
	check "prep-examples-$f" bash -c 'dnsmasq --test -C "$1" >/dev/null 2>&1' _ "$E/$f.conf"
done
# a deliberately broken copy must fail (the check can fail)
sed 's/^dhcp-range=.*/dhcp-range=nonsense-here/' "$E/dnsmasq-proxy.conf" >"$W/broken.conf"
if dnsmasq --test -C "$W/broken.conf" >/dev/null 2>&1; then fail prep-examples-dnsmasq-negative "broken config accepted"
else pass prep-examples-dnsmasq-negative; fi
if command -v nginx >/dev/null; then
	check prep-examples-nginx bash -c 'nginx -t -q -e "$2/nginx-error.log" -c "$1" >/dev/null 2>&1' _ "$E/nginx-winpe.conf" "$W"
else skip prep-examples-nginx "nginx not installed"; fi
if command -v kea-dhcp4 >/dev/null; then
	check prep-examples-kea bash -c 'kea-dhcp4 -t "$1" >/dev/null 2>&1' _ "$E/kea-dhcp4.conf"
else skip prep-examples-kea "kea-dhcp4 not installed (apt-get install kea-dhcp4-server)"; fi
if command -v dhcpd >/dev/null; then
	check prep-examples-dhcpd bash -c 'dhcpd -t -q -cf "$1" >/dev/null 2>&1' _ "$E/dhcpd.conf"
else skip prep-examples-dhcpd "dhcpd not installed (apt-get install isc-dhcp-server)"; fi
# the boot file names in the examples are the ones prep-tftproot installs
for n in pxelinux.0 efi64/syslinux.efi; do
	expect_eq "prep-examples-names-$n" "$(grep -l -- "$n" "$E"/dnsmasq-dhcp.conf "$E"/dhcpd.conf "$E"/kea-dhcp4.conf | wc -l)" 3
done
[ "$T_FAILED" -eq 0 ]
