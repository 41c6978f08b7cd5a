#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# t-sb-qemu.sh - the Secure Boot path in QEMU (TCG, OVMF):
# 1. OVMF_CODE_4M.ms.fd + OVMF_VARS_4M.ms.fd (Secure Boot on, Microsoft keys)
#    must refuse an unsigned NBP: proof that Secure Boot is really enforced
#    in this setup (the same NBP runs with Secure Boot off, case 2).
# 2. Secure Boot off (OVMF_VARS_4M.fd): probe-sb.efi, placed by prep-tftproot
#    where the signed boot manager goes (windows/alpha/bootmgfw.efi, the DHCP
#    boot file), reads \Boot\BCD through the firmware's PXE base code and then
#    the SDI and WIM of every entry by the names in that store; sizes and
#    SHA-256 must equal the host's files.  QEMU's TFTP server takes names
#    literally, so the root gets links named like the requests (the server
#    mapping itself is tested with dnsmasq/tftpd-hpa in t-sb-tftp.sh).
. "$(dirname "$0")/prep-lib.sh"
. "$ROOT/tests/prep/sb-lib.sh"
. "$ROOT/tests/qemu/lib.sh"
W=$(scratch prep-sb-qemu)
trap cleanup_pids EXIT
SBP=$B/tests/probe-sb.efi
MS_CODE=/usr/share/OVMF/OVMF_CODE_4M.ms.fd
MS_VARS=/usr/share/OVMF/OVMF_VARS_4M.ms.fd
for f in "$SBP" "$MS_CODE" "$MS_VARS"; do
	[ -r "$f" ] || { fail prep-sb-qemu-fixture "$f missing (make all; apt-get install ovmf)"; exit 1; }
done

# the tree: images alpha and beta, the probe (test-CA signed) as bootmgfw.efi
sb_pki "$W/pki" && sb_sign "$SBP" "$W/probe-signed.efi" "$W/pki/leaf.pem" "$W/pki/leaf.key" &&
	sb_media "$W/tree" sq1 "$W/probe-signed.efi" || { fail prep-sb-qemu-fixture "test PKI / media failed"; exit 1; }
R=$W/root; mkdir -p "$R"
for n in alpha beta; do
	"$PT" "$W/tree" --root "$R" --name $n --no-syslinux --sb-trust-ca "$W/pki/ca.pem" >/dev/null 2>"$W/$n.err" ||
		{ fail prep-sb-qemu-fixture "prep-tftproot $n failed: $(cat "$W/$n.err")"; exit 1; }
done
# literal request names for QEMU's TFTP server
ln -s boot/bcd "$R/\\Boot\\BCD"
for n in alpha beta; do
	ln -s "windows/$n/boot/boot.sdi" "$R/\\windows\\$n\\boot\\boot.sdi"
	ln -s "windows/$n/sources/boot.wim" "$R/\\windows\\$n\\sources\\boot.wim"
done

# sbq NAME CODE VARS DIR DONE_RE [QEMU args...]: PXE-boot OVMF (native
# virtio-net driver and PXE base code: no iPXE option ROM, whose PXE base
# code has no MTFTP) from DIR with windows/alpha/bootmgfw.efi as the DHCP boot
# file; stop at DONE_RE in the serial log $W/NAME.log or after 150 s
sbq() {
	local n=$1 code=$2 vars=$3 dir=$4 re=$5 k; shift 5
	cp "$vars" "$W/$n.vars.fd"
	timeout --kill-after=5 160 $QEMU -accel tcg -m 512 -display none -no-reboot "$@" \
		-drive "if=pflash,format=raw,unit=0,readonly=on,file=$code" \
		-drive "if=pflash,format=raw,unit=1,file=$W/$n.vars.fd" \
		-netdev "user,id=n0,tftp=$dir,bootfile=windows/alpha/bootmgfw.efi" \
		-device virtio-net-pci,netdev=n0,romfile=,bootindex=1 -serial "file:$W/$n.raw" \
		-monitor none -nodefaults -device isa-debug-exit,iobase=0xf4,iosize=0x04 \
		</dev/null >"$W/$n.qemu" 2>&1 &
	local qp=$!
	track_pid $qp
	for k in $(seq 1 150); do
		sleep 1
		strip_log "$W/$n.raw" >"$W/$n.log" 2>/dev/null
		grep -aEq "$re" "$W/$n.log" && break
		kill -0 $qp 2>/dev/null || break
	done
	kill $qp 2>/dev/null
	wait $qp 2>/dev/null
	strip_log "$W/$n.raw" >"$W/$n.log" 2>/dev/null
}

# 1. Secure Boot on: the unsigned probe is refused
mkdir -p "$W/r1/windows/alpha"
cp "$SBP" "$W/r1/windows/alpha/bootmgfw.efi"
sbq sb-on "$MS_CODE" "$MS_VARS" "$W/r1" 'Access Denied|PROBE SB START' \
	-machine q35,smm=on -global driver=cfi.pflash01,property=secure,value=on
if grep -aq 'PROBE' "$W/sb-on.log"; then
	fail prep-sb-qemu-sb-on-refuses "the unsigned probe ran under Secure Boot (log: $W/sb-on.log)"
elif grep -aq 'failed to load .*PXE.*: Access Denied' "$W/sb-on.log"; then
	pass prep-sb-qemu-sb-on-refuses
else
	fail prep-sb-qemu-sb-on-refuses "no 'Access Denied' from OVMF (log: $W/sb-on.log)"
fi

# 2. Secure Boot off: the probe fetches the store and the files it names
sbq sb-off "$OVMF_CODE" "$OVMF_VARS" "$R" 'PROBE VERDICT' -machine q35
bad=0
grep -aq '^PROBE VERDICT PASS' "$W/sb-off.log" || { echo "  no PROBE VERDICT PASS"; bad=1; }
for spec in '\Boot\BCD=boot/bcd' \
	'\windows\alpha\boot\boot.sdi=windows/alpha/boot/boot.sdi' \
	'\windows\alpha\sources\boot.wim=windows/alpha/sources/boot.wim' \
	'\windows\beta\boot\boot.sdi=windows/beta/boot/boot.sdi' \
	'\windows\beta\sources\boot.wim=windows/beta/sources/boot.wim'; do
	n=${spec%%=*} f=$R/${spec#*=}
	want="PROBE FILE $n $(stat -L -c %s "$f") $(sha256sum <"$f" | cut -d' ' -f1) tftp"
	grep -aqxF "$want" "$W/sb-off.log" || { echo "  missing: $want"; bad=1; }
done
expect_eq prep-sb-qemu-entries "$(grep -ac '^PROBE ENTRY' "$W/sb-off.log")" 2
if [ $bad = 0 ]; then pass prep-sb-qemu-sb-off-probe
else fail prep-sb-qemu-sb-off-probe "probe results differ (log: $W/sb-off.log)"; fi
[ "$T_FAILED" -eq 0 ]
