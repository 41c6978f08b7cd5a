#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# t-media.sh - prep-tftproot reads the same synthetic Windows media as an
# extracted tree, a mixed-case (ADK-style) tree, ISO9660+Joliet+RR (xorriso),
# a UDF bridge (genisoimage -udf) and a UDF-only image whose ISO9660 view holds
# only README.TXT (pycdlib), and writes the same tree from each.
. "$(dirname "$0")/prep-lib.sh"
W=$(scratch prep-media)
$MK tree "$W/tree" m1 || { fail prep-media-fixture "mkmedia failed"; exit 1; }
# ADK style: mixed case names and DOS-ish upper case
cp -r "$W/tree" "$W/adk"
(cd "$W/adk" && mv boot Boot && mv Boot/bcd Boot/BCD && mv Boot/fonts Boot/Fonts &&
	for f in Boot/Fonts/*; do mv "$f" "Boot/Fonts/$(basename "$f" | tr a-z A-Z)"; done &&
	mv efi EFI && mv EFI/boot EFI/Boot && mv EFI/microsoft EFI/Microsoft && mv EFI/Microsoft/boot EFI/Microsoft/Boot &&
	mv EFI/Microsoft/Boot/bcd EFI/Microsoft/Boot/BCD && mv sources SOURCES && mv SOURCES/boot.wim SOURCES/BOOT.WIM &&
	mv bootmgr BOOTMGR)
for k in joliet udfbridge udfonly; do $MK iso $k "$W/tree" "$W/$k.iso" || fail "prep-media-iso-$k" "mkmedia iso $k failed"; done
$MK iso udfbridge "$W/adk" "$W/adk-udf.iso"

# the UDF-only image really hides the tree from ISO9660 readers
if isoinfo -f -i "$W/udfonly.iso" 2>/dev/null | grep -qi 'boot.wim'; then
	fail prep-media-udfonly-hidden "ISO9660 view of the UDF-only image lists boot.wim"
else
	expect_eq prep-media-udfonly-hidden "$(isoinfo -f -i "$W/udfonly.iso" 2>/dev/null | tr -d '\n')" "/README.TXT;1"
fi

ref=""
for src in tree adk joliet.iso udfbridge.iso udfonly.iso adk-udf.iso; do
	R=$W/root-$src; mkdir -p "$R"
	if ! "$PT" "$W/$src" --root "$R" --name t1 --no-syslinux >"$W/out-$src" 2>&1; then
		fail "prep-media-$src" "exit $?: $(tail -1 "$W/out-$src")"; continue
	fi
	tree_ok "prep-media-$src-manifest" "$R/windows/t1"
	if [ -z "$ref" ]; then ref=$R/windows/t1/manifest; continue; fi
	if cmp -s "$ref" "$R/windows/t1/manifest"; then pass "prep-media-$src-same-tree"
	else fail "prep-media-$src-same-tree" "$(diff "$ref" "$R/windows/t1/manifest" | head -3 | tr '\n' ' ')"; fi
done

# plain ISO9660 (8.3 upper-case names, no Joliet/Rock Ridge/UDF): found case-insensitively
genisoimage -quiet -o "$W/plain.iso" "$W/tree" 2>/dev/null
R=$W/root-plain; mkdir -p "$R"
if "$PT" "$W/plain.iso" --root "$R" --name t1 --no-syslinux >"$W/out-plain" 2>&1; then
	tree_ok prep-media-plain-iso9660 "$R/windows/t1"
	for f in bootmgr boot/bcd boot/boot.sdi sources/boot.wim efi/microsoft/boot/bcd; do
		check "prep-media-plain-$f" cmp -s "$R/windows/t1/$f" "$W/root-tree/windows/t1/$f"
	done
else
	fail prep-media-plain-iso9660 "exit $?: $(tail -1 "$W/out-plain")"
fi

L=$W/root-udfonly.iso/windows/t1
# bytes come from the right places
check prep-media-bootwim-bytes cmp -s "$L/sources/boot.wim" "$W/tree/sources/boot.wim"
wimlib-imagex extract "$W/tree/sources/boot.wim" 2 /Windows/Boot/PXE/bootmgr.exe --to-stdout > "$W/ref-bootmgr.exe" 2>/dev/null
check prep-media-bootmgr.exe-from-wim cmp -s "$L/bootmgr.exe" "$W/ref-bootmgr.exe"
wimlib-imagex extract "$W/tree/sources/boot.wim" 2 /Windows/Boot/EFI_EX/bootmgfw_EX.efi --to-stdout > "$W/ref-ex" 2>/dev/null
check prep-media-bootmgfw_ex-from-wim cmp -s "$L/bootmgfw_ex.efi" "$W/ref-ex"
check prep-media-bootmgr-from-media cmp -s "$L/bootmgr" "$W/tree/bootmgr"
check prep-media-bcd-kept cmp -s "$L/boot/bcd" "$W/tree/boot/bcd"
check prep-media-efi-bcd-kept cmp -s "$L/efi/microsoft/boot/bcd" "$W/tree/efi/microsoft/boot/bcd"
check prep-media-stl cmp -s "$L/efi/microsoft/boot/boot.stl" "$W/tree/efi/microsoft/boot/boot.stl"
check prep-media-font-lowercase test -f "$W/root-adk/windows/t1/boot/fonts/segoe_slboot.ttf"
# layout: exactly the documented files
expect_eq prep-media-layout "$(grep -v '^#' "$L/manifest" | awk '{print $6}' | tr '\n' ' ')" \
"boot/bcd boot/boot.sdi boot/fonts/segmono_boot.ttf boot/fonts/segoe_slboot.ttf boot/fonts/segoen_slboot.ttf boot/fonts/wgl4_boot.ttf bootmgfw.efi bootmgfw_ex.efi bootmgr bootmgr.efi bootmgr.exe efi/boot/bootx64.efi efi/microsoft/boot/bcd efi/microsoft/boot/boot.stl efi/microsoft/boot/fonts/segmono_boot.ttf efi/microsoft/boot/fonts/segoe_slboot.ttf efi/microsoft/boot/fonts/segoen_slboot.ttf efi/microsoft/boot/fonts/wgl4_boot.ttf sources/boot.wim "

# --dry-run writes nothing, neither into an empty root nor into a populated one
E=$W/dry-empty; mkdir -p "$E"
"$PT" "$W/udfonly.iso" --root "$E" --name t1 --dry-run >"$W/dry1" 2>&1
rc=$?
expect_eq prep-media-dryrun-empty "$rc:$(find "$E" -mindepth 1 | wc -l)" "0:0"
P=$W/root-udfonly.iso
before=$(snapshot "$P")
"$PT" "$W/joliet.iso" --root "$P" --name t2 --dry-run --json >"$W/dry2.json" 2>&1
after=$(snapshot "$P")
expect_eq prep-media-dryrun-populated "$(cmp -s <(echo "$before") <(echo "$after") && echo same)" same
check prep-media-dryrun-json /usr/bin/python3 -c "import json,sys; d=json.load(open(sys.argv[1])); assert d['ok'] and d['state']=='dry-run' and d['name']=='t2' and d['wim']['images']==2" "$W/dry2.json"

# default name from the volume id when boot.wim carries no Windows version
R=$W/root-defname; mkdir -p "$R"
"$PT" "$W/joliet.iso" --root "$R" --no-syslinux --json >"$W/defname.json" 2>/dev/null
check prep-media-default-name /usr/bin/python3 -c "import json,sys; d=json.load(open(sys.argv[1])); assert d['name']=='testwin', d['name']" "$W/defname.json"
[ "$T_FAILED" -eq 0 ]
