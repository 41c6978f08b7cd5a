#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# t-inject.sh - WIM injection and BCD patching through `winpe-disk render`,
# checked with independent tools.  For LZX, XPRESS, LZMS and solid WIMs made
# by wimlib-imagex from a generated tree: render with 3 injected files (one
# into System32 by default, one into a new nested directory, one replacing an
# existing file), extract boot.wim with mtools, then wimlib-imagex verify,
# info (image count, boot index, XML), and extract of the new image: every
# injected file byte-exact, every original file unchanged.  --index alone
# changes only the boot index.  BCD: hivexml of the patched store for BIOS
# and UEFI, --rawbcd leaves the bytes identical.
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
. "$ROOT/tests/lib.sh"
WD=$B/bin/winpe-disk
MKBCD=$B/tests/patch/mkbcd
export MTOOLS_SKIP_CHECK=1 LC_ALL=C.UTF-8
for t in wimlib-imagex mcopy hivexml; do
	command -v $t >/dev/null || { fail inject "$t not installed"; exit 1; }
done
[ -x "$WD" ] && [ -x "$MKBCD" ] || { fail inject "missing $WD or $MKBCD (run make all)"; exit 1; }
W=$(scratch patch)
OFF=1048576

# the tree: System32 with files (one to be replaced), boot files, a 2nd image
mkdir -p "$W/tree/Windows/System32/drivers" "$W/tree/Windows/Boot/PXE" "$W/tree2"
for i in 1 2 3 4 5; do head -c $((i * 37000 + 11)) /dev/urandom > "$W/tree/Windows/System32/lib$i.dll"; done
echo "wpeinit" > "$W/tree/Windows/System32/startnet.cmd"
head -c 5000 /dev/zero > "$W/tree/Windows/System32/drivers/zero.sys"
: > "$W/tree/Windows/System32/empty.txt"
head -c 70000 /dev/urandom > "$W/tree/Windows/Boot/PXE/bootmgr.exe"
echo "second" > "$W/tree2/other.txt"
# injected files
printf '[LaunchApps]\r\n%%SYSTEMROOT%%\\system32\\cmd.exe\r\n' > "$W/winpeshl.ini"
head -c 123457 /dev/urandom > "$W/net.sys"
printf 'wpeinit\r\necho injected\r\n' > "$W/startnet.cmd"
head -c 2000 /dev/urandom > "$W/boot.sdi"

# check_wim NAME WIM: the extracted patched WIM against expectations
check_wim() {
	local name=$1 wim=$2 x=$W/x-$1 bad=0 f
	if wimlib-imagex verify "$wim" >"$W/verify-$name.log" 2>&1; then
		pass "$name-verify"
	else
		fail "$name-verify" "$(tail -n 3 "$W/verify-$name.log" | tr '\n' '|')"
	fi
	expect_eq "$name-image-count" "$(wimlib-imagex info "$wim" | sed -n 's/^Image Count: *//p')" 3
	expect_eq "$name-boot-index" "$(wimlib-imagex info "$wim" | sed -n 's/^Boot Index: *//p')" 3
	wimlib-imagex info --xml "$wim" | iconv -f UTF-16 -t UTF-8 > "$W/xml-$name.txt"
	expect_eq "$name-xml-images" "$(grep -o '<IMAGE INDEX="[0-9]*"' "$W/xml-$name.txt" | tr '\n' ' ')" \
		'<IMAGE INDEX="1" <IMAGE INDEX="2" <IMAGE INDEX="3" '
	rm -rf "$x"
	if ! wimlib-imagex extract "$wim" 3 --dest-dir="$x" >"$W/extract-$name.log" 2>&1; then
		fail "$name-extract" "$(tail -n 3 "$W/extract-$name.log" | tr '\n' '|')"
		return
	fi
	cmp -s "$x/Windows/System32/winpeshl.ini" "$W/winpeshl.ini" || { bad=1; echo "  winpeshl.ini differs"; }
	cmp -s "$x/Drivers/Net/x64/net.sys" "$W/net.sys" || { bad=1; echo "  net.sys differs"; }
	# replaced case-insensitively: one entry, the injected name and bytes
	[ "$(ls "$x/Windows/System32" | grep -i '^startnet.cmd$')" = STARTNET.CMD ] || { bad=1; echo "  startnet.cmd not replaced once"; }
	cmp -s "$x/Windows/System32/STARTNET.CMD" "$W/startnet.cmd" || { bad=1; echo "  startnet.cmd differs"; }
	[ -e "$x/Windows/System32/boot.sdi" ] && { bad=1; echo "  boot.sdi injected"; }
	(cd "$W/tree" && find . -type f ! -name startnet.cmd) | while read -r f; do
		cmp -s "$W/tree/$f" "$x/$f" || { echo "  $f differs"; exit 1; }
	done || bad=1
	expect_eq "$name-files" "$bad" 0
	# the original images are unchanged
	rm -rf "$x.1"
	wimlib-imagex extract "$wim" 1 --dest-dir="$x.1" >/dev/null 2>&1
	expect_eq "$name-image1-unchanged" "$(diff -r "$W/tree" "$x.1" >/dev/null && echo same)" same
}

