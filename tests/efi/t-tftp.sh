#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# t-tftp.sh - the module's own TFTP client on syslinux.efi (efi/udp.c over
# the firmware's UDP4, core/tftp.c): the probe (as bootmgfw.efi), BCD,
# boot.sdi and TFTP_MB MiB of random data fetched
#   1. windowed from atftpd (RFC 7440) as tftp://10.0.2.2:PORT/files/...
#   2. lock-step from QEMU's built-in TFTP server (blksize/tsize only): the
#      module's client reads probe.efi, sees no window and hands the rest to
#      iPXE's client (iPXE's download protocol, efi/fwget.c)
#   2b. the same with tftp=own: the module's client for every file
#   2c. from tests/qemu/tftpd_refuse.py abort-plain (lock-step; iPXE's first
#      big.bin request gets a TFTP error after 10 blocks): winpe.c32 says
#      so, and its own client fetches big.bin again
#   3. with tftp=classic: syslinux.efi's own client (TFTP_MB >= 100 only:
#      make test-large-tftp runs TFTP_MB=300)
# and each time the probe must read every file byte-exact (BlockIo and the
# firmware's FAT driver).  TFTP_MB=300 on the loaded 2-core box: windowed
# 313 s (window 16, 21 gaps, 46 timeouts: QEMU user-net drops tails of
# windows), lock-step 214 s, classic 198 s, 6 PASS.
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
source "$ROOT/tests/lib.sh"
source "$ROOT/tests/qemu/lib.sh"
source "$ROOT/tests/qemu/lib-tftp.sh"
source "$ROOT/tests/efi/lib-efi.sh"

MB=${TFTP_MB:-4}
MEM=$(( MB * 3 + 512 ))
TMO=$(( 300 + MB * 3 ))
[ -f "$B/tests/probe-bootmgfw.efi" ] && [ -f "$B/efi64/winpe.c32" ] || { fail uefi-tftp "build first: make all"; exit 1; }
W=$(scratch "efi-tftp-$MB")
R=$W/root
efi_fixture "$R"
head -c $((MB << 20)) /dev/urandom > "$R/files/big.bin"
atftpd_start "$R" || { fail uefi-tftp-atftpd "atftpd did not start (scripts/atftpd.sh; log $ATFTPD_LOG)"; exit 1; }

# words P: the file words with source prefix P
words() {
	printf '%s ' "file=$1/probe.efi@bootmgfw.efi" "file=$1/bcd@\\boot\\bcd" \
		"file=$1/Boot.SDI@\\boot\\boot.sdi" "file=$1/big.bin"
}

# one_boot NAME APPEND: boot, then check the probe's files; LOG is set
one_boot() {
	local name=$1 start=$SECONDS
	LOG=$W/$name.log
	efi_cfg "$R" "$2"
	qemu_boot uefi "$R" "$LOG" "$TMO" 'PROBE VERDICT|winpe: not booting' "" "$MEM"
	echo "  $name: $((SECONDS - start)) s"
	flat_log "$LOG" | grep -ao 'winpe: [^ ]*: TFTP from [0-9.:]*[ ,][^(]*([^)]*)' | sed 's/^/  /'
	probe_expect "uefi-tftp-$name-byte-exact" "$LOG" bootmgfw.efi="$R/files/probe.efi" \
		'\boot\bcd'="$R/files/bcd" '\boot\boot.sdi'="$R/files/Boot.SDI" big.bin="$R/files/big.bin"
}

# tftp_line LOG: the module's TFTP summary line of big.bin
tftp_line() {
	flat_log "$1" | grep -ao 'winpe: [^ ]*big.bin: TFTP from [0-9.:]*, blksize [0-9]*, windowsize [0-9]*[^,]*, [0-9]* gap(s), [0-9]* timeout(s)' | head -1
}

one_boot windowed "$(words "tftp://10.0.2.2:$ATFTPD_PORT/files")"
l=$(tftp_line "$LOG")
if [[ $l =~ "TFTP from 10.0.2.2:$ATFTPD_PORT, blksize 1468, windowsize "(4|8|16)", " ]]; then
	pass uefi-tftp-windowed-negotiated
else
	fail uefi-tftp-windowed-negotiated "want blksize 1468 and windowsize 4, 8 or 16 from atftpd, got '$l' (log $LOG)"
fi

one_boot lockstep-builtin "$(words files)"
n=$(stat -c %s "$R/files/big.bin")
if flat_log "$LOG" | grep -aq 'winpe: files/probe.efi: TFTP from 10.0.2.2:69, blksize [0-9]*, windowsize 1 (lock-step' &&
   flat_log "$LOG" | grep -aq "winpe: the TFTP server 10.0.2.2 reads lock-step (no windowsize): iPXE's TFTP client fetches its next files" &&
   flat_log "$LOG" | grep -aq "winpe: files/big.bin: TFTP from 10.0.2.2:69 by iPXE, $n bytes in [0-9]* ms"; then
	pass uefi-tftp-builtin-lock-step-hands-to-ipxe
else
	fail uefi-tftp-builtin-lock-step-hands-to-ipxe "want probe.efi lock-step by the module's client, then big.bin by iPXE's (log $LOG)"
fi

one_boot lockstep-own "tftp=own $(words files)"
l=$(tftp_line "$LOG")
if [[ $l =~ "TFTP from 10.0.2.2:69, blksize "[0-9]+", windowsize 1 (lock-step" ]] && ! flat_log "$LOG" | grep -aq 'by iPXE'; then
	pass uefi-tftp-own-keeps-module-client
else
	fail uefi-tftp-own-keeps-module-client "want every file lock-step by the module's client with tftp=own, got '$l' (log $LOG)"
fi

refuse_start "$R" abort-plain big.bin || fail uefi-tftp-ipxe-fails "tests/qemu/tftpd_refuse.py abort-plain did not start"
one_boot ipxe-fails "$(words "tftp://10.0.2.2:$REFUSE_PORT/files")"
l=$(tftp_line "$LOG")
if flat_log "$LOG" | grep -aq "winpe: tftp://10.0.2.2:$REFUSE_PORT/files/big.bin: iPXE's TFTP client stopped after [0-9]* bytes from 10.0.2.2 (EFI status 0x[0-9a-f]*); the module's own TFTP client from now on" &&
   sed -n '/^ABORT files\/big.bin$/,$p' "$REFUSE_LOG" | grep -q '^SERVE files/big.bin .*windowsize' &&
   [[ $l =~ "TFTP from 10.0.2.2:$REFUSE_PORT, blksize 1468, windowsize 1 (lock-step)" ]]; then
	pass uefi-tftp-ipxe-failure-falls-back
else
	fail uefi-tftp-ipxe-failure-falls-back "want iPXE's failure named, then big.bin again by the module's client, got '$l' (log $LOG, server log $REFUSE_LOG)"
fi

# (OVMF boots are slow: the classic case only in the large run)
if [ "$MB" -ge 100 ]; then
	one_boot classic "tftp=classic $(words files)"
	if flat_log "$LOG" | grep -aq 'TFTP from'; then
		fail uefi-tftp-classic-is-syslinux "tftp=classic still used the module's client (log $LOG)"
	else
		pass uefi-tftp-classic-is-syslinux
	fi
fi
atftpd_stop
exit $((T_FAILED > 0))
