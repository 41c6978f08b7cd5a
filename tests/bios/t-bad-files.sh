#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# t-bad-files.sh - BIOS refusals of bad file sets, each with a message that
# names the file and the fix, after which the syslinux prompt comes back:
# proved by typing the label "second" there (check mode of one file).
#   missing WIM (DIR form; a missing BCD or boot.sdi is completed from the
#   WIM like the file= form: tests/fileset/t-same-disk.sh), truncated WIM, WIM without
#   \Windows\Boot\PXE\bootmgr.exe and no bootmgr given, manifest hash
#   mismatch.  (Non-PE bootmgr.exe and files larger than RAM:
#   t-bad-input.sh.)
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
source "$ROOT/tests/lib.sh"
source "$ROOT/tests/qemu/lib.sh"
source "$ROOT/tests/bios/lib-bios.sh"

[ -f "$PROBE" ] && [ -f "$B/bios/winpe.c32" ] || { fail bios-bad-files "build first: make all"; exit 1; }
W=$(scratch bios-bad-files)
R=$W/root
T=$W/tree
mk_tftproot "$R"
mk_wim_tree "$T"
mkdir -p "$R/w"
printf 'second label\n' > "$R/w/one.txt"
wimlib-imagex capture "$T" "$R/w/good.wim" "WinPE" --compress=LZX --boot >/dev/null ||
	fail bios-bad-files-capture "wimlib-imagex capture failed"
# a WIM cut in the middle of its resources (header intact)
head -c $(( $(stat -c %s "$R/w/good.wim") / 2 )) "$R/w/good.wim" > "$R/w/truncated.wim"
# a WIM without \Windows\Boot\PXE\bootmgr.exe
rm "$T/Windows/Boot/PXE/bootmgr.exe"
wimlib-imagex capture "$T" "$R/w/nobm.wim" "WinPE" --compress=XPRESS --boot >/dev/null ||
	fail bios-bad-files-capture "wimlib-imagex capture failed"

# boot_refused NAME APPEND: boot label "first", type "second" at the prompt
boot_refused() {
	bios_cfg "$R" "$2"
	qemu_boot bios "$R" "$W/$1.log" 150 'WINPE CHECK OK|PROBE VERDICT' second
}

# 1. a DIR without a WIM (nothing else can supply it)
D=$R/nowim
mkdir -p "$D/boot"
head -c 5000 /dev/urandom > "$D/boot/boot.sdi"
head -c 8192 /dev/urandom > "$D/boot/bcd"
boot_refused nowim nowim
refused bios-bad-missing-wim "$W/nowim.log" 'winpe: nowim: no \sources\boot.wim (tried sources/boot.wim, Sources/boot.wim' \
	'run prep-tftproot on your ISO or name the file with file=SRC@\sources\boot.wim'

# 2. a truncated WIM (bootmgr.exe has to come from it)
boot_refused truncated "file=w/truncated.wim@boot.wim"
refused bios-bad-truncated-wim "$W/truncated.log" 'winpe: w/truncated.wim: ' \
	'the WIM is damaged or truncated: copy it again from the media'

# 3. a WIM without \Windows\Boot\PXE\bootmgr.exe, no bootmgr given
boot_refused nobm "file=w/nobm.wim@boot.wim"
refused bios-bad-wim-without-bootmgr "$W/nobm.log" \
	'w/nobm.wim has no \Windows\Boot\PXE\bootmgr.exe and no bootmgr/bootmgr.exe was given; add file=.../bootmgr.exe'

# 4. a manifest whose hash of boot/bcd is wrong (right size)
D=$R/badhash
mkdir -p "$D/boot" "$D/sources"
head -c 8192 /dev/urandom > "$D/boot/bcd"
head -c 5000 /dev/urandom > "$D/boot/boot.sdi"
cp "$R/w/good.wim" "$D/sources/boot.wim"
mk_manifest "$D"
head -c 8192 /dev/urandom > "$D/boot/bcd"
boot_refused badhash badhash
refused bios-bad-manifest-hash "$W/badhash.log" 'badhash/boot/bcd: SHA-256 differs from the manifest' \
	'badhash/boot/bcd: 3 transfers were bad (wrong length or hash); check the server, the network and the manifest'
exit $((T_FAILED > 0))
