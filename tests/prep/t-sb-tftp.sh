#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# t-sb-tftp.sh - the Secure Boot path over real TFTP servers: a tree made by
# prep-tftproot (two images, test-PKI-signed probe as bootmgfw.efi) is served
# by dnsmasq (config from examples/dnsmasq-secureboot.conf: tftp-lowercase)
# and by tftpd-hpa (examples/tftpd-hpa.map), both started here on loopback
# and killed by PID; a TFTP client (tftpget.py) sends the names Microsoft's
# boot manager sends - backslashes, mixed case - and every file must come
# back byte-exact.  Without the map file tftpd-hpa must fail them (the test
# can fail).  The new DHCP examples are checked by dnsmasq/dhcpd/kea.
. "$(dirname "$0")/prep-lib.sh"
. "$ROOT/tests/prep/sb-lib.sh"
W=$(scratch prep-sb-tftp)
E=$ROOT/examples
GET="/usr/bin/python3 $ROOT/tests/prep/tftpget.py"
trap cleanup_pids EXIT

# 0. the examples are accepted by their programs
check prep-sb-tftp-example-dnsmasq bash -c 'dnsmasq --test -C "$1" >/dev/null 2>&1' _ "$E/dnsmasq-secureboot.conf"
check prep-sb-tftp-example-dhcpd bash -c 'dhcpd -t -q -cf "$1" >/dev/null 2>&1' _ "$E/dhcpd-secureboot.conf"
check prep-sb-tftp-example-kea bash -c 'kea-dhcp4 -t "$1" >/dev/null 2>&1' _ "$E/kea-dhcp4-secureboot.conf"

# the tree: images alpha and beta, a bootres.dll on the media
sb_pki "$W/pki" && sb_sign "$PROBE" "$W/signed.efi" "$W/pki/leaf.pem" "$W/pki/leaf.key" &&
	sb_media "$W/tree" st1 "$W/signed.efi" || { fail prep-sb-tftp-fixture "test PKI / media failed"; exit 1; }
mkdir -p "$W/tree/efi/microsoft/boot/resources"
head -c 70000 /dev/urandom >"$W/tree/efi/microsoft/boot/resources/bootres.dll"
R=$W/root; mkdir -p "$R"
for n in alpha beta; do
	"$PT" "$W/tree" --root "$R" --name $n --no-syslinux --sb-trust-ca "$W/pki/ca.pem" >/dev/null 2>"$W/$n.err" ||
		{ fail prep-sb-tftp-fixture "prep-tftproot $n failed: $(cat "$W/$n.err")"; exit 1; }
done
[ -f "$R/boot/bcd" ] || { fail prep-sb-tftp-fixture "no root boot/bcd"; exit 1; }

