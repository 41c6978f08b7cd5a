#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# t-sb-bcd.sh - the Secure Boot path's root store and root files: two images
# give one ROOT/boot/bcd whose every object and element (device bytes included)
# matches the reference layout (sbbcd_check.py via hivexml/hivexget); removing
# an image's tree drops its entry at the next run, --remove NAME at once,
# other entries are kept;
# --no-secure-boot leaves the root alone; a foreign BCD or root file is never
# overwritten without --force; the root files are byte-exact copies.
. "$(dirname "$0")/prep-lib.sh"
. "$ROOT/tests/prep/sb-lib.sh"
W=$(scratch prep-sb-bcd)
CHK="/usr/bin/python3 $ROOT/tests/prep/sbbcd_check.py"
sb_pki "$W/pki" && sb_sign "$PROBE" "$W/signed.efi" "$W/pki/leaf.pem" "$W/pki/leaf.key" &&
	sb_media "$W/tree" sb1 "$W/signed.efi" || { fail prep-sb-bcd-fixture "test PKI / media failed"; exit 1; }
R=$W/root; mkdir -p "$R"
run() { "$PT" "$W/tree" --root "$R" --no-syslinux --sb-trust-ca "$W/pki/ca.pem" --json "$@"; }

# 1. image "alpha", then "beta": one store, two entries, default = the last one prepared
run --name alpha >"$W/a.json" 2>"$W/a.err"
expect_eq prep-sb-bcd-alpha-ok "$(sb_json "$W/a.json" "j['secure_boot']['ok'], j['secure_boot']['images'], j['secure_boot']['bootfile']")" \
	"True 1 windows/alpha/bootmgfw.efi"
check prep-sb-bcd-one $CHK "$R/boot/bcd" alpha alpha
run --name beta --menu-title "Beta PE" >"$W/b.json" 2>"$W/b.err"
expect_eq prep-sb-bcd-beta-ok "$(sb_json "$W/b.json" "j['secure_boot']['ok'], j['secure_boot']['images']")" "True 2"
check prep-sb-bcd-two $CHK "$R/boot/bcd" beta alpha "beta=Beta PE"
# the checker can fail: wrong default
if $CHK "$R/boot/bcd" alpha alpha "beta=Beta PE" >/dev/null; then fail prep-sb-bcd-checker-negative "wrong default accepted"
else pass prep-sb-bcd-checker-negative; fi

# 2. root files: byte-exact copies of the image's boot.stl and fonts, listed as ours
ok=1
for f in boot.stl fonts/wgl4_boot.ttf fonts/segoe_slboot.ttf fonts/segmono_boot.ttf; do
	cmp -s "$R/efi/microsoft/boot/$f" "$W/tree/efi/microsoft/boot/$f" || { ok=0; echo "differs: $f"; }
done
[ $ok = 1 ] && pass prep-sb-bcd-rootfiles || fail prep-sb-bcd-rootfiles "root files differ from the media"
expect_eq prep-sb-bcd-owned "$(sort "$R/efi/microsoft/boot/.prep-tftproot" | tr '\n' ' ')" \
	"efi/microsoft/boot/boot.stl efi/microsoft/boot/fonts/segmono_boot.ttf efi/microsoft/boot/fonts/segoe_slboot.ttf efi/microsoft/boot/fonts/segoen_slboot.ttf efi/microsoft/boot/fonts/wgl4_boot.ttf "
# no copy of boot.wim outside the image trees
expect_eq prep-sb-bcd-no-wim-copy "$(find "$R" -name boot.wim | sort | tr '\n' ' ')" \
	"$R/windows/alpha/sources/boot.wim $R/windows/beta/sources/boot.wim "

# 3. --no-secure-boot: the root store is not touched
h=$(sha256sum <"$R/boot/bcd")
run --name gamma --no-secure-boot >"$W/g.json" 2>/dev/null
expect_eq prep-sb-bcd-optout "$(sha256sum <"$R/boot/bcd")/$(sb_json "$W/g.json" "'secure_boot' in j")" "$h/False"

