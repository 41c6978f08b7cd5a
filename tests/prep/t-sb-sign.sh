#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# t-sb-sign.sh - the Authenticode check of the boot file (authenticode.c):
# the Microsoft CA keys pinned in mscas.c are the ones in Debian's
# OVMF_VARS_4M.ms.fd db; PE files made and signed here with a test PKI
# (never a Microsoft binary) are accepted only when the chain reaches a
# trusted key, and an unsigned, modified, appended-to or forged-"Microsoft"
# file is refused with a message naming the file - the winpe.c32 tree is
# still made and the root store is not written.
. "$(dirname "$0")/prep-lib.sh"
. "$ROOT/tests/prep/sb-lib.sh"
W=$(scratch prep-sb-sign)
VARS=/usr/share/OVMF/OVMF_VARS_4M.ms.fd

# 1. the pinned keys are the db certificates' keys (EFI_SIGNATURE_LIST, X.509 type)
if [ -r "$VARS" ]; then
	/usr/bin/python3 - "$VARS" "$W" <<'PY'
import struct, sys
d = open(sys.argv[1], 'rb').read()
x509 = bytes.fromhex('a159c0a5e494a74a87b5ab155c2bf072')
i = n = 0
while (i := d.find(x509, i)) >= 0:
    ll, hs, ss = struct.unpack_from('<III', d, i + 16)
    off = i + 28 + hs
    while off + ss <= i + ll:
        open('%s/db%d.der' % (sys.argv[2], n), 'wb').write(d[off + 16:off + ss]); n += 1; off += ss
    i += 1
PY
	for cn in "Microsoft Windows Production PCA 2011" "Microsoft Corporation UEFI CA 2011"; do
		f=$(for c in "$W"/db*.der; do openssl x509 -inform der -in "$c" -noout -subject | grep -q "CN = $cn\$" && echo "$c"; done | head -1)
		if [ -z "$f" ]; then fail "prep-sb-sign-pinned-$cn" "not found in $VARS"; continue; fi
		# the key as C array text, exactly as mscas.c spells it
		want=$(openssl x509 -inform der -in "$f" -noout -pubkey | openssl pkey -pubin -outform der | xxd -p | tr -d '\n')
		got=$(/usr/bin/python3 - "$ROOT/host-tools/prep-tftproot/mscas.c" "$cn" <<'PY'
import re, sys
src = open(sys.argv[1]).read()
var = {"Microsoft Windows Production PCA 2011": "pca2011", "Microsoft Corporation UEFI CA 2011": "uefica2011"}[sys.argv[2]]
m = re.search(r'static const unsigned char %s\[\d+\] = \{(.*?)\};' % var, src, re.S)
# and the table entry of that name uses this array
if '{"%s", %s, sizeof %s' % (sys.argv[2], var, var) in src:
    print(''.join('%02x' % int(b, 16) for b in re.findall(r'0x([0-9a-f]{2})', m.group(1))))
PY
)
		expect_eq "prep-sb-sign-pinned-${cn// /-}" "$got" "$want"
	done
else
	fail prep-sb-sign-pinned "$VARS missing (apt-get install ovmf)"
fi

# fixtures: PKI, a forged "Microsoft" CA, media
sb_pki "$W/pki" || { fail prep-sb-sign-fixture "test PKI failed"; exit 1; }
P=$W/pki
openssl req -x509 -newkey rsa:2048 -nodes -keyout "$P/fake.key" -out "$P/fake.pem" -days 30 \
	-subj "/C=US/O=Microsoft Corporation/CN=Microsoft Windows Production PCA 2011" \
	-addext basicConstraints=critical,CA:true -addext keyUsage=keyCertSign >/dev/null 2>&1 &&
openssl req -newkey rsa:2048 -nodes -keyout "$P/fleaf.key" -out "$P/fleaf.csr" \
	-subj "/O=Microsoft Corporation/CN=Microsoft Windows" >/dev/null 2>&1 &&
openssl x509 -req -in "$P/fleaf.csr" -CA "$P/fake.pem" -CAkey "$P/fake.key" -set_serial 9 \
	-out "$P/fleaf.pem" -days 30 -extfile "$P/ext-leaf" >/dev/null 2>&1 ||
	{ fail prep-sb-sign-fixture "forged CA failed"; exit 1; }
$MK tree "$W/tree" sg1 >/dev/null || { fail prep-sb-sign-fixture "mkmedia failed"; exit 1; }

