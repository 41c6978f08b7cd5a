#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# field-boot.sh - `make test-large-field` (part of `make test-large`, not
# `make check`): a WinPE-sized set.  boot.wim is captured by wimlib-imagex
# (--boot, uncompressed) from FIELD_MB (650) MiB of random data with the
# probes inside as \Windows\Boot\PXE\bootmgr.exe and
# \Windows\Boot\EFI\bootmgfw.efi, so winpe.c32 completes the boot manager
# from the WIM; BCD and boot.sdi beside it in a prep-tftproot-style DIR with
# a manifest (tests/bios/lib-bios.sh probe_wim_root).  Every boot uses that
# DIR form, so the module verifies every file (size + SHA-256):
#   bios-tftp  pxelinux.0,   tftp://10.0.2.2:PORT/win from atftpd: the
#              module's windowed client (RFC 7440) over the PXE UDP API
#   bios-tftp-ipxe  pxelinux.0, TFTP from QEMU's lock-step server: iPXE's
#              PXE TFTP API
#   bios-http  lpxelinux.0,  http://10.0.2.2:PORT/win: iPXE's HTTP client
#              through the PXE FILE API (the card lent from lwIP)
#   bios-http-classic  the same with http=classic: lpxelinux.0's lwIP client
#   uefi-tftp  syslinux.efi, tftp://10.0.2.2:PORT/win from atftpd: the
#              module's windowed client over the firmware's UDP4
#   uefi-tftp-ipxe  syslinux.efi, TFTP from QEMU's lock-step server: iPXE's
#              download protocol
#   uefi-http  syslinux.efi, http://10.0.2.2:PORT/win: the firmware's HTTP
#              client (iPXE's download protocol; Content-Length checked)
#   uefi-http-own  the same with http=own: the module's own HTTP client
#              over the firmware's TCP4
#   uefi-http-classic  the same with http=classic: syslinux.efi's HTTP
#              client (a bad transfer, e.g. its stale 8 KiB receive buffer,
#              is caught by the manifest and fetched again, up to
#              FETCH_RETRIES; the retries are reported)
# and each time the probe must read every byte of every file through the
# virtual disk with the host's size and SHA-256 (UEFI: BlockIo and the
# firmware's FAT driver).  Printed per boot: the wall time (QEMU start to
# the probe's verdict), boot.wim's transfer as the host saw it (first
# progress line to its last 100% line, retries included: seconds and MiB/s),
# the module's own rate (its progress line, guest clock) and the retries.
# FIELD_CELLS: a subset of the nine above (default: all); FIELD_TIMEOUT (3600 s) bounds each
# boot, FIELD_STALL (900 s) of serial silence ends it as a stall (the
# probe's read of boot.wim is the longest silence); FIELD_MEM (MiB, default
# 3 * FIELD_MB + 512, below 4 GiB for BIOS).
#
# First run (make test-large-field, 681663517-byte boot.wim, -m 2462, the
# 2-core box shared with other helpers' builds and QEMUs), 6 PASS:
#   bios-tftp  225 s wall, boot.wim 160 s = 4.06 MiB/s (window 16, 21 gaps,
#              149 timeouts)
#   bios-http 1422 s wall, boot.wim 1299 s = 0.50 MiB/s (1 GET)
#   uefi-tftp  196 s wall, boot.wim 110 s = 5.91 MiB/s (window 8, 0 gaps,
#              1 timeout)
#   uefi-http  462 s wall, boot.wim 394 s = 1.65 MiB/s (1 GET, no bad
#              transfer, no stale 8 KiB tail): syslinux.efi's client, on a
#              module from before its own HTTP client (now uefi-http-classic)
# and on main with the module's HTTP client (FIELD_CELLS=uefi-http), 2 PASS:
#   uefi-http  440 s wall, boot.wim 350 s = 1.86 MiB/s (1 GET; the module
#              said 681663517 bytes in 316150 ms, 2.0 MiB/s)
#   uefi-http-classic  393 s wall, boot.wim 338 s = 1.92 MiB/s (1 GET;
#              syslinux.efi appended its stale 8 KiB to boot.wim: the rest
#              had the manifest's SHA-256, so the tail was cut, no re-fetch)
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
source "$ROOT/tests/lib.sh"
source "$ROOT/tests/qemu/lib.sh"
source "$ROOT/tests/qemu/lib-tftp.sh"
source "$ROOT/tests/bios/lib-bios.sh"
source "$ROOT/tests/efi/lib-efi.sh"

