#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# t-bcd.sh - BCD choice (media / boot.wim / generated) and the generated stores
# read back with hivexget: the ramdisk and boot device elements must match the
# reference byte layouts exactly.
. "$(dirname "$0")/prep-lib.sh"
W=$(scratch prep-bcd)
$MK tree "$W/tree" b1 || { fail prep-bcd-fixture "mkmedia failed"; exit 1; }

# bcdsrc JSON KIND: where a store came from
bcdsrc() { /usr/bin/python3 -c "import json,sys; print(json.load(open(sys.argv[1]))['bcd'][sys.argv[2]])" "$1" "$2"; }
# hx HIVE KEY: hex of a value (hivexget prints binary values raw)
hx() { hivexget "$1" "$2" Element | xxd -p | tr -d '\n'; }

# 1. --bcd generate: exact element bytes
R=$W/gen; mkdir -p "$R"
"$PT" "$W/tree" --root "$R" --name g --no-syslinux --bcd generate --json >"$W/gen.json" 2>"$W/gen.err"
expect_eq prep-bcd-generate-src "$(bcdsrc "$W/gen.json" bios)/$(bcdsrc "$W/gen.json" uefi)" "generated/generated"
# ramdisk=[boot]\sources\boot.wim,{ramdiskoptions}: the 176-byte install-media layout
RD=e03455ae24a96c46b83675853 # GUID ae5534e0-a924-466c-b836-758539a3ee3a (Windows order), continued:
RD=${RD}9a3ee3a
RD=${RD}0000000001000000a000000000000000
RD=${RD}03000000000000000000000000000000
RD=${RD}00000000000000000100000078000000
RD=${RD}05000000050000000000000048000000
RD=${RD}$(printf '0%.0s' {1..120})
RD=${RD}5c0073006f0075007200630065007300
RD=${RD}5c0062006f006f0074002e00770069006d000000
BOOTDEV=$(printf '0%.0s' {1..32})0500000000000000480000000000000000$(printf '0%.0s' {1..110})
L='\Objects\{7619dcc9-fafe-11d9-b411-000476eba25f}\Elements'
O='\Objects\{ae5534e0-a924-466c-b836-758539a3ee3a}\Elements'
M='\Objects\{9dea862c-5cdd-4e70-acc1-f32b344d4795}\Elements'
for s in boot/bcd efi/microsoft/boot/bcd; do
	H=$R/windows/g/$s
	expect_eq "prep-bcd-$s-device" "$(hx "$H" "$L\\11000001")" "$RD"
	expect_eq "prep-bcd-$s-osdevice" "$(hx "$H" "$L\\21000001")" "$RD"
	expect_eq "prep-bcd-$s-sdidevice" "$(hx "$H" "$O\\31000003")" "$BOOTDEV"
	expect_eq "prep-bcd-$s-sdipath" "$(hivexget "$H" "$O\\32000004" Element)" '\boot\boot.sdi'
	expect_eq "prep-bcd-$s-systemroot" "$(hivexget "$H" "$L\\22000002" Element)" '\windows'
	expect_eq "prep-bcd-$s-winpe" "$(hx "$H" "$L\\26000022")/$(hx "$H" "$L\\26000010")" "01/01"
	expect_eq "prep-bcd-$s-default" "$(hivexget "$H" "$M\\23000003" Element)" '{7619dcc9-fafe-11d9-b411-000476eba25f}'
done
expect_eq prep-bcd-bios-path "$(hivexget "$R/windows/g/boot/bcd" "$L\\12000002" Element)" '\windows\system32\boot\winload.exe'
expect_eq prep-bcd-uefi-path "$(hivexget "$R/windows/g/efi/microsoft/boot/bcd" "$L\\12000002" Element)" '\windows\system32\boot\winload.efi'
expect_eq prep-bcd-uefi-isolatedcontext "$(hx "$R/windows/g/efi/microsoft/boot/bcd" "$L\\16000060")" "01"
if hivexget "$R/windows/g/boot/bcd" "$L\\16000060" Element >/dev/null 2>&1; then
	fail prep-bcd-bios-no-isolatedcontext "BIOS store has 16000060"
