# SPDX-License-Identifier: GPL-2.0-or-later
# sb-lib.sh - fixtures of the Secure Boot path tests (sourced after prep-lib.sh):
# a test PKI (openssl), PE files signed with it (osslsigncode; the PE is our own
# probe-bootmgfw.efi, never a Microsoft binary) and synthetic media whose
# boot.wim carries such a file as \Windows\Boot\EFI\bootmgfw.efi.
PROBE=$B/tests/probe-bootmgfw.efi

# sb_pki DIR: root CA, intermediate CA, leaf (code signing) under DIR
sb_pki() {
	local d=$1
	mkdir -p "$d"
	openssl req -x509 -newkey rsa:2048 -nodes -keyout "$d/ca.key" -out "$d/ca.pem" -days 30 \
		-subj "/CN=winpe test CA" -addext basicConstraints=critical,CA:true \
		-addext keyUsage=keyCertSign >/dev/null 2>&1 || return 1
	printf 'basicConstraints=critical,CA:true\nkeyUsage=keyCertSign\n' >"$d/ext-ca"
	printf 'basicConstraints=CA:false\nextendedKeyUsage=codeSigning\n' >"$d/ext-leaf"
	openssl req -newkey rsa:2048 -nodes -keyout "$d/int.key" -out "$d/int.csr" \
		-subj "/CN=winpe test intermediate" >/dev/null 2>&1 &&
	openssl x509 -req -in "$d/int.csr" -CA "$d/ca.pem" -CAkey "$d/ca.key" -set_serial 2 \
		-out "$d/int.pem" -days 30 -extfile "$d/ext-ca" >/dev/null 2>&1 &&
	openssl req -newkey rsa:2048 -nodes -keyout "$d/leaf.key" -out "$d/leaf.csr" \
		-subj "/CN=winpe test signer" >/dev/null 2>&1 &&
	openssl x509 -req -in "$d/leaf.csr" -CA "$d/ca.pem" -CAkey "$d/ca.key" -set_serial 3 \
		-out "$d/leaf.pem" -days 30 -extfile "$d/ext-leaf" >/dev/null 2>&1 &&
	openssl req -newkey rsa:2048 -nodes -keyout "$d/leaf2.key" -out "$d/leaf2.csr" \
		-subj "/CN=winpe test signer 2" >/dev/null 2>&1 &&
	openssl x509 -req -in "$d/leaf2.csr" -CA "$d/int.pem" -CAkey "$d/int.key" -set_serial 4 \
		-out "$d/leaf2.pem" -days 30 -extfile "$d/ext-leaf" >/dev/null 2>&1
}

# sb_sign IN OUT CERTS KEY: Authenticode-sign a PE (sha256)
sb_sign() {
	osslsigncode sign -certs "$3" -key "$4" -h sha256 -in "$1" -out "$2" >/dev/null 2>&1
}

# sb_media DIR SEED BOOTFILE: synthetic media whose boot.wim (both images)
# holds BOOTFILE as \Windows\Boot\EFI\bootmgfw.efi
sb_media() {
	$MK tree "$1" "$2" >/dev/null || return 1
	local i
	for i in 1 2; do
		wimlib-imagex update "$1/sources/boot.wim" $i \
			--command "add $3 /Windows/Boot/EFI/bootmgfw.efi" >/dev/null || return 1
	done
}

# sb_json FILE EXPR: a value of prep-tftproot's --json output (python expression on j)
sb_json() { /usr/bin/python3 -c "import json,sys; j=json.load(open(sys.argv[1])); print($2)" "$1"; }
