#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# t-admin.sh - what an admin meets first: --root created with its parents and
# --dry-run refusing what a real run refuses; the menu (UI menu.c32 and its
# modules for BIOS and efi64, --ui prompt, an existing config's choice kept);
# --list and --remove; --http-base without a double slash; a truncated ISO
# named, no libcdio "++ WARN" lines.
. "$(dirname "$0")/prep-lib.sh"
W=$(scratch prep-admin)
$MK tree "$W/tree" ad && $MK iso joliet "$W/tree" "$W/m.iso" || { fail prep-admin-fixture "mkmedia failed"; exit 1; }
MD=$W/modules; mkdir -p "$MD/bios" "$MD/efi64"
head -c 3000 /dev/urandom >"$MD/bios/winpe.c32"; head -c 3000 /dev/urandom >"$MD/efi64/winpe.c32"
j() { /usr/bin/python3 -c "import json,sys; d=json.load(open(sys.argv[1])); print(eval(sys.argv[2]))" "$@"; }
SL=/usr/lib/syslinux/modules

# 1. a missing --root: the dry run says it would create it and writes nothing; the run creates it
R=$W/srv/tftp/deep
out=$("$PT" "$W/m.iso" --root "$R" --name a --module-dir "$MD" --dry-run 2>&1); rc=$?
expect_eq prep-admin-dryrun-missing-root "$rc:$(echo "$out" | grep -c "$R does not exist: a real run creates it"):$(test -e "$W/srv" && echo made || echo none)" "0:1:none"
"$PT" "$W/m.iso" --root "$R" --name a --module-dir "$MD" >"$W/a.out" 2>&1
expect_eq prep-admin-root-created "$?:$(test -f "$R/windows/a/manifest" && echo tree)" "0:tree"
tree_ok prep-admin-root-created-tree "$R/windows/a"

# 2. the dry run refuses what the real run refuses, with the same message
: >"$W/afile"
mkdir -p "$W/u/windows/mine"; echo precious >"$W/u/windows/mine/f"
for c in "notdir:--root $W/afile:is not a directory" "usertree:--root $W/u --name mine:was not made by prep-tftproot" \
	"nomodule:--root $W/u --module-dir $W/nowhere:winpe.c32 not found"; do
	IFS=: read -r n args pat <<<"$c"
	# shellcheck disable=SC2086
	real=$("$PT" "$W/m.iso" --name x $args 2>&1 | grep error:); rr=$?
	# shellcheck disable=SC2086
	dry=$("$PT" "$W/m.iso" --name x $args --dry-run 2>&1 | grep error:)
	expect_eq "prep-admin-dryrun-same-$n" "$(echo "$dry" | grep -c -- "$pat"):$dry" "1:$real"
done
expect_eq prep-admin-dryrun-user-tree-kept "$(cat "$W/u/windows/mine/f"):$(ls "$W/u/windows")" "precious:mine"

# 3. a new config: UI menu.c32, with menu.c32 and its libraries for BIOS and efi64
for c in pxelinux.cfg/default efi64/pxelinux.cfg/default; do
	expect_eq "prep-admin-menu-$c" "$(head -6 "$R/$c" | tr '\n' '|')" \
		"# pxelinux configuration (created by prep-tftproot)|UI menu.c32|MENU TITLE Windows PE network boot|DEFAULT a|PROMPT 0|TIMEOUT 50|"
done
for f in bios/menu.c32:menu.c32 bios/libutil.c32:libutil.c32 bios/libcom32.c32:libcom32.c32 \
	efi64/menu.c32:efi64/menu.c32 efi64/libutil.c32:efi64/libutil.c32 efi64/libcom32.c32:efi64/libcom32.c32; do
	check "prep-admin-menu-module-${f##*:}" cmp -s "$SL/${f%%:*}" "$R/${f##*:}"
done
# --ui prompt: a plain boot: prompt, no UI and no MENU line at all
P=$W/prompt
"$PT" "$W/m.iso" --root "$P" --name a --module-dir "$MD" --ui prompt >/dev/null 2>&1
expect_eq prep-admin-ui-prompt "$(cat "$P/pxelinux.cfg/default" | tr '\n' '|')" \
	"# pxelinux configuration (created by prep-tftproot)|DEFAULT a|PROMPT 1|TIMEOUT 50||# BEGIN prep-tftproot a|LABEL a|  KERNEL winpe.c32|  APPEND windows/a|# END prep-tftproot a|"
