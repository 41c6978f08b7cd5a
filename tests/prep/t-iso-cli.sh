#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# t-iso-cli.sh - prep-tftproot --iso / --media without QEMU: a second image
# added to an existing OUT.iso keeps the first (trees, both configs, the
# ESP copy); a rerun leaves OUT.iso byte-identical; a foreign OUT.iso, a
# boot.wim over FAT's 4 GiB limit and a failing tree build leave nothing
# behind and say why; options that make no sense with media exit 2.
. "$(dirname "$0")/prep-lib.sh"
W=$(scratch prep-iso-cli)
export MTOOLS_SKIP_CHECK=1
$MK tree "$W/a" a1 >/dev/null && $MK tree "$W/b" b1 >/dev/null ||
	{ fail prep-iso-cli-fixture "mkmedia tree failed"; exit 1; }
$MK iso joliet "$W/a" "$W/a.iso" || { fail prep-iso-cli-fixture "mkmedia iso failed"; exit 1; }
O=$W/out/m.iso; mkdir -p "$W/out"

# leftovers: nothing beside OUT.iso (no staging directory, no temp file)
left() { ls -A "$W/out" | tr '\n' ' '; }
# readback DIR: the ISO's tree in DIR
readback() { rm -rf "$1"; mkdir -p "$1"; xorriso -report_about SORRY -osirrox on -indev "$O" -extract / "$1" 2>/dev/null; chmod -R u+w "$1"; }

"$PT" "$W/a.iso" --iso "$O" --name one --module-dir "$B" >"$W/1.out" 2>&1
expect_eq prep-iso-cli-first "$?:$(left)" "0:m.iso "
"$PT" "$W/b" --iso "$O" --name two --menu-title "Second PE" --module-dir "$B" >"$W/2.out" 2>&1
expect_eq prep-iso-cli-second "$?:$(head -1 "$W/2.out" | cut -d' ' -f2):$(left)" "0:updated:m.iso "
readback "$W/x"
tree_ok prep-iso-cli-tree-one "$W/x/windows/one"
tree_ok prep-iso-cli-tree-two "$W/x/windows/two"
check prep-iso-cli-one-wim cmp -s "$W/x/windows/one/sources/boot.wim" "$W/a/sources/boot.wim"
check prep-iso-cli-two-wim cmp -s "$W/x/windows/two/sources/boot.wim" "$W/b/sources/boot.wim"
expect_eq prep-iso-cli-cfg "$(grep -E '^(DEFAULT|LABEL|  MENU LABEL|  APPEND)' "$W/x/isolinux/isolinux.cfg" | tr '\n' '|')" \
	"DEFAULT one|LABEL one|  MENU LABEL Windows PE (one)|  APPEND /windows/one|LABEL two|  MENU LABEL Second PE|  APPEND /windows/two|"
check prep-iso-cli-efi-cfg cmp -s "$W/x/isolinux/isolinux.cfg" "$W/x/EFI/BOOT/syslinux.cfg"
mkdir -p "$W/esp"
mcopy -s -n -i "$W/x/isolinux/efiboot.img@@1M" ::/windows "$W/esp/" 2>/dev/null
if diff -r "$W/esp/windows" "$W/x/windows" >/dev/null; then pass prep-iso-cli-esp-both
else fail prep-iso-cli-esp-both "the ESP's windows/ differs from the ISO's"; fi
expect_eq prep-iso-cli-no-lock "$(find "$W/x" "$W/esp" -name '.prep*' | wc -l)" 0

# rerun of the second image: unchanged, OUT.iso not rewritten
sum=$(sha256sum <"$O"); ino=$(stat -c %i:%Y "$O")
"$PT" "$W/b" --iso "$O" --name two --menu-title "Second PE" --module-dir "$B" >"$W/3.out" 2>&1
expect_eq prep-iso-cli-rerun "$?:$(head -1 "$W/3.out")" "0:$O: unchanged (windows/two and the menu entries are as they were)"
expect_eq prep-iso-cli-rerun-same "$(sha256sum <"$O") $(stat -c %i:%Y "$O"):$(left)" "$sum $ino:m.iso "

# a failing tree build (no such boot.wim image): OUT.iso untouched, no staging
"$PT" "$W/b" --iso "$O" --name three --index 9 --module-dir "$B" >"$W/4.out" 2>&1
expect_eq prep-iso-cli-fail-exit $? 1
expect_eq prep-iso-cli-fail-msg "$(grep -c 'index 9 not in boot.wim' "$W/4.out")" 1
expect_eq prep-iso-cli-fail-untouched "$(sha256sum <"$O"):$(left)" "$sum:m.iso "

# a killed run's staging directory is removed by the next run
mkdir -p "$W/out/.m.iso.prep-Zz9Yx1/tree"
"$PT" "$W/b" --iso "$O" --name two --menu-title "Second PE" --module-dir "$B" >/dev/null 2>&1
expect_eq prep-iso-cli-sweep "$?:$(left)" "0:m.iso "