else pass prep-bcd-bios-no-isolatedcontext; fi
check prep-bcd-hivexml hivexml "$R/windows/g/boot/bcd" >/dev/null

# 1b. TFTP tuning elements on {ramdiskoptions}: 8-byte integers
R=$W/tune; mkdir -p "$R"
"$PT" "$W/tree" --root "$R" --name t --no-syslinux --bcd generate --tftp-blocksize 1432 --tftp-windowsize 8 >/dev/null 2>&1
expect_eq prep-bcd-tftp-blocksize "$(hx "$R/windows/t/boot/bcd" "$O\\35000007")" "9805000000000000"
expect_eq prep-bcd-tftp-windowsize "$(hx "$R/windows/t/efi/microsoft/boot/bcd" "$O\\35000008")" "0800000000000000"

# 2. media without BCDs: taken from boot.wim \Windows\Boot\DVD
cp -r "$W/tree" "$W/nobcd"; rm -f "$W/nobcd/boot/bcd" "$W/nobcd/efi/microsoft/boot/bcd"
R=$W/wimbcd; mkdir -p "$R"
"$PT" "$W/nobcd" --root "$R" --name w --no-syslinux --json >"$W/w.json" 2>/dev/null
expect_eq prep-bcd-from-wim-src "$(bcdsrc "$W/w.json" bios)/$(bcdsrc "$W/w.json" uefi)" "boot.wim/boot.wim"
wimlib-imagex extract "$W/tree/sources/boot.wim" 2 /Windows/Boot/DVD/PCAT/BCD --to-stdout >"$W/ref-bcd" 2>/dev/null
check prep-bcd-from-wim-bytes cmp -s "$R/windows/w/boot/bcd" "$W/ref-bcd"

# 3. no BCD anywhere: generated; no boot.sdi on the media: from boot.wim
cp -r "$W/nobcd" "$W/nodvd"
wimlib-imagex update "$W/nodvd/sources/boot.wim" 2 --command="delete --recursive /Windows/Boot/DVD" >/dev/null
R=$W/nodvd-root; mkdir -p "$R"
"$PT" "$W/nodvd" --root "$R" --name n --no-syslinux --json >"$W/n.json" 2>/dev/null
expect_eq prep-bcd-none-generated "$(bcdsrc "$W/n.json" bios)/$(bcdsrc "$W/n.json" uefi)" "generated/generated"
cp -r "$W/tree" "$W/nosdi"; rm -f "$W/nosdi/boot/boot.sdi"
R=$W/nosdi-root; mkdir -p "$R"
"$PT" "$W/nosdi" --root "$R" --name s --no-syslinux >/dev/null 2>&1
wimlib-imagex extract "$W/tree/sources/boot.wim" 2 /Windows/Boot/DVD/PCAT/boot.sdi --to-stdout >"$W/ref-sdi" 2>/dev/null
check prep-bcd-sdi-from-wim cmp -s "$R/windows/s/boot/boot.sdi" "$W/ref-sdi"
rm -f "$W/nodvd/boot/boot.sdi"
R=$W/nosdi2; mkdir -p "$R"
out=$("$PT" "$W/nodvd" --root "$R" --name s --no-syslinux 2>&1); rc=$?
expect_eq prep-bcd-no-sdi-error "$rc:$(echo "$out" | grep -c 'no boot.sdi')" "1:1"
expect_eq prep-bcd-no-sdi-nothing-left "$(find "$R" -mindepth 1 | wc -l)" 0

# 4. a broken media BCD is not kept
cp -r "$W/tree" "$W/badbcd"; head -c 16384 /dev/urandom >"$W/badbcd/boot/bcd"
R=$W/bad-root; mkdir -p "$R"
"$PT" "$W/badbcd" --root "$R" --name b --no-syslinux --json >"$W/b.json" 2>"$W/b.err"
expect_eq prep-bcd-broken-regenerated "$(bcdsrc "$W/b.json" bios)/$(grep -c 'not usable' "$W/b.err")" "generated/1"
[ "$T_FAILED" -eq 0 ]
