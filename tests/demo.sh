#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# demo.sh [ISO] - the admin's path, shown live: a Windows PE ISO ->
# `prep-tftproot ISO --root DIR` (the built tool, as README shows it) -> PXE
# boots in QEMU with the pxelinux.cfg entry it wrote: BIOS over TFTP
# (pxelinux.0), BIOS over HTTP (lpxelinux.0, prep-tftproot --http-base) and
# UEFI (efi64/syslinux.efi), serial console shown; ends with a table of what
# each boot proved.
# Without ISO: a generated WinPE-shaped UDF ISO (no Microsoft files) whose
# boot managers are our probes, which read the virtual disk as the real ones
# do and report each file's size and SHA-256.  With ISO: the user's media; a
# real boot manager starts, so each VM's screen is saved as a PNG when it
# settles (or at the timeout) and the demo reports what it saw.
# Environment: DEMO_BOOTS (default "bios-tftp bios-http uefi-tftp"),
# DEMO_TIMEOUT (s per VM; 240, with ISO 900), DEMO_MEM (MiB; 512, with ISO
# 3072), DEMO_SETTLE (s of unchanged screen after the hand-off; 30, with ISO
# 60), DEMO_DIR (build/demo).
ROOT=$(cd "$(dirname "$0")/.." && pwd)
source "$ROOT/tests/lib.sh"
source "$ROOT/tests/qemu/lib.sh"
source "$ROOT/tests/demo/lib-demo.sh"
ISO=${1:-}
DW=${DEMO_DIR:-$B/demo}
DEMO_BOOTS=${DEMO_BOOTS:-bios-tftp bios-http uefi-tftp}
if [ -n "$ISO" ]; then
	DEMO_TIMEOUT=${DEMO_TIMEOUT:-900}; DEMO_MEM=${DEMO_MEM:-3072}; DEMO_SETTLE=${DEMO_SETTLE:-60}
else
	DEMO_TIMEOUT=${DEMO_TIMEOUT:-240}; DEMO_MEM=${DEMO_MEM:-512}; DEMO_SETTLE=${DEMO_SETTLE:-30}
fi
export PATH=$B/bin:$PATH

# say TEXT...: one line of the demo's own narration
say() { echo "demo: $*"; }
for f in bin/prep-tftproot bios/winpe.c32 efi64/winpe.c32; do
	[ -f "$B/$f" ] || { say "FAILED: build/$f is missing: run 'make all' (or 'make demo')"; exit 1; }
done
rm -rf "$DW"; mkdir -p "$DW"

# ---- 1. the medium ---------------------------------------------------------------
if [ -n "$ISO" ]; then
	MEDIA=$(realpath -m -- "$ISO")
	say "your medium: $MEDIA"
else
	for f in tests/probe-bootmgr.exe tests/probe-bootmgfw.efi; do
		[ -f "$B/$f" ] || { say "FAILED: build/$f is missing: run 'make all'"; exit 1; }
	done
	say "generating a WinPE-shaped ISO (UDF only, as Microsoft's media; random stand-ins, no Microsoft"
	say "files); its boot.wim's boot managers are our probes: BIOS \\Windows\\Boot\\PXE\\bootmgr.exe and"
	say "UEFI \\Windows\\Boot\\EFI\\bootmgfw.efi read the virtual disk as the real ones do and report hashes"
	MK="bash $ROOT/tests/prep/mkmedia.sh"
	$MK tree "$DW/media" demo >/dev/null || { say "FAILED: generating the sample media tree"; exit 1; }
	wimlib-imagex update "$DW/media/sources/boot.wim" 2 >/dev/null <<EOF || { say "FAILED: wimlib-imagex update"; exit 1; }
add '$B/tests/probe-bootmgr.exe' /Windows/Boot/PXE/bootmgr.exe
add '$B/tests/probe-bootmgfw.efi' /Windows/Boot/EFI/bootmgfw.efi
delete /Windows/Boot/EFI_EX/bootmgfw_EX.efi
EOF
	MEDIA=$DW/winpe-sample.iso
	$MK iso udfonly "$DW/media" "$MEDIA" || { say "FAILED: generating the sample ISO"; exit 1; }
	say "medium: $MEDIA ($(stat -c %s "$MEDIA") bytes)"
fi

