#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# t-tftp.sh - the module's own TFTP client on pxelinux.0 (com32/udp.c over
# the PXE UDP API, core/tftp.c): a prep-tftproot-style DIR with a manifest
# (boot.wim = TFTP_MB MiB of random data + the probe as bootmgr.exe,
# captured uncompressed) fetched
#   1. windowed from atftpd (RFC 7440) as tftp://10.0.2.2:PORT/win
#   2. lock-step from QEMU's built-in TFTP server (blksize/tsize only), the
#      plain path "win" on the boot server: the module's client reads the
#      manifest, sees no window and hands the rest to iPXE's TFTP client
#      (com32/fwtftp.c, the PXE TFTP API)
#   2b. the same with tftp=own: the module's client for every file
#   3. with tftp=classic: syslinux's own client, not ours
#   4. from tests/qemu/tftpd_refuse.py, which refuses windowsize with TFTP
#      error 8: winpe.c32 says so and syslinux's client fetches everything
#   5. from tftpd_refuse.py abort-plain (lock-step; iPXE's first boot.wim
#      request gets a TFTP error after 10 blocks): winpe.c32 says so, and
#      its own client fetches boot.wim again
#   6. under lpxelinux.0 (lwIP holds the card: it is lent to iPXE's stack,
#      com32/pxelend.c), windowed from atftpd, as in 1
# and each time the probe must read every file byte-exact.  TFTP_MB=300
# (make test-large) adds 4. atftpd --no-windowsize (an OACK without the
# window: lock-step with blksize 1468).
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
source "$ROOT/tests/lib.sh"
source "$ROOT/tests/qemu/lib.sh"
source "$ROOT/tests/qemu/lib-tftp.sh"
source "$ROOT/tests/bios/lib-bios.sh"

MB=${TFTP_MB:-16}
MEM=$(( MB * 3 + 384 ))
TMO=$(( 240 + MB * 3 ))
[ -f "$PROBE" ] && [ -f "$B/bios/winpe.c32" ] || { fail bios-tftp "build first: make all"; exit 1; }
W=$(scratch "bios-tftp-$MB")
R=$W/root
D=$R/win
probe_wim_root "$R" win "$MB" manifest || { fail bios-tftp "fixture: see above"; exit 1; }
WIM=$D/sources/boot.wim
atftpd_start "$R" || { fail bios-tftp-atftpd "atftpd did not start (scripts/atftpd.sh; log $ATFTPD_LOG)"; exit 1; }

# one_boot NAME APPEND [BOOTFILE]: boot, then check the probe's files; LOG is set
one_boot() {
	local name=$1 start=$SECONDS
	LOG=$W/$name.log
	bios_cfg "$R" "$2"
	qemu_boot bios "$R" "$LOG" "$TMO" 'PROBE VERDICT|winpe: not booting|FATAL' "" "$MEM" "${3:-}"
	echo "  $name: $((SECONDS - start)) s"
	grep -a '^winpe: .*TFTP from' "$LOG" | sed 's/^/  /'
	probe_files "bios-tftp-$name-byte-exact" "$LOG" bootmgr.exe="$PROBE" \
		/boot/bcd="$D/boot/bcd" /boot/boot.sdi="$D/boot/boot.sdi" /sources/boot.wim="$WIM"
}

# tftp_line LOG: the module's TFTP summary line of the WIM
tftp_line() {
	grep -a "^winpe: .*sources/boot.wim: TFTP from" "$1" | tr -d '\r'
}

URL=tftp://10.0.2.2:$ATFTPD_PORT/win
one_boot windowed "$URL"
l=$(tftp_line "$LOG")
if [[ $l =~ "TFTP from 10.0.2.2:$ATFTPD_PORT, blksize 1468, windowsize "(4|8|16)", " ]]; then
	pass bios-tftp-windowed-negotiated
else
	fail bios-tftp-windowed-negotiated "want blksize 1468 and windowsize 4, 8 or 16 from atftpd, got '$l' (log $LOG)"
fi
if grep -aq "Serving win/sources/boot.wim" "$ATFTPD_LOG" && grep -Eaq "windowsize option -> (8|16|32)$" "$ATFTPD_LOG"; then
	pass bios-tftp-windowed-served-by-atftpd
else
	fail bios-tftp-windowed-served-by-atftpd "atftpd's log shows no windowed boot.wim ($ATFTPD_LOG)"
fi

one_boot lockstep-builtin win
l=$(tftp_line "$LOG")
m=$(grep -a '^winpe: win/manifest: TFTP from' "$LOG" | tr -d '\r')
if [[ $m =~ "TFTP from 10.0.2.2:69, blksize "[0-9]+", windowsize 1 (lock-step" ]] &&
   grep -aq '^winpe: the TFTP server 10.0.2.2 reads lock-step (no windowsize): iPXE.s TFTP client fetches its next files' "$LOG" &&
   [[ $l =~ "TFTP from 10.0.2.2:69 by iPXE, $(stat -c %s "$WIM") bytes in "[0-9]+" ms" ]]; then
	pass bios-tftp-builtin-lock-step-hands-to-ipxe
