#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# t-rerun.sh - re-running is idempotent (tree and configs unchanged, one entry
# per image, user lines kept); --http-base; --inject into boot.wim; default
# name from the image's Windows version/arch (wimlib and the dry-run header reader agree).
. "$(dirname "$0")/prep-lib.sh"
W=$(scratch prep-rerun)
$MK tree "$W/tree" r1 && $MK iso udfonly "$W/tree" "$W/m.iso" || { fail prep-rerun-fixture "mkmedia failed"; exit 1; }
MD=$W/modules; mkdir -p "$MD/bios" "$MD/efi64"
head -c 3000 /dev/urandom >"$MD/bios/winpe.c32"; head -c 3000 /dev/urandom >"$MD/efi64/winpe.c32"
R=$W/root; mkdir -p "$R/pxelinux.cfg"
printf 'DEFAULT local\nPROMPT 1\nLABEL local\n  LOCALBOOT 0\n' >"$R/pxelinux.cfg/default"
j() { /usr/bin/python3 -c "import json,sys; d=json.load(open(sys.argv[1])); print(eval(sys.argv[2]))" "$@"; }

"$PT" "$W/m.iso" --root "$R" --name k --module-dir "$MD" --json >"$W/1.json" 2>/dev/null
expect_eq prep-rerun-first "$(j "$W/1.json" "d['state']")" created
s1=$(snapshot "$R")
"$PT" "$W/m.iso" --root "$R" --name k --module-dir "$MD" --json >"$W/2.json" 2>/dev/null
expect_eq prep-rerun-second-state "$(j "$W/2.json" "d['state']")" unchanged
expect_eq prep-rerun-second-identical "$(cmp -s <(echo "$s1") <(snapshot "$R") && echo same)" same
expect_eq prep-rerun-one-entry "$(grep -c '^# BEGIN prep-tftproot k$' "$R/pxelinux.cfg/default")/$(grep -c '^# BEGIN prep-tftproot k$' "$R/efi64/pxelinux.cfg/default")" "1/1"
expect_eq prep-rerun-user-lines "$(head -4 "$R/pxelinux.cfg/default" | tr '\n' '|')" "DEFAULT local|PROMPT 1|LABEL local|  LOCALBOOT 0|"
# JSON file list == manifest
expect_eq prep-rerun-json-files "$(j "$W/2.json" "'\n'.join('sha256 %s size %d path %s' % (f['sha256'], f['size'], f['path']) for f in d['files'])")" \
	"$(grep -v '^#' "$R/windows/k/manifest")"

# a damaged live file is noticed: the re-run replaces the tree
printf 'X' >>"$R/windows/k/bootmgr"
"$PT" "$W/m.iso" --root "$R" --name k --module-dir "$MD" --json >"$W/3.json" 2>/dev/null
expect_eq prep-rerun-repairs "$(j "$W/3.json" "d['state']")" updated
tree_ok prep-rerun-repaired-tree "$R/windows/k"

# a second image gets its own block; --http-base rewrites only its own block
"$PT" "$W/m.iso" --root "$R" --name k2 --module-dir "$MD" >/dev/null 2>&1
"$PT" "$W/m.iso" --root "$R" --name k --module-dir "$MD" --http-base http://10.0.0.1/tftp/ >/dev/null 2>&1
expect_eq prep-rerun-blocks "$(grep -c '^# BEGIN prep-tftproot' "$R/pxelinux.cfg/default")" 2
expect_eq prep-rerun-http-append "$(sed -n '/^# BEGIN prep-tftproot k$/,/^# END/p' "$R/pxelinux.cfg/default" | grep APPEND)" "  APPEND http://10.0.0.1/tftp/windows/k"
expect_eq prep-rerun-k2-append "$(sed -n '/^# BEGIN prep-tftproot k2$/,/^# END/p' "$R/pxelinux.cfg/default" | grep APPEND)" "  APPEND windows/k2"
expect_eq prep-rerun-k2-append-efi64 "$(sed -n '/^# BEGIN prep-tftproot k2$/,/^# END/p' "$R/efi64/pxelinux.cfg/default" | grep APPEND)" "  APPEND windows/k2"
expect_eq prep-rerun-http-append-efi64 "$(sed -n '/^# BEGIN prep-tftproot k$/,/^# END/p' "$R/efi64/pxelinux.cfg/default" | grep APPEND)" "  APPEND http://10.0.0.1/tftp/windows/k"
tree_ok prep-rerun-k2-tree "$R/windows/k2"

# --inject: default target \Windows\System32\NAME, and SRC@\PATH
printf 'wpeinit\r\nnet use z: \\\\srv\\share\r\n' >"$W/startnet.cmd"
printf '[LaunchApps]\r\n%%SYSTEMDRIVE%%\\Windows\\System32\\cmd.exe\r\n' >"$W/shell.ini"
"$PT" "$W/m.iso" --root "$R" --name inj --no-syslinux --inject "$W/startnet.cmd" \
	--inject "$W/shell.ini@\\Windows\\System32\\winpeshl.ini" >/dev/null 2>&1
WIM=$R/windows/inj/sources/boot.wim
check prep-rerun-inject-verify bash -c 'wimlib-imagex verify "$1" >/dev/null 2>&1' _ "$WIM"
wimlib-imagex extract "$WIM" 2 /Windows/System32/startnet.cmd --to-stdout >"$W/got1" 2>/dev/null
wimlib-imagex extract "$WIM" 2 /Windows/System32/winpeshl.ini --to-stdout >"$W/got2" 2>/dev/null
check prep-rerun-inject-default-path cmp -s "$W/got1" "$W/startnet.cmd"
check prep-rerun-inject-explicit-path cmp -s "$W/got2" "$W/shell.ini"
check prep-rerun-inject-source-untouched cmp -s "$W/tree/sources/boot.wim" "$R/windows/k/sources/boot.wim"
tree_ok prep-rerun-inject-manifest "$R/windows/inj"
out=$("$PT" "$W/m.iso" --root "$R" --name bad --no-syslinux --inject "$W/startnet.cmd@\\Windows\\..\\x" 2>&1); rc=$?
expect_eq prep-rerun-inject-bad-target "$rc:$(echo "$out" | grep -c 'bad target path')" "1:1"

# default name from the Windows version and architecture in the WIM XML
cp -r "$W/tree" "$W/t10"
wimlib-imagex info "$W/t10/sources/boot.wim" 2 --image-property WINDOWS/ARCH=9 --image-property WINDOWS/VERSION/MAJOR=10 \
	--image-property WINDOWS/VERSION/BUILD=19041 >/dev/null
cp -r "$W/tree" "$W/t11"
wimlib-imagex info "$W/t11/sources/boot.wim" 2 --image-property WINDOWS/ARCH=12 --image-property WINDOWS/VERSION/MAJOR=10 \
	--image-property WINDOWS/VERSION/BUILD=22621 >/dev/null
for t in t10:win10-x64 t11:win11-arm64; do
	"$PT" "$W/${t%%:*}" --root "$R" --no-syslinux --dry-run --json >"$W/d.json" 2>/dev/null
	"$PT" "$W/${t%%:*}" --root "$R" --no-syslinux --json >"$W/r.json" 2>/dev/null
	expect_eq "prep-rerun-defname-${t##*:}" "$(j "$W/d.json" "d['name']")/$(j "$W/r.json" "d['name']")" "${t##*:}/${t##*:}"
	check "prep-rerun-defname-${t##*:}-tree" test -f "$R/windows/${t##*:}/manifest"
done
[ "$T_FAILED" -eq 0 ]