MB=${FIELD_MB:-650}
MEM=${FIELD_MEM:-$(( MB * 3 + 512 ))}
TMO=${FIELD_TIMEOUT:-3600}
export QEMU_STALL=${FIELD_STALL:-900}
CELLS=${FIELD_CELLS:-bios-tftp bios-tftp-ipxe bios-http bios-http-classic uefi-tftp uefi-tftp-ipxe uefi-http uefi-http-own uefi-http-classic}
PROBE_EFI=$B/tests/probe-bootmgfw.efi
for f in "$PROBE" "$PROBE_EFI" "$B/bios/winpe.c32" "$B/efi64/winpe.c32" "$B/bin/prep-tftproot"; do
	[ -f "$f" ] || { fail field "$f missing: make all"; exit 1; }
done
W=$(scratch field)
R=$W/root
D=$R/win
WIM=$D/sources/boot.wim
probe_wim_root "$R" win "$MB" manifest efi || { fail field "fixture: see above"; exit 1; }
WIMB=$(stat -c %s "$WIM")
echo "  -m $MEM, per boot: timeout $TMO s, stall after $QEMU_STALL s of serial silence"
atftpd_start "$R" || { fail field-atftpd "atftpd did not start (scripts/atftpd.sh; log $ATFTPD_LOG)"; exit 1; }
http_start "$R" || { fail field-http "could not start the loopback HTTP server"; exit 1; }

# HOW[CELL]: the boot program and the client that fetches
declare -A HOW=([bios-tftp]="pxelinux.0, TFTP from atftpd (the module's windowed client)"
	[bios-tftp-ipxe]="pxelinux.0, TFTP from QEMU's lock-step server (the manifest by the module's client, the rest by iPXE's PXE TFTP API)"
	[bios-http]="lpxelinux.0, HTTP (iPXE's client through the PXE FILE API, the card lent from lwIP)"
	[bios-http-classic]="lpxelinux.0, http=classic (lpxelinux.0's lwIP client)"
	[uefi-tftp]="syslinux.efi, TFTP from atftpd (the module's windowed client)"
	[uefi-tftp-ipxe]="syslinux.efi, TFTP from QEMU's lock-step server (the manifest by the module's client, the rest by iPXE's download protocol)"
	[uefi-http]="syslinux.efi, HTTP (the firmware's client: iPXE's download protocol)"
	[uefi-http-own]="syslinux.efi, http=own (the module's own client over TCP4)"
	[uefi-http-classic]="syslinux.efi, http=classic (syslinux.efi's HTTP client)")

# WIMRE: boot.wim's progress line (name, done/total, percent)
WIMRE='boot\.wim +[0-9]+/[0-9]+ +[0-9]+%'

# watch_wim LOG OUT T0: until killed, append to OUT "start S" when boot.wim's
# progress first shows and "end S" each time another 100% line of it shows
# (S: seconds since T0, host clock; polled every second)
watch_wim() {
	local log=$1 out=$2 t0=$3 started=0 ends=0 n
	while sleep 1; do
		[ -s "$log" ] || continue
		if [ $started = 0 ] && flat_log "$log" | grep -Eaq "$WIMRE"; then
			echo "start $(( $(date +%s) - t0 ))" >> "$out"
			started=1
		fi
		n=$(flat_log "$log" | grep -Eao 'boot\.wim +([0-9]+)/\1 +100%' | wc -l)
		if [ "$n" -gt "$ends" ]; then
			echo "end $(( $(date +%s) - t0 ))" >> "$out"
			ends=$n
		fi
	done
}