# an existing config keeps its choice: no UI line -> no MENU lines (even with --ui menu);
# its own UI line -> kept, with MENU LABEL
U=$W/user; mkdir -p "$U/pxelinux.cfg" "$U/efi64/pxelinux.cfg"
printf 'DEFAULT local\nPROMPT 1\nLABEL local\n  LOCALBOOT 0\n' >"$U/pxelinux.cfg/default"
printf 'UI vesamenu.c32\nDEFAULT local\nLABEL local\n  LOCALBOOT 0\n' >"$U/efi64/pxelinux.cfg/default"
"$PT" "$W/m.iso" --root "$U" --name a --module-dir "$MD" --ui menu >/dev/null 2>&1
expect_eq prep-admin-user-noui "$(cat "$U/pxelinux.cfg/default" | tr '\n' '|')" \
	"DEFAULT local|PROMPT 1|LABEL local|  LOCALBOOT 0|# BEGIN prep-tftproot a|LABEL a|  KERNEL winpe.c32|  APPEND windows/a|# END prep-tftproot a|"
expect_eq prep-admin-user-ui "$(cat "$U/efi64/pxelinux.cfg/default" | tr '\n' '|')" \
	"UI vesamenu.c32|DEFAULT local|LABEL local|  LOCALBOOT 0|# BEGIN prep-tftproot a|LABEL a|  MENU LABEL Windows PE (a)|  KERNEL winpe.c32|  APPEND windows/a|# END prep-tftproot a|"

# 4. --list: names, titles, sizes, entries (text and JSON)
"$PT" "$W/m.iso" --root "$R" --name b --module-dir "$MD" --menu-title "Setup B" >/dev/null 2>&1
"$PT" "$W/m.iso" --root "$R" --name c --no-syslinux >/dev/null 2>&1
"$PT" --list --root "$R" --json >"$W/l.json" 2>"$W/l.err"
tot=$(grep -v '^#' "$R/windows/b/manifest" | awk '{s+=$4} END {print s}')
wim=$(stat -c %s "$R/windows/b/sources/boot.wim")
expect_eq prep-admin-list-json "$(j "$W/l.json" "[(i['name'], i['title'], i['bios'], i['efi64']) for i in d['images']]")" \
	"[('a', 'Windows PE (a)', True, True), ('b', 'Setup B', True, True), ('c', '', False, False)]"
expect_eq prep-admin-list-json-sizes "$(j "$W/l.json" "[(i['bytes'], i['boot_wim_bytes'], i['files']) for i in d['images'] if i['name']=='b'][0]")" \
	"($tot, $wim, $(grep -vc '^#' "$R/windows/b/manifest"))"
"$PT" --list --root "$R" >"$W/l.txt" 2>&1
expect_eq prep-admin-list-text "$(awk '{print $1, $NF}' "$W/l.txt" | tr '\n' '|')" "NAME ENTRIES|a bios,efi64|b bios,efi64|c none|"
expect_eq prep-admin-list-empty "$("$PT" --list --root "$W/nothing-here" 2>&1 | tail -1)" "(no images in $W/nothing-here/windows)"

# 5. --remove: the tree and its two blocks, nothing else; --dry-run only says so
before=$(snapshot "$R")
out=$("$PT" --remove b --root "$R" --dry-run 2>&1); rc=$?
expect_eq prep-admin-remove-dryrun "$rc:$(echo "$out" | grep -c '^would remove b: ')/$(echo "$out" | tail -1):$(snapshot "$R" | cmp -s - <(echo "$before") && echo same)" \
	"0:3/$R/windows/b: would be removed (dry run: nothing written):same"