else
	fail bios-tftp-builtin-lock-step-hands-to-ipxe "want the manifest lock-step by the module's client, then boot.wim by iPXE's from QEMU's TFTP, got '$m' / '$l' (log $LOG)"
fi

one_boot lockstep-own "tftp=own win"
l=$(tftp_line "$LOG")
if [[ $l =~ "TFTP from 10.0.2.2:69, blksize 1428, windowsize 1 (lock-step)" ]] && ! grep -aq 'by iPXE' "$LOG"; then
	pass bios-tftp-own-keeps-module-client
else
	fail bios-tftp-own-keeps-module-client "want every file by the module's client with tftp=own, got '$l' (log $LOG)"
fi

one_boot classic "tftp=classic win"
if grep -aq 'TFTP from' "$LOG"; then
	fail bios-tftp-classic-is-syslinux "tftp=classic still used the module's client (log $LOG)"
else
	pass bios-tftp-classic-is-syslinux
fi

# 4. a server that refuses windowsize (TFTP error 8): syslinux's client for everything
refuse_start "$R" || fail bios-tftp-refusing-server "tests/qemu/tftpd_refuse.py did not start"
one_boot refused "tftp://10.0.2.2:$REFUSE_PORT/win"
if grep -aq "^winpe: tftp://10.0.2.2:$REFUSE_PORT/win/manifest: the TFTP server refused the options (windowsize refused); using syslinux's TFTP client from now on" "$LOG" &&
   ! grep -aq 'TFTP from' "$LOG" && grep -q '^SERVE win/sources/boot.wim' "$REFUSE_LOG"; then
	pass bios-tftp-refused-falls-back
else
	fail bios-tftp-refused-falls-back "want the refusal message once and syslinux's client for the rest (log $LOG, server log $REFUSE_LOG)"
fi

# 5. iPXE's client fails mid-file: the retry and the rest with the module's client
refuse_start "$R" abort-plain || fail bios-tftp-ipxe-fails "tests/qemu/tftpd_refuse.py abort-plain did not start"
one_boot ipxe-fails "tftp://10.0.2.2:$REFUSE_PORT/win"
l=$(tftp_line "$LOG")
if grep -aq "^winpe: tftp://10.0.2.2:$REFUSE_PORT/win/sources/boot.wim: iPXE's TFTP client stopped after [0-9]* bytes from 10.0.2.2 (PXE status 0x[0-9a-f][0-9a-f]); the module's own TFTP client from now on" "$LOG" &&
   sed -n '/^ABORT win\/sources\/boot.wim$/,$p' "$REFUSE_LOG" | grep -q '^SERVE win/sources/boot.wim .*windowsize' &&
   [[ $l =~ "TFTP from 10.0.2.2:$REFUSE_PORT, blksize 1468, windowsize 1 (lock-step)" ]]; then
	pass bios-tftp-ipxe-failure-falls-back
else
	fail bios-tftp-ipxe-failure-falls-back "want iPXE's failure named, then boot.wim again by the module's client, got '$l' (log $LOG, server log $REFUSE_LOG)"
fi

# 6. lpxelinux.0: the module's windowed client on the card lent from lwIP
one_boot lpxelinux-windowed "$URL" lpxelinux.0
l=$(tftp_line "$LOG")
if [[ $l =~ "TFTP from 10.0.2.2:$ATFTPD_PORT, blksize 1468, windowsize "(4|8|16)", " ]] &&
   grep -aq "^winpe: tftp://10.0.2.2:$ATFTPD_PORT/win/manifest: TFTP from" "$LOG"; then
	pass bios-tftp-lpxelinux-lent-card-windowed
else
	fail bios-tftp-lpxelinux-lent-card-windowed "want every file by the module's windowed client under lpxelinux.0, got '$l' (log $LOG)"
fi

if [ "$MB" -ge 100 ]; then
	atftpd_stop
	atftpd_start "$R" --no-windowsize || fail bios-tftp-atftpd2 "atftpd did not start again"
	one_boot no-window "tftp://10.0.2.2:$ATFTPD_PORT/win"
	l=$(tftp_line "$LOG")
	# (the manifest by the module's client; boot.wim, > 65535 blocks, by iPXE's)
	if [[ $l =~ "by iPXE, $(stat -c %s "$WIM") bytes in " ]] &&
	   grep -aq "^winpe: tftp://10.0.2.2:$ATFTPD_PORT/win/manifest: TFTP from .*blksize 1468, windowsize 1 (lock-step)" "$LOG"; then
		pass bios-tftp-oack-without-window
	else
		fail bios-tftp-oack-without-window "want the manifest lock-step at blksize 1468, then boot.wim by iPXE, got '$l' (log $LOG)"
	fi
fi
atftpd_stop
exit $((T_FAILED > 0))