# request name -> file under the root (the names of secure-boot-direct.md)
REQS=(
	'\Boot\BCD=boot/bcd'
	'\windows\alpha\bootmgfw.efi=windows/alpha/bootmgfw.efi'
	'\EFI\Microsoft\Boot\boot.stl=efi/microsoft/boot/boot.stl'
	'\windows\alpha\sources\boot.wim=windows/alpha/sources/boot.wim'
	'\windows\alpha\boot\boot.sdi=windows/alpha/boot/boot.sdi'
	'\Windows\Beta\Boot\boot.sdi=windows/beta/boot/boot.sdi'
	'\windows\beta\sources\boot.wim=windows/beta/sources/boot.wim'
	'\EFI\Microsoft\Boot\fonts\wgl4_boot.ttf=efi/microsoft/boot/fonts/wgl4_boot.ttf'
	'\EFI\Microsoft\Boot\fonts\segoe_slboot.ttf=efi/microsoft/boot/fonts/segoe_slboot.ttf'
	'\EFI\Microsoft\Boot\Fonts\SEGMONO_BOOT.TTF=efi/microsoft/boot/fonts/segmono_boot.ttf'
	'\EFI\Microsoft\Boot\resources\bootres.dll=efi/microsoft/boot/resources/bootres.dll'
	'windows/alpha/boot/boot.sdi=windows/alpha/boot/boot.sdi'
)
# fetch_all SERVER HOST PORT: every request byte-exact, absent policy file -> error 1
fetch_all() {
	local srv=$1 host=$2 port=$3 r name file bad=0 i=0 out
	for r in "${REQS[@]}"; do
		name=${r%%=*} file=${r#*=}
		i=$((i + 1))
		out=$($GET "$host" "$port" "$name" "$W/$srv.$i" 2>&1)
		if [ $? -ne 0 ] || ! cmp -s "$W/$srv.$i" "$R/$file"; then
			echo "  $srv: $name -> ${out:-differs from $file}"
			bad=$((bad + 1))
		fi
	done
	expect_eq "prep-sb-tftp-$srv-files" "$bad failed of ${#REQS[@]}" "0 failed of ${#REQS[@]}"
	# (TFTP error 1 = file not found; the message text is the server's own)
	expect_eq "prep-sb-tftp-$srv-absent" "$($GET "$host" "$port" '\EFI\Microsoft\Boot\SecureBootPolicy.p7b' "$W/$srv.none" | cut -d' ' -f1-2)" \
		"ERROR 1"
}
# wait_udp HOST PORT: until something answers an RRQ there (error or data)
wait_udp() {
	local k
	for k in $(seq 1 50); do
		$GET "$1" "$2" probe-nothing-here "$W/wait" >/dev/null 2>&1
		[ $? -ne 3 ] && return 0
		sleep 0.2
	done
	return 1
}

# 1. dnsmasq: TFTP only (no DHCP, no DNS) on a loopback address of its own, port 69
A=127.$((RANDOM % 200 + 20)).$((RANDOM % 250 + 1)).$((RANDOM % 250 + 1))
sed -e "s|^interface=.*|interface=lo|" -e "s|^tftp-root=.*|tftp-root=$R|" -e '/^dhcp-range/d' \
	-e '/^log-dhcp/d' "$E/dnsmasq-secureboot.conf" >"$W/dnsmasq.conf"
# (user=root: dnsmasq would otherwise drop to its own user, which cannot
#  reach a tree below /root - the fresh Debian chroot's /root/project; its
#  log goes to stderr so a refusal shows in the failure message)
printf 'listen-address=%s\npid-file=\nuser=root\nlog-facility=-\n' "$A" >>"$W/dnsmasq.conf"
grep -qx tftp-lowercase "$W/dnsmasq.conf" || fail prep-sb-tftp-dnsmasq-conf "example lost tftp-lowercase"
dnsmasq --keep-in-foreground -C "$W/dnsmasq.conf" 2>"$W/dnsmasq.err" &
DP=$!; track_pid $DP
if wait_udp "$A" 69; then
	fetch_all dnsmasq "$A" 69
else
	fail prep-sb-tftp-dnsmasq "dnsmasq did not answer on $A:69: $(tail -5 "$W/dnsmasq.err" | tr '\n' '|')"
fi
kill $DP 2>/dev/null; wait $DP 2>/dev/null

# 2. tftpd-hpa with the example map file, on a high port; then without it (must fail)
for map in with without; do
	PORT=$((20000 + RANDOM % 30000))
	opt=(--map-file "$E/tftpd-hpa.map"); [ $map = without ] && opt=()
	in.tftpd --foreground --address "127.0.0.1:$PORT" --secure "${opt[@]}" "$R" 2>"$W/tftpd.err" &
	TP=$!; track_pid $TP
	if ! wait_udp 127.0.0.1 $PORT; then
		fail "prep-sb-tftp-tftpd-hpa-$map" "in.tftpd did not answer on port $PORT: $(cat "$W/tftpd.err")"
	elif [ $map = with ]; then
		fetch_all tftpd-hpa 127.0.0.1 $PORT
	else
		expect_eq prep-sb-tftp-tftpd-hpa-nomap "$($GET 127.0.0.1 $PORT '\Boot\BCD' "$W/nomap")" "ERROR 1 File not found"
	fi
	kill $TP 2>/dev/null; wait $TP 2>/dev/null
done
[ "$T_FAILED" -eq 0 ]
