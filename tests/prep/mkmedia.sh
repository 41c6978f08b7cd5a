#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# mkmedia.sh - synthetic Windows media for prep-tftproot tests (no Microsoft files).
#   mkmedia.sh tree DIR [SEED] [WIMMB]  fake media tree (random files, our own BCDs,
#                                       boot.wim with 2 images captured by wimlib-imagex)
#   mkmedia.sh iso KIND DIR OUT.iso     KIND: joliet (xorriso -J -R), udfbridge
#                                       (genisoimage -udf), udfonly (pycdlib UDF 2.60;
#                                       ISO9660 view holds only README.TXT, like oscdimg -u2)
set -euo pipefail
ROOT=${ROOT:-$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)}
PT=$ROOT/build/bin/prep-tftproot

# rnd FILE BYTES SEED: deterministic pseudo-random bytes
rnd() { mkdir -p "$(dirname "$1")"; (set +o pipefail; openssl enc -aes-128-ctr -nosalt -pass "pass:$3" -pbkdf2 -iter 1 \
	-in /dev/zero 2>/dev/null | head -c "$2" > "$1"); }

mk_tree() {
	local d=$1 seed=${2:-s1} wimmb=${3:-0} w
	rm -rf "$d"; mkdir -p "$d"
	w=$(mktemp -d)
	# boot.wim image 1 ("WinPE") and 2 ("Setup")
	rnd "$w/1/Windows/Boot/PXE/bootmgr.exe" 40000 "$seed-bootmgr.exe"
	rnd "$w/1/Windows/Boot/PXE/pxeboot.n12" 3000 "$seed-n12"
	rnd "$w/1/Windows/Boot/EFI/bootmgfw.efi" 50000 "$seed-bootmgfw"
	rnd "$w/1/Windows/Boot/EFI_EX/bootmgfw_EX.efi" 51000 "$seed-bootmgfwex"
	rnd "$w/1/Windows/Boot/DVD/PCAT/boot.sdi" 30000 "$seed-sdi"
	rnd "$w/1/Windows/Boot/DVD/EFI/boot.sdi" 30000 "$seed-sdi"
	"$PT" --make-bcd bios "$w/1/Windows/Boot/DVD/PCAT/BCD"
	"$PT" --make-bcd uefi "$w/1/Windows/Boot/DVD/EFI/BCD"
	rnd "$w/1/Windows/System32/boot/winload.exe" 20000 "$seed-winload"
	rnd "$w/1/Windows/System32/boot/winload.efi" 20000 "$seed-winloadefi"
	if [ "$wimmb" -gt 0 ]; then rnd "$w/1/Windows/System32/big.bin" $((wimmb << 20)) "$seed-big"; fi
	cp -r "$w/1" "$w/2"
	rnd "$w/2/Windows/Boot/PXE/bootmgr.exe" 40000 "$seed-bootmgr.exe-setup"
	rnd "$w/2/setup.exe" 1000 "$seed-setup"
	local comp=LZX; [ "$wimmb" -gt 0 ] && comp=none
	mkdir -p "$d/sources"
	wimlib-imagex capture "$w/1" "$d/sources/boot.wim" "WinPE" --compress=$comp >/dev/null
	wimlib-imagex append "$w/2" "$d/sources/boot.wim" "Setup" --boot >/dev/null
	rm -rf "$w"
	# media tree, install-ISO style lower case
	rnd "$d/bootmgr" 20000 "$seed-bootmgr"
	rnd "$d/bootmgr.efi" 30000 "$seed-bootmgr.efi"
	rnd "$d/boot/boot.sdi" 30000 "$seed-sdi"
	rnd "$d/boot/etfsboot.com" 4096 "$seed-etfs"
	"$PT" --make-bcd bios "$d/boot/bcd"
	for f in segmono_boot segoe_slboot segoen_slboot wgl4_boot; do
		rnd "$d/boot/fonts/$f.ttf" 5000 "$seed-$f"
		rnd "$d/efi/microsoft/boot/fonts/$f.ttf" 5000 "$seed-$f"
	done
	rnd "$d/efi/boot/bootx64.efi" 50000 "$seed-bootx64"
	"$PT" --make-bcd uefi "$d/efi/microsoft/boot/bcd"
	rnd "$d/efi/microsoft/boot/boot.stl" 2000 "$seed-stl"
	rnd "$d/efi/microsoft/boot/efisys.bin" 4096 "$seed-efisys"
	rnd "$d/setup.exe" 3000 "$seed-setup"
	echo "[AutoRun]" > "$d/autorun.inf"
}

mk_iso() {
	local kind=$1 d=$2 out=$3
	rm -f "$out"
	case $kind in
	joliet) xorriso -as mkisofs -quiet -J -joliet-long -R -V TESTWIN -o "$out" "$d" 2>/dev/null ;;
	udfbridge) genisoimage -quiet -udf -J -joliet-long -R -allow-limited-size -V TESTWIN -o "$out" "$d" 2>/dev/null ;;
	udfonly) /usr/bin/python3 - "$d" "$out" <<'PY'
import os, sys, io, pycdlib
src, out = sys.argv[1], sys.argv[2]
iso = pycdlib.PyCdlib()
iso.new(udf='2.60', vol_ident='TESTWIN')
readme = b'This disc contains a "UDF" file system and requires an operating system\r\nthat supports the ISO-13346 "UDF" file system specification.\r\n'
iso.add_fp(io.BytesIO(readme), len(readme), iso_path='/README.TXT;1')
fps = []
for dp, dns, fns in os.walk(src):
    rel = os.path.relpath(dp, src)
    for dn in sorted(dns):
        p = '/' + (dn if rel == '.' else rel + '/' + dn)
        iso.add_directory(udf_path=p)
    for fn in sorted(fns):
        p = '/' + (fn if rel == '.' else rel + '/' + fn)
        f = open(os.path.join(dp, fn), 'rb'); fps.append(f)
        iso.add_fp(f, os.path.getsize(os.path.join(dp, fn)), udf_path=p)
iso.write(out)
iso.close()
PY
	;;
	*) echo "mkmedia: unknown ISO kind $kind" >&2; return 2 ;;
	esac
}

case ${1:-} in
tree) shift; mk_tree "$@" ;;
iso) shift; mk_iso "$@" ;;
*) echo "usage: mkmedia.sh tree DIR [SEED] [WIMMB] | iso KIND DIR OUT" >&2; exit 2 ;;
esac