"$PT" --remove b --root "$R" >"$W/rm.out" 2>&1
expect_eq prep-admin-remove-exit "$?:$(tail -1 "$W/rm.out")" "0:$R/windows/b: removed"
check prep-admin-remove-tree test ! -e "$R/windows/b"
expect_eq prep-admin-remove-blocks "$(grep -c 'prep-tftproot b$' "$R/pxelinux.cfg/default" "$R/efi64/pxelinux.cfg/default" | tr '\n' ' ')" \
	"$R/pxelinux.cfg/default:0 $R/efi64/pxelinux.cfg/default:0 "
# everything except windows/b and the b blocks is byte-identical: compare with the config minus the block
expect_eq prep-admin-remove-nothing-else "$(snapshot "$R" | grep -v pxelinux.cfg/default)" "$(echo "$before" | grep -v -e 'windows/b$' -e 'windows/b/' -e pxelinux.cfg/default)"
expect_eq prep-admin-remove-others "$(grep -c '^# BEGIN prep-tftproot a$' "$R/pxelinux.cfg/default")/$(test -f "$R/windows/a/manifest" && echo a)/$(test -f "$R/efi64/menu.c32" && echo rt)" "1/a/rt"
out=$("$PT" --remove b --root "$R" 2>&1); rc=$?
expect_eq prep-admin-remove-again "$rc:$out" "1:prep-tftproot: error: no image b in $R: no tree and no marked entry (see --list)"
out=$("$PT" --remove mine --root "$W/u" 2>&1); rc=$?
expect_eq prep-admin-remove-user-tree "$rc:$(cat "$W/u/windows/mine/f"):$(echo "$out" | grep -c 'not made by prep-tftproot (no manifest): not removed')" "1:precious:1"
"$PT" --remove c --root "$R" >/dev/null 2>&1
expect_eq prep-admin-remove-no-entries "$?:$(ls -A "$R/windows" | tr '\n' ' ')" "0:a "
# a tree removed by hand: --list shows its entries as orphans, --remove cleans them
rm -rf "$R/windows/a"
expect_eq prep-admin-list-orphan "$("$PT" --list --root "$R" | tail -1 | tr -s ' ')" "a - - - bios,efi64 (no tree: --remove a)"
"$PT" --remove a --root "$R" >/dev/null 2>&1
expect_eq prep-admin-remove-orphan "$?:$(grep -c 'prep-tftproot a$' "$R/pxelinux.cfg/default" "$R/efi64/pxelinux.cfg/default" | tr '\n' ' ')" \
	"0:$R/pxelinux.cfg/default:0 $R/efi64/pxelinux.cfg/default:0 "

# removing the image a header of prep-tftproot's makes DEFAULT moves DEFAULT to the next entry
"$PT" "$W/m.iso" --root "$P" --name z --module-dir "$MD" >/dev/null 2>&1
"$PT" --remove a --root "$P" >/dev/null 2>&1
expect_eq prep-admin-remove-default "$(grep '^DEFAULT' "$P/pxelinux.cfg/default" "$P/efi64/pxelinux.cfg/default" | tr '\n' ' ')" \
	"$P/pxelinux.cfg/default:DEFAULT z $P/efi64/pxelinux.cfg/default:DEFAULT z "

# 6. wording: --http-base with a trailing slash, a truncated ISO
out=$("$PT" "$W/m.iso" --root "$W/h" --name h --module-dir "$MD" --http-base http://h:8080/ 2>&1)
expect_eq prep-admin-http-no-double-slash "$(echo "$out" | grep -c 'http://h:8080//')/$(echo "$out" | grep -c "as http://h:8080/\$")/$(grep -c '^  APPEND http://h:8080/windows/h$' "$W/h/pxelinux.cfg/default")" "0/1/1"
for cut in 20000 300000; do
	head -c $cut "$W/m.iso" >"$W/cut.iso"
	out=$("$PT" "$W/cut.iso" --root "$W/t" --name t --no-syslinux 2>&1); rc=$?
	expect_eq "prep-admin-truncated-$cut" "$rc:$(echo "$out" | grep -c '++ WARN'):$(echo "$out" | grep -c "error: $W/cut.iso is truncated: it has $cut bytes.*copy or download the image again")" "1:0:1"
done
expect_eq prep-admin-truncated-nothing "$(test -e "$W/t" && echo left || echo none)" none
[ "$T_FAILED" -eq 0 ]