# try NAME FILE [prep options]: put FILE into boot.wim as bootmgfw.efi, run
# prep-tftproot into a fresh root; leaves $W/NAME.json, $W/NAME.err, $W/r-NAME
try() {
	local n=$1 f=$2 i; shift 2
	for i in 1 2; do
		wimlib-imagex update "$W/tree/sources/boot.wim" $i --command "add $f /Windows/Boot/EFI/bootmgfw.efi" >/dev/null
	done
	mkdir -p "$W/r-$n"
	"$PT" "$W/tree" --root "$W/r-$n" --name img --no-syslinux --json "$@" >"$W/$n.json" 2>"$W/$n.err"
	echo $? >"$W/$n.rc"
}
# refused NAME PATTERN: exit 0, winpe.c32 tree made, Secure Boot refused with
# a message matching PATTERN, no root store
refused() {
	local n=$1 why
	why=$(sb_json "$W/$n.json" "j['secure_boot']['why']")
	if [ "$(cat "$W/$n.rc")" = 0 ] && [ "$(sb_json "$W/$n.json" "j['ok'], j['secure_boot']['ok']")" = "True False" ] &&
	   [ -f "$W/r-$n/windows/img/manifest" ] && [ ! -e "$W/r-$n/boot/bcd" ] &&
	   printf '%s' "$why" | grep -q -- "$2" && grep -q "warning: Secure Boot path not set up: .*$2" "$W/$n.err"; then
		pass "prep-sb-sign-$n"
	else
		fail "prep-sb-sign-$n" "rc $(cat "$W/$n.rc"), why: $why"
	fi
}
# accepted NAME CA SIGNER
accepted() {
	expect_eq "prep-sb-sign-$1" "$(sb_json "$W/$1.json" "j['secure_boot']['ok'], j['secure_boot']['ca'], '/', j['secure_boot']['signer']")/$([ -f "$W/r-$1/boot/bcd" ] && echo bcd)" \
		"True $2 / $3/bcd"
}
B2=/windows/img/bootmgfw.efi

try unsigned "$PROBE" --sb-trust-ca "$P/ca.pem"
refused unsigned "r-unsigned$B2 has no Authenticode signature"

sb_sign "$PROBE" "$W/leaf.efi" "$P/leaf.pem" "$P/leaf.key"
try untrusted "$W/leaf.efi"
refused untrusted "signed by \"winpe test signer\" under \"winpe test CA\" (chain not verified), not by Microsoft"
try trusted "$W/leaf.efi" --sb-trust-ca "$P/ca.pem"
accepted trusted "winpe test CA" "winpe test signer"

# chain through an intermediate carried in the signature; without it: refused
cat "$P/leaf2.pem" "$P/int.pem" >"$P/chain2.pem"
sb_sign "$PROBE" "$W/leaf2.efi" "$P/chain2.pem" "$P/leaf2.key"
try chain "$W/leaf2.efi" --sb-trust-ca "$P/ca.pem"
accepted chain "winpe test CA" "winpe test signer 2"
sb_sign "$PROBE" "$W/leaf2only.efi" "$P/leaf2.pem" "$P/leaf2.key"
try nochain "$W/leaf2only.efi" --sb-trust-ca "$P/ca.pem"
refused nochain 'under "winpe test intermediate" (chain not verified)'

# one byte of the signed image changed
cp "$W/leaf.efi" "$W/mod.efi"; printf '\x90' | dd of="$W/mod.efi" bs=1 seek=1024 conv=notrunc 2>/dev/null
try modified "$W/mod.efi" --sb-trust-ca "$P/ca.pem"
refused modified "was modified after it was signed (SHA256 image digest differs)"
# bytes appended after the signature
cp "$W/leaf.efi" "$W/app.efi"; printf 'tail' >>"$W/app.efi"
try appended "$W/app.efi" --sb-trust-ca "$P/ca.pem"
refused appended "4 bytes follow the signature"
# a self-made CA that only calls itself "Microsoft Windows Production PCA 2011"
sb_sign "$PROBE" "$W/forged.efi" "$P/fleaf.pem" "$P/fleaf.key"
try forged "$W/forged.efi"
refused forged 'under "Microsoft Windows Production PCA 2011" (chain not verified), not by Microsoft'
# a chain that names "Windows UEFI CA 2023" (key not pinned): refused with the
# --sb-trust-ca way out, which then verifies it against the given certificate
openssl req -x509 -newkey rsa:2048 -nodes -keyout "$P/ca23.key" -out "$P/ca23.pem" -days 30 \
	-subj "/C=US/O=Microsoft Corporation/CN=Windows UEFI CA 2023" \
	-addext basicConstraints=critical,CA:true -addext keyUsage=keyCertSign >/dev/null 2>&1 &&
openssl x509 -req -in "$P/fleaf.csr" -CA "$P/ca23.pem" -CAkey "$P/ca23.key" -set_serial 10 \
	-out "$P/l23.pem" -days 30 -extfile "$P/ext-leaf" >/dev/null 2>&1
sb_sign "$PROBE" "$W/ca23.efi" "$P/l23.pem" "$P/fleaf.key"
try ca23 "$W/ca23.efi"
refused ca23 'under "Windows UEFI CA 2023", whose key this build does not pin .*--sb-trust-ca'
try ca23trusted "$W/ca23.efi" --sb-trust-ca "$P/ca23.pem"
accepted ca23trusted "Windows UEFI CA 2023" "Microsoft Windows"
# not a PE at all, and a bad --sb-trust-ca
head -c 5000 /dev/zero >"$W/zero.efi"
try notpe "$W/zero.efi"
refused notpe "bootmgfw.efi: not a PE/EFI file (no MZ header)"
try badca "$W/leaf.efi" --sb-trust-ca "$W/zero.efi"
refused badca "sb-trust-ca $W/zero.efi: not a PEM certificate"
[ "$T_FAILED" -eq 0 ]
