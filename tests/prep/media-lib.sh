# SPDX-License-Identifier: GPL-2.0-or-later
# shellcheck shell=bash
# media-lib.sh - helpers of the --iso / --media tests (sourced after
# prep-lib.sh and qemu/lib.sh): the probe fixture ISO, a QEMU boot from a
# CD or disk image, and the check of the probe's file report.

# probe_media W: W/m.iso, a UDF-only WinPE-shaped ISO whose boot.wim carries
# the BIOS probe as bootmgr.exe and the UEFI probe as bootmgfw.efi (as in
# t-qemu-probe.sh)
probe_media() {
	local w=$1 f
	for f in bios/winpe.c32 efi64/winpe.c32 tests/probe-bootmgr.exe tests/probe-bootmgfw.efi; do
		[ -f "$B/$f" ] || { echo "build/$f not built (make all)"; return 1; }
	done
	$MK tree "$w/tree" p1 >/dev/null || { echo "mkmedia tree failed"; return 1; }
	wimlib-imagex update "$w/tree/sources/boot.wim" 2 >/dev/null <<EOT || { echo "wimlib-imagex update failed"; return 1; }
add '$B/tests/probe-bootmgr.exe' /Windows/Boot/PXE/bootmgr.exe
add '$B/tests/probe-bootmgfw.efi' /Windows/Boot/EFI/bootmgfw.efi
delete /Windows/Boot/EFI_EX/bootmgfw_EX.efi
EOT
	$MK iso udfonly "$w/tree" "$w/m.iso" || { echo "mkmedia iso failed"; return 1; }
}

# media_boot FW LOG TIMEOUT DONE_RE DRIVE-ARGS...: boot SeaBIOS (bios) or
# OVMF (uefi) from the given -cdrom/-drive arguments, serial to LOG (escapes
# stripped); stops QEMU once LOG matches DONE_RE.  0 when it matched.
media_boot() {
	local fw=$1 log=$2 t=$3 re=$4 fwargs=() i
	shift 4
	rm -f "$log" "$log.raw"
	if [ "$fw" = uefi ]; then
		cp "$OVMF_VARS" "$log.vars.fd"
		fwargs=(-machine q35 -drive "if=pflash,format=raw,readonly=on,file=$OVMF_CODE"
			-drive "if=pflash,format=raw,file=$log.vars.fd")
	fi
	timeout --kill-after=5 "$t" $QEMU -accel tcg -m 512 -display none -no-reboot -monitor none \
		-nodefaults -vga std -device isa-debug-exit,iobase=0xf4,iosize=0x04 "${fwargs[@]}" \
		-serial "file:$log.raw" "$@" </dev/null >"$log.qemu" 2>&1 &
	local qpid=$!
	track_pid "$qpid"
	for ((i = 0; i < t * 2; i++)); do
		sleep 0.5
		kill -0 "$qpid" 2>/dev/null || break
		[ -f "$log.raw" ] || continue
		strip_log "$log.raw" >"$log"
		if grep -aEq "$re" "$log"; then
			sleep 2 # the rest of the report, the prompt after a refusal
			kill "$qpid" 2>/dev/null
			wait "$qpid" 2>/dev/null
			strip_log "$log.raw" >"$log"
			return 0
		fi
	done
	kill "$qpid" 2>/dev/null
	wait "$qpid" 2>/dev/null
	[ -f "$log.raw" ] && strip_log "$log.raw" >"$log"
	grep -aEq "$re" "$log" 2>/dev/null
}

# probe_tree NAME LOG FW D: PROBE VERDICT PASS, and every PROBE FILE line
# ("PROBE FILE PATH SIZE HASH [how]") has the size and SHA-256 of the file
# of tree D its disk name maps to (core/layout.c), the key files seen.
# (Also t-qemu-probe.sh's check of a PXE tree.)
probe_tree() {
	local n=$1 log=$2 fw=$3 D=$4 bad=0 lines=0 seen="" path size hash rel k
	grep -aq '^PROBE VERDICT PASS' "$log" ||
		{ fail "$n" "no PROBE VERDICT PASS: $(grep -a -m3 -E 'PROBE VERDICT|PROBE ERROR|winpe:.*(not|cannot|no )' "$log" | tr '\n' '|') (log: $log)"; return; }
	while read -r _ _ path size hash _; do
		k=$(printf '%s' "$path" | tr 'A-Z\\' 'a-z/'); k=${k#/}
		case $k in efi/microsoft/boot/*) k=boot/${k#efi/microsoft/boot/} ;; efi/boot/*) k=boot/${k#efi/boot/} ;; esac
		case $fw:$k in
		bios:boot/bcd) rel=boot/bcd ;;
		uefi:boot/bcd) rel=efi/microsoft/boot/bcd ;;
		uefi:boot/boot.stl) rel=efi/microsoft/boot/boot.stl ;;
		uefi:boot/fonts/*) rel=efi/microsoft/$k ;;
		*) rel=$k ;;
		esac
		[ -f "$D/$rel" ] || rel=${k##*/}
		lines=$((lines + 1))
		if [ -z "$rel" ] || [ ! -f "$D/$rel" ]; then echo "  $path: no such file in the tree"; bad=1; continue; fi
		if [ "$size $hash" != "$(stat -c %s "$D/$rel") $(sha256sum "$D/$rel" | cut -d' ' -f1)" ]; then
			echo "  $path ($rel): got $size $hash"; bad=1
		fi
		seen="$seen $k"
	done < <(grep -a '^PROBE FILE ' "$log" | tr -d '\r')
	for k in boot/bcd boot/boot.sdi sources/boot.wim; do
		case " $seen " in *" $k "*) ;; *) echo "  \\$k never reported"; bad=1 ;; esac
	done
	if [ $bad = 0 ] && [ $lines -gt 0 ]; then pass "$n"; else fail "$n" "$lines PROBE FILE lines, differences above (log: $log)"; fi
}