# ---- 2. prep-tftproot, as README shows it ------------------------------------------
# The lines an admin adds for a serial console and an unattended boot; the
# DEFAULT (and, should prep-tftproot add a UI menu, its 1 s timeout) is
# pointed at the entry prep-tftproot writes.
PREAMBLE='SERIAL 0 115200
PROMPT 0
TIMEOUT 10
ONTIMEOUT demo-entry
DEFAULT demo-entry'

# prep ROOT OUT [ARGS...]: the serial preamble, then prep-tftproot MEDIA --root ROOT ARGS
# (command and output shown), then DEFAULT set to its label; sets IMG (windows/NAME)
prep() {
	local r=$1 out=$2 rc label; shift 2
	mkdir -p "$r/pxelinux.cfg" "$r/efi64/pxelinux.cfg"
	printf '%s\n' "$PREAMBLE" >"$r/pxelinux.cfg/default"
	printf '%s\n' "$PREAMBLE" >"$r/efi64/pxelinux.cfg/default"
	echo "  \$ prep-tftproot $MEDIA --root $r${*:+ $*}"
	prep-tftproot "$MEDIA" --root "$r" "$@" >"$out" 2>&1
	rc=$?
	sed 's/^/  /' "$out"
	if [ $rc != 0 ]; then
		say "FAILED: prep-tftproot refused ${ISO:-the sample} (exit $rc, its message above); nothing was booted"
		exit 1
	fi
	label=$(awk '$1 == "LABEL" {print $2; exit}' "$r/pxelinux.cfg/default")
	[ -n "$label" ] || { say "FAILED: prep-tftproot wrote no LABEL into $r/pxelinux.cfg/default"; exit 1; }
	sed -i -e "s/^DEFAULT demo-entry\$/DEFAULT $label/" -e "s/^ONTIMEOUT demo-entry\$/ONTIMEOUT $label/" \
		"$r/pxelinux.cfg/default" "$r/efi64/pxelinux.cfg/default"
	IMG=$(cd "$r" && ls -d windows/*/ | head -n1); IMG=${IMG%/}
}

say "step 1: prep-tftproot lays out a TFTP root (image tree, syslinux runtime, winpe.c32, entries)"
prep "$DW/tftproot" "$DW/prep-tftp.out"
IMG_TFTP=$IMG
say "the entry it wrote (pxelinux.cfg/default, the same in efi64/):"
sed -n '/^LABEL\|^ *LABEL/,$p' "$DW/tftproot/pxelinux.cfg/default" | sed 's/^/  | /'
case " $DEMO_BOOTS " in *" bios-http "*)
	mkdir -p "$DW/httproot"
	http_start "$DW/httproot" || { say "FAILED: the loopback HTTP server did not start (log: $HTTP_LOG)"; exit 1; }
	say "step 2: the same with --http-base for lpxelinux.0 (served by a loopback HTTP server, port $HTTP_PORT)"
	prep "$DW/httproot" "$DW/prep-http.out" --http-base "http://10.0.2.2:$HTTP_PORT/"
	IMG_HTTP=$IMG
	sed -n '/^LABEL\|^ *LABEL/,$p' "$DW/httproot/pxelinux.cfg/default" | sed 's/^/  | /'
	;;
esac

# ---- 3. the boots -----------------------------------------------------------------
# files_exact LOG FW DIR: "N/3" key files (\boot\bcd, \boot\boot.sdi,
# \sources\boot.wim) whose every PROBE FILE line has the size and SHA-256 of
# the file prep-tftproot wrote in DIR (UEFI: the BCD from \efi\microsoft\boot)
files_exact() {
	local log=$1 fw=$2 d=$3 k rel n=0 ok path size hash p
	for k in boot/bcd boot/boot.sdi sources/boot.wim; do
		rel=$k
		[ "$fw:$k" = uefi:boot/bcd ] && rel=efi/microsoft/boot/bcd
		ok=0
		while read -r _ _ path size hash _; do
			p=$(printf '%s' "$path" | tr 'A-Z\\' 'a-z/'); p=${p#/}
			case $p in efi/microsoft/boot/*) p=boot/${p#efi/microsoft/boot/} ;; esac
			[ "$p" = "$k" ] || continue
			if [ -f "$d/$rel" ] && [ "$size $hash" = "$(stat -c %s "$d/$rel") $(sha256sum <"$d/$rel" | cut -d' ' -f1)" ]; then
				[ $ok = 0 ] && ok=1
			else
				ok=2
			fi
		done < <(grep -a '^PROBE FILE ' "$log" | tr -d '\r')
		[ $ok = 1 ] && n=$((n + 1))
	done
	echo "$n/3"
}

ROWS=()
ALL_OK=1
for b in $DEMO_BOOTS; do
	case $b in
	bios-tftp) fw=bios; r=$DW/tftproot; bf=pxelinux.0; img=$IMG_TFTP; how="SeaBIOS+iPXE, pxelinux.0, files over TFTP" ;;
	bios-http) fw=bios; r=$DW/httproot; bf=lpxelinux.0; img=$IMG_HTTP; how="SeaBIOS+iPXE, lpxelinux.0, files over HTTP" ;;
	uefi-tftp) fw=uefi; r=$DW/tftproot; bf=efi64/syslinux.efi; img=$IMG_TFTP; how="OVMF, efi64/syslinux.efi, files over TFTP" ;;
	*) say "unknown boot '$b' in DEMO_BOOTS (bios-tftp, bios-http, uefi-tftp)"; exit 2 ;;
	esac
	echo "------------------------------------------------------------------------"
	say "boot $b: $how (TCG, no KVM: slow on purpose; up to $DEMO_TIMEOUT s) - serial console:"
	demo_boot "$b" "$fw" "$r" "$bf" "$DEMO_TIMEOUT" "$DEMO_MEM"
	echo "------------------------------------------------------------------------"
	say "$b stopped: $DEMO_END"
	if [ -z "$ISO" ]; then
		ex=$(files_exact "$DW/$b.log" "$fw" "$r/$img")
		if grep -aq '^PROBE VERDICT PASS' "$DW/$b.log" && [ "$ex" = 3/3 ]; then v=PASS; else v=FAIL; ALL_OK=0; fi
		via="INT 13h"; [ $fw = uefi ] && via="BlockIo"
		ROWS+=("$(printf '%-10s %-5s probe: %s; bcd, boot.sdi, boot.wim byte-exact through %s: %s' \
			"$b" "$v" "$(grep -a -m1 '^PROBE VERDICT' "$DW/$b.log" | tr -d '\r' || true)" "$via" "$ex")")
		[ -n "$(grep -a -m1 '^PROBE VERDICT' "$DW/$b.log")" ] || ROWS[-1]="${ROWS[-1]/probe: ;/probe: no verdict ($DEMO_END);}"
	else
		if [ -n "$DEMO_HANDOFF_LINE" ]; then v=HANDOFF; else v=FAIL; ALL_OK=0; fi
		ROWS+=("$(printf '%-10s %-7s %s' "$b" "$v" "$DEMO_AFTER")")
		ROWS+=("$(printf '%-18s module'"'"'s last line: %s' "" "${DEMO_HANDOFF_LINE:-$(grep -a 'winpe:' "$DW/$b.log" | tail -n1)}")")
		ROWS+=("$(printf '%-18s stopped: %s' "" "$DEMO_END")")
		if [ -s "$DW/$b.vga.txt" ] && [ -n "$DEMO_HANDOFF_LINE" ]; then
			say "$b: the VGA text screen at the end ($DW/$b.vga.txt):"
			grep -v '^\s*$' "$DW/$b.vga.txt" | sed 's/^/  # /'
		fi
	fi
	ROWS+=("$(printf '%-18s serial log: %s' "" "$DW/$b.log")")
	if [ -f "$DW/$b.png" ]; then
		ROWS+=("$(printf '%-18s screenshot: %s' "" "$DW/$b.png")")
	else
		ROWS+=("$(printf '%-18s screenshot: none (the VM had stopped)' "")")
	fi
done
[ -n "${HTTP_PID:-}" ] && kill "$HTTP_PID" 2>/dev/null

echo "========================================================================"
if [ -z "$ISO" ]; then
	say "what each boot proved (winpe.c32 fetched the tree prep-tftproot wrote, handed off to the"
	say "boot manager, and served its disk reads):"
else
	say "what each boot showed (HANDOFF: winpe.c32 started your boot manager; Windows PE itself"
	say "takes many minutes under TCG - see the screenshots):"
fi
printf '  %s\n' "${ROWS[@]}"
if [ $ALL_OK = 1 ]; then
	if [ -z "$ISO" ]; then say "verdict PASS"; else say "verdict: every VM reached the boot manager hand-off"; fi
	exit 0
fi
if [ -z "$ISO" ]; then say "verdict FAIL"; else say "verdict FAIL: not every VM reached the hand-off"; fi
exit 1