# one_boot CELL: boot the DIR one way, check the probe's files, print the figures
one_boot() {
	local cell=$1 fw=${1%%-*} proto=${1#*-} log=$W/$1.log marks=$W/$1.marks url bootfile="" t0 rc
	local pre="" builtin=""
	case $proto in
	http-classic) proto=http; pre="http=classic " ;;
	http-own) proto=http; pre="http=own " ;;
	tftp-ipxe) proto=tftp; builtin=1 ;;
	esac
	local took t1 t2 guest tries line seen
	if [ -n "$builtin" ]; then
		url=win # the boot server: QEMU's built-in TFTP (lock-step)
	elif [ "$proto" = tftp ]; then
		url=tftp://10.0.2.2:$ATFTPD_PORT/win
	else
		url=http://10.0.2.2:$HTTP_PORT/win
		[ "$fw" = bios ] && bootfile=lpxelinux.0
	fi
	winpe_cfg "$R" 0 "first=$pre$url" "second=check file=w/one.txt"
	rm -f "$marks"
	seen=$(wc -l < "$HTTP_LOG") # the server's log lines before this boot
	t0=$(date +%s)
	watch_wim "$log" "$marks" "$t0" &
	local wpid=$!
	track_pid "$wpid"
	qemu_boot "$fw" "$R" "$log" "$TMO" 'PROBE VERDICT|winpe: not booting|FATAL' "" "$MEM" "$bootfile"
	rc=$?
	took=$(( $(date +%s) - t0 ))
	sleep 1.5 # one more look by the watcher at the final log
	kill "$wpid" 2>/dev/null
	wait "$wpid" 2>/dev/null
	echo "  $cell: ${HOW[$cell]}, $pre$url, DIR + manifest"
	case $rc in
	0|67|99) ;; # the verdict seen, or the probe's PASS exit (BIOS 67, UEFI 99) before it was
	124) fail "field-$cell-finished" "QEMU timed out after $TMO s (log $log)" ;;
	125) fail "field-$cell-finished" "stalled: no serial output for $QEMU_STALL s, QEMU stopped after $took s (log $log)" ;;
	*) fail "field-$cell-finished" "QEMU ended with status $rc before the probe's verdict (log $log)" ;;
	esac
	t1=$(awk '$1 == "start" { print $2; exit }' "$marks" 2>/dev/null)
	t2=$(awk '$1 == "end" { v = $2 } END { print v }' "$marks" 2>/dev/null)
	guest=$(flat_log "$log" | grep -Eao 'boot\.wim +([0-9]+)/\1 +100% [0-9.]+ MiB/s' | tail -1 | awk '{ print $4 }')
	tries=$(flat_log "$log" | grep -ao 'boot.wim[^(]*(attempt [0-9]* of [0-9]*)' | wc -l)
	echo "    wall time $took s (QEMU start to the probe's verdict or the end)"
	if [ -n "$t1" ] && [ -n "$t2" ] && [ "$t2" -gt "$t1" ]; then
		echo "    boot.wim $WIMB bytes in $((t2 - t1)) s (host clock, +-1 s): $(awk -v b="$WIMB" -v s=$((t2 - t1)) 'BEGIN { printf "%.2f", b / 1048576 / s }') MiB/s; module's own figure ${guest:-?} MiB/s (guest clock)"
	else
		echo "    boot.wim transfer not timed (marks: $({ tr '\n' ' ' < "$marks"; } 2>/dev/null)); module's figure ${guest:-?} MiB/s"
	fi
	echo "    bad transfers of boot.wim fetched again: $tries"
	flat_log "$log" | grep -ao 'winpe: [^ ]*: [^(]*(attempt [0-9]* of [0-9]*)[a-z ,]*' | sed 's/^/    /'
	flat_log "$log" | grep -ao "winpe: [^ ]*: the last [0-9]* bytes are syslinux.efi's stale receive buffer[^)]*)*" | sed 's/^/    /'
	if [ "$proto" = tftp ]; then
		line=$(flat_log "$log" | grep -ao 'winpe: [^ ]*sources/boot.wim: TFTP from [0-9.:]*\(, blksize [0-9]*, windowsize [0-9]*[^,]*, [0-9]* gap(s), [0-9]* timeout(s)\| by iPXE, [0-9]* bytes in [0-9]* ms ([0-9.]* MiB/s)\)' | tail -1)
		echo "    ${line:-no TFTP summary line of boot.wim}"
		if [ -n "$builtin" ]; then
			[[ $line == *" by iPXE, $WIMB bytes in "* ]] && pass "field-$cell-by-ipxe" ||
				fail "field-$cell-by-ipxe" "boot.wim was not fetched by iPXE's client (log $log)"
		fi
	else
		line=$(tail -n +$((seen + 1)) "$HTTP_LOG" | awk '$1 == "GET" && $2 == "/win/sources/boot.wim" { n++; b = b " " $4 } END { print n + 0 " GET(s) of boot.wim, bytes sent:" b }')
		echo "    server: $line"
		line=$(flat_log "$log" | grep -Eao 'winpe: [^ ]*sources/boot.wim: HTTP ([0-9]+ from [0-9.:]+|from [0-9.]+ by iPXE), [0-9]+ bytes( \([^)]*\))? in [0-9]+ ms \([0-9.]+ MiB/s\)' | tail -1)
		[ -n "$line" ] && echo "    $line"
		if [ "$cell" = bios-http ]; then
			[[ $line == *" by iPXE, $WIMB bytes in "* ]] && pass "field-$cell-by-ipxe" ||
				fail "field-$cell-by-ipxe" "boot.wim was not fetched by iPXE's client (log $log)"
		fi
	fi
	if [ "$fw" = bios ]; then
		probe_files "field-$cell-byte-exact" "$log" bootmgr.exe="$PROBE" /boot/bcd="$D/boot/bcd" \
			/boot/boot.sdi="$D/boot/boot.sdi" /sources/boot.wim="$WIM"
		if grep -aq '^winpe: bootmgr.exe (extracted)' "$log"; then
			pass "field-$cell-bootmgr-from-wim"
		else
			fail "field-$cell-bootmgr-from-wim" "no 'bootmgr.exe (extracted)' line (log $log)"
		fi
	else
		probe_expect "field-$cell-byte-exact" "$log" bootmgfw.efi="$PROBE_EFI" \
			'\boot\bcd'="$D/efi/microsoft/boot/bcd" '\boot\boot.sdi'="$D/boot/boot.sdi" \
			'\sources\boot.wim'="$WIM"
		# the DIR holds no boot manager: the one started came out of the WIM
		if ! grep -qi 'bootmgfw' "$D/manifest" &&
		   flat_log "$log" | grep -aq "winpe: starting bootmgfw.efi ($(stat -c %s "$PROBE_EFI") bytes)"; then
			pass "field-$cell-bootmgr-from-wim"
		else
			fail "field-$cell-bootmgr-from-wim" "no 'starting bootmgfw.efi' of the probe's size, or the DIR has one (log $log)"
		fi
	fi
}

for c in $CELLS; do
	case $c in
	bios-tftp|bios-tftp-ipxe|bios-http|bios-http-classic|uefi-tftp|uefi-tftp-ipxe|uefi-http|uefi-http-own|uefi-http-classic) one_boot "$c" ;;
	*) fail field "unknown cell '$c' in FIELD_CELLS" ;;
	esac
done
atftpd_stop
exit $((T_FAILED > 0))