# 4. removing an image: its entry goes at the next run, the others stay
rm -rf "$R/windows/alpha"
run --name beta --menu-title "Beta PE" >/dev/null 2>&1
check prep-sb-bcd-removed $CHK "$R/boot/bcd" beta "beta=Beta PE"
run --name alpha >/dev/null 2>&1
check prep-sb-bcd-readded $CHK "$R/boot/bcd" alpha alpha "beta=Beta PE"
# --remove NAME takes its entry out at once (--dry-run only says it would)
h=$(sha256sum <"$R/boot/bcd")
"$PT" --root "$R" --remove alpha --dry-run >"$W/rd.out" 2>&1
expect_eq prep-sb-bcd-remove-dry "$(sha256sum <"$R/boot/bcd")/$(grep -c 'would remove alpha: Secure Boot entry' "$W/rd.out")" "$h/1"
"$PT" --root "$R" --remove alpha >"$W/rm.out" 2>&1
check prep-sb-bcd-remove $CHK "$R/boot/bcd" beta "beta=Beta PE"
check prep-sb-bcd-remove-msg grep -q 'removed alpha: Secure Boot entry (boot/bcd)' "$W/rm.out"
run --name alpha >/dev/null 2>&1
check prep-sb-bcd-readded-again $CHK "$R/boot/bcd" alpha alpha "beta=Beta PE"

# 5. a store someone else made is kept (warning); --force replaces it (its
#    entries are not ours to read: only this image is listed until the others rerun)
"$PT" --make-bcd uefi "$R/boot/bcd"
h=$(sha256sum <"$R/boot/bcd")
run --name beta >"$W/f.json" 2>"$W/f.err"
expect_eq prep-sb-bcd-foreign-kept "$(sha256sum <"$R/boot/bcd")/$(sb_json "$W/f.json" "j['ok'], j['secure_boot']['ok']")" "$h/True False"
check prep-sb-bcd-foreign-msg grep -q "boot/bcd exists and was not made by prep-tftproot.*--force" "$W/f.err"
run --name beta --force >/dev/null 2>&1
check prep-sb-bcd-foreign-force $CHK "$R/boot/bcd" beta beta

# 6. a root file we did not write is kept, with a warning
rm -f "$R/efi/microsoft/boot/boot.stl"; sed -i '/boot.stl/d' "$R/efi/microsoft/boot/.prep-tftproot"
echo "admin's own" >"$R/efi/microsoft/boot/boot.stl"
run --name beta >/dev/null 2>"$W/s.err"
expect_eq prep-sb-bcd-foreign-file "$(cat "$R/efi/microsoft/boot/boot.stl")" "admin's own"
check prep-sb-bcd-foreign-file-msg grep -q "kept .*boot.stl (not made by prep-tftproot" "$W/s.err"
# 7. the text report gives the DHCP boot file and the CA beside the syslinux lines
"$PT" "$W/tree" --root "$R" --name beta --no-syslinux --sb-trust-ca "$W/pki/ca.pem" >"$W/report.txt" 2>/dev/null
check prep-sb-bcd-report bash -c 'grep -q "^  UEFI x64 (client arch 7, 9): filename \"efi64/syslinux.efi\"" "$1" &&
	grep -q "^  UEFI x64, Secure Boot on:    filename \"windows/beta/bootmgfw.efi\" for a class of hosts" "$1" &&
	grep -q "the clients. db must trust \"winpe test CA\"" "$1"' _ "$W/report.txt"
# 8. media without EFI fonts: the root fonts come from \Windows\Boot\Fonts in boot.wim
cp -r "$W/tree" "$W/tree2"; rm -rf "$W/tree2/efi/microsoft/boot/fonts" "$W/tree2/boot/fonts"
for f in wgl4_boot segoe_slboot; do head -c 3000 /dev/urandom >"$W/$f.ttf"; done
for i in 1 2; do
	printf 'add %s /Windows/Boot/Fonts/wgl4_boot.ttf\nadd %s /Windows/Boot/Fonts/segoe_slboot.ttf\n' \
		"$W/wgl4_boot.ttf" "$W/segoe_slboot.ttf" | wimlib-imagex update "$W/tree2/sources/boot.wim" $i >/dev/null
done
R2=$W/root2; mkdir -p "$R2"
"$PT" "$W/tree2" --root "$R2" --name delta --no-syslinux --sb-trust-ca "$W/pki/ca.pem" >/dev/null 2>&1
expect_eq prep-sb-bcd-wimfonts "$(ls "$R2/efi/microsoft/boot/fonts" | tr '\n' ' ')$(cmp -s "$W/wgl4_boot.ttf" "$R2/efi/microsoft/boot/fonts/wgl4_boot.ttf" && cmp -s "$W/segoe_slboot.ttf" "$R2/efi/microsoft/boot/fonts/segoe_slboot.ttf" && echo same)" \
	"segoe_slboot.ttf wgl4_boot.ttf same"
# no temporary files left anywhere under the root
expect_eq prep-sb-bcd-no-temp "$(find "$R" "$R2" -name '.sb*' -o -name '*.tmp.*' | wc -l)" 0
[ "$T_FAILED" -eq 0 ]
