# SPDX-License-Identifier: GPL-2.0-or-later
# lib-efi.sh - helpers of the UEFI hand-off tests: a tftproot with the probe
# and fixture files, the shared BIOS/UEFI config, and the check of the
# probe's PROBE FILE lines against the host's sha256sum.

# efi_fixture DIR: tftproot in DIR (mk_tftproot) + DIR/files/ with the probe,
# a UEFI BCD made by prep-tftproot (bcd) and some files of different shapes
# (sizes across cluster boundaries, empty).
efi_fixture() {
	local r=$1
	mk_tftproot "$r"
	mkdir -p "$r/files"
	cp "$B/tests/probe-bootmgfw.efi" "$r/files/probe.efi"
	head -c 3000000 /dev/urandom > "$r/files/a.bin"
	head -c 32768 /dev/urandom > "$r/files/cluster.bin"
	head -c 100001 /dev/urandom > "$r/files/Boot.SDI"
	printf 'hello winpe\n' > "$r/files/b.txt"
	head -c 4000 /dev/urandom > "$r/files/boot.stl"
	head -c 7 /dev/urandom > "$r/files/notpe.efi"
	"$B/bin/prep-tftproot" --make-bcd uefi "$r/files/bcd"
	# syslinux.efi resolves relative paths against efi64/, pxelinux.0 against
	# the root: one link lets the same "files/..." words work for both
	ln -s ../files "$r/efi64/files"
}

# efi_cfg DIR APPEND [SECOND_APPEND]: labels "first" (default) and "second",
# the same text for BIOS and UEFI (write_cfg).
efi_cfg() {
	winpe_cfg "$1" 0 "first=$2" "second=${3:-check file=files/b.txt}"
}

# efi_systab_how LOG: how winpe.c32 said it found the EFI system table
# ("pointer", "image-scan"), empty when it did not say
efi_systab_how() {
	flat_log "$1" | grep -ao 'winpe: EFI system table at 0x[0-9a-f]* (found by [a-z-]*)' | head -1 |
		sed 's/.*(found by \([a-z-]*\))$/\1/'
}

# probe_expect NAME LOG NAME=HOSTFILE...: the probe said PASS, and for every
# NAME both read paths listed it (a bare name matches its last path
# component anywhere, a \path matches exactly) with the host's size + SHA-256.
probe_expect() {
	local name=$1 log=$2 bad=0 spec n p want how got; shift 2
	if ! grep -aq '^PROBE VERDICT PASS' "$log"; then
		echo "  no PROBE VERDICT PASS: $(grep -a 'PROBE VERDICT\|PROBE ERROR\|PROBE MISMATCH\|^winpe:' "$log" | head -5 | tr '\n' '|')"
		bad=1
	fi
	for spec in "$@"; do
		n=${spec%%=*}; p=${spec#*=}
		want="$(stat -c %s "$p") $(sha256sum "$p" | cut -d' ' -f1)"
		for how in blockio sfs; do
			got=$(N="$n" H="$how" awk '
				function base(s) { sub(/.*\\/, "", s); return tolower(s) }
				$1 == "PROBE" && $2 == "FILE" && $6 == ENVIRON["H"] {
					n = ENVIRON["N"]
					if ((index(n, "\\") && tolower($3) == tolower(n)) ||
					    (!index(n, "\\") && base($3) == tolower(n))) {
						seen++
						if (($4 " " $5) != W) wrong++
					}
				}
				END { print seen + 0, wrong + 0 }' W="$want" "$log")
			if [ "${got% *}" = 0 ] || [ "${got#* }" != 0 ]; then
				echo "  $n ($how): seen/wrong = $got, want size+sha256 $want"
				bad=1
			fi
		done
	done
	if [ $bad = 0 ]; then pass "$name"; else fail "$name" "probe results differ (log: $log)"; fi
}
