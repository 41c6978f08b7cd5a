#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# t-patch-boot.sh - WIM injection and BCD patching end to end: winpe.c32
# injects files into boot.wim and patches the BCD while it boots the probe
# boot manager (BIOS and UEFI); the probe hashes the boot.wim and BCD it reads
# through the firmware path, and they must equal the copies `winpe-disk
# render` makes on the host with the same words; wimlib must accept that WIM
# and find the injected files in the new boot image.
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
source "$ROOT/tests/lib.sh"
source "$ROOT/tests/qemu/lib.sh"
WD=$B/bin/winpe-disk
MKBCD=$B/tests/patch/mkbcd
W=$(scratch patch-boot)
R=$W/root
mk_tftproot "$R"
mkdir -p "$R/w" "$W/tree/Windows/Boot/PXE" "$W/tree/Windows/Boot/EFI" "$W/tree/Windows/System32"
cp "$B/tests/probe-bootmgr.exe" "$W/tree/Windows/Boot/PXE/bootmgr.exe"
cp "$B/tests/probe-bootmgfw.efi" "$W/tree/Windows/Boot/EFI/bootmgfw.efi"
head -c 200000 /dev/urandom > "$W/tree/Windows/System32/winload.exe"
printf 'wpeinit\r\n' > "$W/tree/Windows/System32/startnet.cmd"
wimlib-imagex capture "$W/tree" "$R/w/boot.wim" "PE" --compress=lzx --boot >/dev/null
head -c 300000 /dev/urandom > "$R/w/boot.sdi"
"$MKBCD" "$R/w/bcd-bios" bios >/dev/null
"$MKBCD" "$R/w/bcd-efi" efi >/dev/null
printf '[LaunchApps]\r\n%%SYSTEMDRIVE%%\\x.cmd\r\n' > "$R/w/winpeshl.ini"
printf '@echo injected\r\n' > "$R/w/x.cmd"
printf 'cmd /k\r\n' > "$R/w/startnet.cmd"
cp -r "$R/w" "$R/efi64/w"

INJ="inject=w/winpeshl.ini inject=w/x.cmd@\\Windows\\Setup\\Scripts\\x.cmd inject=w/startnet.cmd"
# render the same on the host: disk names and injected targets as the module uses them
render() { # IMG BCD [--efi]
	"$WD" render "$1" $3 --inject "$R/w/winpeshl.ini" --inject "$R/w/x.cmd@\\Windows\\Setup\\Scripts\\x.cmd" \
		--inject "$R/w/startnet.cmd" "$R/w/$2@\\boot\\bcd" "$R/w/boot.sdi@\\boot\\boot.sdi" \
		"$R/w/boot.wim@\\sources\\boot.wim" 2>"$1.err"
}
# the probe's hash of a file (last path component, any directory)
probe_hash() { # LOG NAME
	awk -v n="$2" '$1 == "PROBE" && $2 == "FILE" { c = $3; sub(/.*[\/\\]/, "", c);
		if (tolower(c) == tolower(n)) h = $4 " " $5 } END { print h }' "$1"
}
host_hash() { echo "$(stat -c %s "$1") $(sha256sum "$1" | cut -d' ' -f1)"; }

# "bioshigh": BIOS with the file data above 4 GiB (highmem, -m 4608), where the
# patched WIM's extents (original, generated, injected) are all relocated
for fw in bios uefi bioshigh; do
	# each firmware gets the OTHER firmware's store: the patch must switch it
	bcd=bcd-efi; efi=; q=$fw; word=; mem=512
	[ $fw = uefi ] && { bcd=bcd-bios; efi=--efi; }
	[ $fw = bioshigh ] && { q=bios; word=highmem; mem=4608; }
	winpe_cfg "$R" 0 "first=file=w/$bcd@\\boot\\bcd file=w/boot.sdi@\\boot\\boot.sdi file=w/boot.wim@\\sources\\boot.wim $INJ $word"
	log=$W/$fw.log
	qemu_boot $q "$R" "$log" 240 'PROBE VERDICT|winpe: not booting|FATAL' "" $mem || true
	if ! grep -aq '^PROBE VERDICT PASS' "$log"; then
		fail "patch-$fw-probe-pass" "$(grep -a 'PROBE VERDICT\|winpe:' "$log" | head -5 | tr '\n' '|') (log: $log)"
		continue
	fi
	pass "patch-$fw-probe-pass"
	if [ $fw = bioshigh ]; then
		grep -aq '^winpe: .*file data above 4 GiB at 0x1' "$log" &&
			pass patch-bioshigh-data-above-4g || fail patch-bioshigh-data-above-4g "not placed high (log: $log)"
	fi
	grep -aq "booting image 1 as image 2 of 2, 3 file(s) injected" "$log" &&
		pass "patch-$fw-module-says-injected" || fail "patch-$fw-module-says-injected" "no message (log: $log)"
	img=$W/$fw.img
	if ! render "$img" "$bcd" $efi; then
		fail "patch-$fw-render" "$(head -c 300 "$img.err")"
		continue
	fi
	rm -f "$W/$fw-boot.wim" "$W/$fw-bcd"
	MTOOLS_SKIP_CHECK=1 mcopy -n -i "$img@@1048576" ::/SOURCES/BOOT.WIM "$W/$fw-boot.wim"
	MTOOLS_SKIP_CHECK=1 mcopy -n -i "$img@@1048576" ::/BOOT/BCD "$W/$fw-bcd"
	expect_eq "patch-$fw-wim-equals-render" "$(probe_hash "$log" boot.wim)" "$(host_hash "$W/$fw-boot.wim")"
	expect_eq "patch-$fw-bcd-equals-render" "$(probe_hash "$log" bcd)" "$(host_hash "$W/$fw-bcd")"
	if [ "$(host_hash "$W/$fw-boot.wim")" != "$(host_hash "$R/w/boot.wim")" ]; then
		pass "patch-$fw-wim-was-patched"
	else
		fail "patch-$fw-wim-was-patched" "boot.wim unchanged"
	fi
	check "patch-$fw-wimlib-verify" wimlib-imagex verify "$W/$fw-boot.wim"
	rm -rf "$W/$fw-x"; mkdir -p "$W/$fw-x"
	wimlib-imagex extract "$W/$fw-boot.wim" 2 --dest-dir="$W/$fw-x" >/dev/null 2>&1
	ok=1
	cmp -s "$W/$fw-x/Windows/System32/winpeshl.ini" "$R/w/winpeshl.ini" || ok=0
	cmp -s "$W/$fw-x/Windows/Setup/Scripts/x.cmd" "$R/w/x.cmd" || ok=0
	cmp -s "$W/$fw-x/Windows/System32/startnet.cmd" "$R/w/startnet.cmd" || ok=0
	cmp -s "$W/$fw-x/Windows/System32/winload.exe" "$W/tree/Windows/System32/winload.exe" || ok=0
	[ $ok = 1 ] && pass "patch-$fw-injected-files-in-image-2" ||
		fail "patch-$fw-injected-files-in-image-2" "extracted image 2 differs (dir $W/$fw-x)"
	want=winload.exe; other=winload.efi
	[ $fw = uefi ] && { want=winload.efi; other=winload.exe; }
	if hivexml "$W/$fw-bcd" | grep -q "$want" && ! hivexml "$W/$fw-bcd" | grep -q "$other" &&
	   hivexml "$R/w/$bcd" | grep -q "$other"; then
		pass "patch-$fw-bcd-loader-path-switched"
	else
		fail "patch-$fw-bcd-loader-path-switched" "want $want (and no $other) in the patched BCD"
	fi
done
exit $((T_FAILED > 0))
