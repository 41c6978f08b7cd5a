#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# t-same-disk.sh - winpe.c32 and `winpe-disk render` run one file-set policy
# (core/fileset.c): for a set that needs completion (a DIR holding only
# sources/boot.wim: the boot manager, BCD, boot.sdi and two fonts come from
# the WIM), injection (file= of a non-boot file, inject=) and a BCD patch
# (the WIM's BCD is the other firmware's), the probe boot manager lists
# every file it reads from the virtual disk (path, size, SHA-256) on BIOS
# (INT 13h) and UEFI (BlockIo), and `winpe-disk render` with the same words
# + mtools must list exactly the same files with the same bytes.
#   BIOS: pxelinux.0/TFTP, a DIR without a manifest (core/dirplan.c probing)
#   UEFI: syslinux.efi/TFTP, the same DIR with a manifest
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
source "$ROOT/tests/lib.sh"
source "$ROOT/tests/qemu/lib.sh"
WD=$B/bin/winpe-disk
PREP=$B/bin/prep-tftproot
for f in "$WD" "$PREP" "$B/tests/probe-bootmgr.exe" "$B/tests/probe-bootmgfw.efi" \
	"$B/bios/winpe.c32" "$B/efi64/winpe.c32"; do
	[ -f "$f" ] || { fail same-disk "missing $f (run make all)"; exit 1; }
done
W=$(scratch same-disk)
R=$W/root
T=$W/tree
mk_tftproot "$R"

# the WIM: both boot managers (the probes), each firmware's BCD made for the
# OTHER firmware (the patch must switch the loader paths), boot.sdi, fonts
E=$T/Windows/Boot
mkdir -p "$E/PXE" "$E/EFI" "$E/DVD/PCAT" "$E/DVD/EFI" "$E/Fonts" "$T/Windows/System32"
cp "$B/tests/probe-bootmgr.exe" "$E/PXE/bootmgr.exe"
cp "$B/tests/probe-bootmgfw.efi" "$E/EFI/bootmgfw.efi"
"$PREP" --make-bcd uefi "$E/DVD/PCAT/BCD" >/dev/null
"$PREP" --make-bcd bios "$E/DVD/EFI/BCD" >/dev/null
head -c 300001 /dev/urandom > "$E/DVD/PCAT/boot.sdi"
head -c 200003 /dev/urandom > "$E/DVD/EFI/boot.sdi"
head -c 40000 /dev/urandom > "$E/Fonts/segmono_boot.ttf"
head -c 50000 /dev/urandom > "$E/Fonts/wgl4_boot.ttf"
head -c 250000 /dev/urandom > "$T/Windows/System32/winload.exe"
mkdir -p "$R/set/sources"
wimlib-imagex capture "$T" "$R/set/sources/boot.wim" PE --compress=LZX --boot >/dev/null ||
	{ fail same-disk-fixture "wimlib-imagex capture failed"; exit 1; }
printf 'not a boot file: shown and injected\r\n' > "$R/set/x.txt"
printf 'wpeinit\r\n' > "$R/set/startnet.cmd"
# syslinux.efi resolves "set" against efi64/ first: its copy has a manifest
# (of the WIM, as prep-tftproot writes it; the user's own files are not in it)
cp -r "$R/set" "$R/efi64/set"
f=sources/boot.wim
echo "sha256 $(sha256sum "$R/set/$f" | cut -d' ' -f1) size $(stat -c %s "$R/set/$f") path $f" \
	> "$R/efi64/set/manifest"
WORDS="set file=x.txt inject=startnet.cmd"

# probe_list LOG [blockio]: "path size sha256" of every PROBE FILE line,
# lower case, '/' separators, sorted (UEFI: the BlockIo walk only)
probe_list() {
	tr -d '\r' < "$1" | awk -v how="$2" '$1 == "PROBE" && $2 == "FILE" && (how == "" || $6 == how) {
		p = tolower($3); gsub(/\\/, "/", p); if (substr(p, 1, 1) != "/") p = "/" p
		print p, $4, $5 }' | sort -u
}
# host_list IMG OFFSET DIR: the same for every file of the rendered disk (mtools)
host_list() {
	rm -rf "$3"; mkdir -p "$3"
	MTOOLS_SKIP_CHECK=1 mcopy -s -n -i "$1@@$2" '::/*' "$3/" 2>/dev/null
	(cd "$3" && find . -type f | sed 's|^\.||' | sort | while read -r f; do
		echo "$(echo "$f" | tr 'A-Z' 'a-z') $(stat -c %s ".$f") $(sha256sum ".$f" | cut -d' ' -f1)"
	done) | sort -u
}