# SIGTERM while the new image is being staged: OUT.iso as it was, no staging left
$MK tree "$W/c" c1 24 >/dev/null
# (the tree build, a child, stops itself at its boot.wim copy: PREP_TFTPROOT_TEST_PAUSE;
#  a timed kill raced with a fast build under load)
PREP_TFTPROOT_TEST_PAUSE=wim "$PT" "$W/c" --iso "$O" --name three --module-dir "$B" >"$W/k.out" 2>&1 &
kpid=$!; track_pid $kpid
cpid=
for _ in $(seq 1 600); do
	cpid=$(sed -n 's/.*test pause at wim (pid \([0-9]*\)).*/\1/p' "$W/k.out" | head -1)
	[ -n "$cpid" ] && break; sleep 0.05
done
kill -TERM $kpid; [ -n "$cpid" ] && kill -CONT "$cpid"; wait $kpid; krc=$?
expect_eq prep-iso-cli-term "$krc:$(sha256sum <"$O"):$(left)" "1:$sum:m.iso "
expect_eq prep-iso-cli-term-msg "$(grep -c 'interrupted\|Terminated\|error' "$W/k.out" | tr -d ' ' | sed 's/^[1-9][0-9]*$/said/')" said

# an ISO not made by prep-tftproot is not replaced
xorriso -as mkisofs -quiet -o "$W/out/foreign.iso" "$W/a" 2>/dev/null
fsum=$(sha256sum <"$W/out/foreign.iso")
"$PT" "$W/a.iso" --iso "$W/out/foreign.iso" --name one --module-dir "$B" >"$W/5.out" 2>&1
expect_eq prep-iso-cli-foreign-exit $? 1
expect_eq prep-iso-cli-foreign-msg "$(grep -c "error: $W/out/foreign.iso exists and was not made by prep-tftproot" "$W/5.out")" 1
expect_eq prep-iso-cli-foreign-untouched "$(sha256sum <"$W/out/foreign.iso"):$(left)" "$fsum:foreign.iso m.iso "
rm -f "$W/out/foreign.iso"

# boot.wim over 4 GiB - 1 (sparse): refused before anything is written
cp -r "$W/a" "$W/huge"; truncate -s 4294967296 "$W/huge/sources/boot.wim"
"$PT" "$W/huge" --iso "$W/out/huge.iso" --name h --module-dir "$B" >"$W/6.out" 2>&1
expect_eq prep-iso-cli-4g-exit $? 1
expect_eq prep-iso-cli-4g-msg "$(grep -c "error: $W/huge: sources/boot.wim is 4294967296 bytes, but the ISO's UEFI boot image is FAT, which holds files of at most 4 GiB - 1" "$W/6.out")" 1
expect_eq prep-iso-cli-4g-nothing "$(left)" "m.iso "

# options that do not fit media: exit 2, nothing written
for bad in "--root $W/r" "--no-syslinux" "--json" "--http-base http://x" "--dry-run" "--name x --name y" "--bogus" "--index 0"; do
	# shellcheck disable=SC2086
	"$PT" "$W/a.iso" --iso "$W/out/z.iso" $bad >/dev/null 2>&1
	expect_eq "prep-iso-cli-usage-${bad%% *}" "$?:$(left)" "2:m.iso "
done
# --media on a stick whose syslinux config lives in boot/syslinux/ and whose
# EFI directory is spelled efi/boot: both are used as they are
S=$W/stick; mkdir -p "$S/boot/syslinux" "$S/efi/boot"
printf 'DEFAULT other\nLABEL other\n  KERNEL other.c32\n' >"$S/boot/syslinux/syslinux.cfg"
"$PT" "$W/a.iso" --media "$S" --name one --module-dir "$B" >"$W/8.out" 2>&1
expect_eq prep-iso-cli-media-bootdir "$?:$(grep -A1 '^BIOS: once' "$W/8.out" | tail -1)" "0:  syslinux --install -d /boot/syslinux /dev/sdXN"
expect_eq prep-iso-cli-media-files "$(cd "$S" && find . -type f ! -path './windows/*' | sort | tr '\n' ' ')" \
	"./boot/syslinux/libcom32.c32 ./boot/syslinux/libutil.c32 ./boot/syslinux/menu.c32 ./boot/syslinux/syslinux.cfg ./boot/syslinux/winpe.c32 ./efi/boot/BOOTX64.EFI ./efi/boot/ldlinux.e64 ./efi/boot/libcom32.c32 ./efi/boot/libutil.c32 ./efi/boot/menu.c32 ./efi/boot/syslinux.cfg ./efi/boot/winpe.c32 "
expect_eq prep-iso-cli-media-user-lines "$(head -3 "$S/boot/syslinux/syslinux.cfg" | tr '\n' '|')" "DEFAULT other|LABEL other|  KERNEL other.c32|"
tree_ok prep-iso-cli-media-tree "$S/windows/one"

"$PT" "$W/a.iso" --media "$W/nonexistent" >"$W/7.out" 2>&1
expect_eq prep-iso-cli-media-nodir "$?:$(grep -c 'error: --media .*nonexistent is not a directory' "$W/7.out")" "1:1"
[ "$T_FAILED" -eq 0 ]