for c in LZX XPRESS LZMS solid; do
	case $c in
	solid) opts=(--solid) ;;
	*) opts=(--compress=$c) ;;
	esac
	rm -f "$W/$c.wim"
	wimlib-imagex capture "$W/tree" "$W/$c.wim" PE "${opts[@]}" >/dev/null &&
	wimlib-imagex append "$W/tree2" "$W/$c.wim" Other >/dev/null ||
		{ fail "$c-capture" "wimlib-imagex failed"; continue; }
	if ! "$WD" render "$W/$c.img" --index 1 --inject "$W/winpeshl.ini" \
		--inject "$W/net.sys@\\Drivers\\Net\\x64\\net.sys" \
		--inject "$W/startnet.cmd@/windows/SYSTEM32/STARTNET.CMD" \
		"$W/$c.wim@boot.wim" "$W/tree/Windows/Boot/PXE/bootmgr.exe" 2>"$W/render-$c.err"; then
		fail "$c-render" "$(head -c 300 "$W/render-$c.err")"
		continue
	fi
	pass "$c-render"
	rm -f "$W/$c-out.wim"
	mcopy -n -i "$W/$c.img@@$OFF" ::/sources/boot.wim "$W/$c-out.wim" 2>/dev/null ||
		{ fail "$c-mcopy" "cannot extract boot.wim"; continue; }
	check_wim "$c" "$W/$c-out.wim"
done

# --index alone: same size, only the boot index changes (and image 2 boots)
"$WD" render "$W/idx.img" --index 2 "$W/LZX.wim@boot.wim" 2>/dev/null &&
	rm -f "$W/idx.wim" && mcopy -n -i "$W/idx.img@@$OFF" ::/sources/boot.wim "$W/idx.wim"
expect_eq index-size "$(stat -c %s "$W/idx.wim" 2>/dev/null)" "$(stat -c %s "$W/LZX.wim")"
expect_eq index-boot "$(wimlib-imagex info "$W/idx.wim" | sed -n 's/^Boot Index: *//p')" 2
expect_eq index-diff "$(cmp -l "$W/idx.wim" "$W/LZX.wim" | awk '$1 > 208' | wc -l)" 0
check index-verify bash -c "wimlib-imagex verify '$W/idx.wim' >/dev/null 2>&1"
# --rawwim: the original bytes
"$WD" render "$W/raw.img" --rawwim --index 2 --inject "$W/winpeshl.ini" "$W/LZX.wim@boot.wim" 2>/dev/null &&
	rm -f "$W/raw.wim" && mcopy -n -i "$W/raw.img@@$OFF" ::/sources/boot.wim "$W/raw.wim"
check rawwim-identical cmp -s "$W/raw.wim" "$W/LZX.wim"

# BCD: BIOS store rendered for UEFI and the UEFI store rendered for BIOS
"$MKBCD" "$W/bios.bcd" bios 30 && "$MKBCD" "$W/efi.bcd" efi 0
bcd_from() { # IMG OUT
	rm -f "$2"; mcopy -n -i "$1@@$OFF" ::/boot/bcd "$2"
}
"$WD" render "$W/b1.img" --efi "$W/bios.bcd@BCD" "$W/LZX.wim@winpe.wim" 2>/dev/null && bcd_from "$W/b1.img" "$W/b1.bcd"
hivexml "$W/b1.bcd" > "$W/b1.xml" 2>/dev/null
# bcd_field XML OBJECT ELEMENT: a string element, or a device element's path
bcd_field() {
	python3 - "$@" <<'PY'
import base64, sys, xml.etree.ElementTree as ET
root = ET.parse(sys.argv[1]).getroot()
def find(node, path):
    for name in path:
        node = next((c for c in node.findall("node") if c.get("name").lower() == name.lower()), None)
        if node is None:
            return None
    return node
objs = find(root.find("node"), ["Objects"])
el = find(objs, [sys.argv[2], "Elements", sys.argv[3]]) if objs is not None else None
v = el.find("value") if el is not None else None
if v is None:
    print("(missing)")
elif v.get("type") == "string":
    print(v.get("value"))
else:
    b = base64.b64decode(v.get("value"))
    if len(b) > 0x8C:
        print(b[0x8C:].decode("utf-16-le").rstrip("\0"), len(b))
    else:
        print(b.hex(), len(b))
PY
}
LOADER='{7619dcc9-fafe-11d9-b411-000476eba25f}'
BOOTMGR='{9dea862c-5cdd-4e70-acc1-f32b344d4795}'
expect_eq bcd-efi-path "$(bcd_field "$W/b1.xml" $LOADER 12000002)" '\windows\system32\boot\winload.efi'
expect_eq bcd-efi-device "$(bcd_field "$W/b1.xml" $LOADER 11000001)" '\sources\winpe.wim 178'
expect_eq bcd-efi-osdevice "$(bcd_field "$W/b1.xml" $LOADER 21000001)" '\sources\winpe.wim 178'
expect_eq bcd-efi-timeout "$(bcd_field "$W/b1.xml" $BOOTMGR 25000004)" '0000000000000000 8'
"$WD" render "$W/b2.img" "$W/efi.bcd@BCD" "$W/LZX.wim@\\sources\\x\\pe.wim" 2>/dev/null && bcd_from "$W/b2.img" "$W/b2.bcd"
hivexml "$W/b2.bcd" > "$W/b2.xml" 2>/dev/null
expect_eq bcd-bios-path "$(bcd_field "$W/b2.xml" $LOADER 12000002)" '\windows\system32\boot\winload.exe'
expect_eq bcd-bios-device "$(bcd_field "$W/b2.xml" $LOADER 11000001)" '\sources\x\pe.wim 176'
"$WD" render "$W/b3.img" --efi --rawbcd "$W/bios.bcd@BCD" "$W/LZX.wim@winpe.wim" 2>/dev/null && bcd_from "$W/b3.img" "$W/b3.bcd"
check bcd-rawbcd-identical cmp -s "$W/b3.bcd" "$W/bios.bcd"
exit 0