for fw in bios uefi; do
	winpe_cfg "$R" 0 "first=$WORDS"
	log=$W/$fw.log
	qemu_boot $fw "$R" "$log" 300 'PROBE VERDICT|winpe: not booting|FATAL' || true
	if ! grep -aq '^PROBE VERDICT PASS' "$log"; then
		fail "same-disk-$fw-probe" "$(grep -a 'PROBE VERDICT\|winpe:' "$log" | head -5 | tr '\n' '|') (log: $log)"
		continue
	fi
	pass "same-disk-$fw-probe"
	flat=$(flat_log "$log")
	fwname=BIOS; how=; cwd=$R; wdfw=bios
	[ $fw = uefi ] && { fwname=UEFI; how=blockio; cwd=$R/efi64; wdfw=efi; }
	case "$flat" in
	*"booting image 1 as image 2 of 2, 2 file(s) injected"*"patched for $fwname"*)
		pass "same-disk-$fw-module-injected-and-patched" ;;
	*) fail "same-disk-$fw-module-injected-and-patched" "no injection/patch message (log: $log)" ;;
	esac
	img=$W/$fw.img
	if ! (cd "$cwd" && "$WD" render "$img" --firmware $wdfw $WORDS 2>"$img.err" &&
	      "$WD" ls --firmware $wdfw $WORDS > "$img.ls" 2>/dev/null); then
		fail "same-disk-$fw-render" "$(head -c 300 "$img.err")"
		continue
	fi
	lba=$(sed -n 's/^disk: [0-9]* sectors, partition at LBA \([0-9]*\).*/\1/p' "$img.ls")
	probe_list "$log" $how > "$W/$fw.probe"
	host_list "$img" $((lba * 512)) "$W/$fw-files" > "$W/$fw.host"
	n=$(wc -l < "$W/$fw.host")
	if [ "$n" -gt 0 ] && cmp -s "$W/$fw.probe" "$W/$fw.host"; then
		pass "same-disk-$fw-every-file-identical ($n files)"
	else
		fail "same-disk-$fw-every-file-identical" "probe vs render differ: $(diff "$W/$fw.probe" "$W/$fw.host" | head -6 | tr '\n' '|')"
	fi
	# the set really was completed, injected and patched: what the disk holds
	bm=bootmgr.exe; [ $fw = uefi ] && bm=bootmgfw.efi
	ok=1
	for want in "/$bm " "/boot/bcd " "/boot/boot.sdi " "/boot/fonts/segmono_boot.ttf " \
		"/boot/fonts/wgl4_boot.ttf " "/x.txt " "/sources/boot.wim "; do
		grep -qF "$want" "$W/$fw.host" || { ok=0; echo "  missing ${want% }"; }
	done
	grep -qF "startnet.cmd" "$W/$fw.host" && { ok=0; echo "  inject= file shown on the disk"; }
	[ $ok = 1 ] && pass "same-disk-$fw-completed" || fail "same-disk-$fw-completed" "see above ($W/$fw.host)"
	wim=$(awk '$1 == "/sources/boot.wim" { print $3 }' "$W/$fw.host")
	bcd=$(awk '$1 == "/boot/bcd" { print $3 }' "$W/$fw.host")
	src_bcd=$E/DVD/PCAT/BCD; [ $fw = uefi ] && src_bcd=$E/DVD/EFI/BCD
	if [ -n "$wim" ] && [ "$wim" != "$(sha256sum < "$R/set/sources/boot.wim" | cut -d' ' -f1)" ] &&
	   [ -n "$bcd" ] && [ "$bcd" != "$(sha256sum < "$src_bcd" | cut -d' ' -f1)" ]; then
		pass "same-disk-$fw-wim-and-bcd-changed"
	else
		fail "same-disk-$fw-wim-and-bcd-changed" "boot.wim or BCD served unchanged"
	fi
done
exit $((T_FAILED > 0))
