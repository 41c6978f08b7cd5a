#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# t-pe-mingw.sh - core/pe.c against real toolchain output: a tiny PE32 boot
# application built with i686-w64-mingw32-gcc and a PE32+ EFI application
# built with gnu-efi are loaded by build/tests/pe/pe-dump; every header field
# and section is compared with objdump -p / -h, and the loaded image is
# compared byte for byte with one assembled independently from objdump's
# section table and objcopy's section contents.
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
. "$ROOT/tests/lib.sh"
DUMP=$B/tests/pe/pe-dump
W=$(scratch pe-mingw)

[ -x "$DUMP" ] || { fail pe-dump-built "run make all first ($DUMP missing)"; exit 1; }

# objdump -p field as a hex number without 0x
pfield() { objdump -p "$1" | awk -v k="$2" '$1 == k { print $2; exit }'; }
# "key value" line of pe-dump output
dfield() { awk -v k="$2" '$1 == k { print $2; exit }' "$1"; }
hex() { printf '%x' "$((16#$1))"; }

# compare_pe NAME FILE: headers, sections and loaded bytes of FILE
compare_pe() {
	local n=$1 f=$2 d=$W/$1.dump img=$W/$1.img
	if ! "$DUMP" "$f" "$img" > "$d"; then
		fail "$n-load" "pe-dump rejected it: $(cat "$d")"; return
	fi
	pass "$n-load"
	local base; base=$(pfield "$f" ImageBase)
	expect_eq "$n-image-base" "$(dfield "$d" image_base)" "$(hex "$base")"
	expect_eq "$n-entry" "$(dfield "$d" entry)" \
		"$(printf '%x' $((16#$base + 16#$(pfield "$f" AddressOfEntryPoint))))"
	expect_eq "$n-size-of-image" "$(dfield "$d" size_of_image)" "$(hex "$(pfield "$f" SizeOfImage)")"
	expect_eq "$n-size-of-headers" "$(dfield "$d" size_of_headers)" "$(hex "$(pfield "$f" SizeOfHeaders)")"
	expect_eq "$n-section-alignment" "$(dfield "$d" section_alignment)" "$(hex "$(pfield "$f" SectionAlignment)")"
	expect_eq "$n-file-alignment" "$(dfield "$d" file_alignment)" "$(hex "$(pfield "$f" FileAlignment)")"
	expect_eq "$n-subsystem" "$(dfield "$d" subsystem)" "$(hex "$(pfield "$f" Subsystem)")"
	expect_eq "$n-file-len" "$(dfield "$d" file_len)" "$(printf '%x' "$(stat -c %s "$f")")"

	# sections: objdump -h "Idx Name Size VMA LMA Fileoff Algn" + flags line
	objdump -h "$f" | awk '
		/^ *[0-9]+ / { idx=$1; name=$2; size=$3; vma=$4; off=$6; next }
		idx != "" { c = ($0 ~ /CONTENTS/) ? 1 : 0;
			    print idx, name, size, vma, off, c; idx="" }' > "$W/$n.objdump"
	local bad=0 idx name size vma off c va msize roff rsize csize
	while read -r idx name size vma off c; do
		read -r _ _ va msize roff rsize csize < <(awk -v i="$idx" '$1 == "section" && $2 == i { print }' "$d" | cut -d' ' -f2-)
		local want_va; want_va=$(printf '%x' $((16#$vma - 16#$base)))
		[ "$va" = "$want_va" ] || { echo "  $n section $idx $name: va $va, objdump $want_va"; bad=1; }
		if [ "$c" = 1 ]; then
			[ "$((16#$csize))" = "$((16#$size))" ] || { echo "  $n section $idx: copy size $csize, objdump $size"; bad=1; }
			[ "$((16#$roff))" = "$((16#$off))" ] || { echo "  $n section $idx: raw offset $roff, objdump $off"; bad=1; }
			objcopy -O binary --only-section="$name" "$f" "$W/$n.sec$idx" || bad=1
		else
			[ "$((16#$msize))" = "$((16#$size))" ] || { echo "  $n section $idx: memory size $msize, objdump $size"; bad=1; }
			[ "$rsize" = 0 ] || { echo "  $n section $idx: raw size $rsize for a no-contents section"; bad=1; }
		fi
	done < "$W/$n.objdump"
	local nsec; nsec=$(grep -c '^section ' "$d")
	expect_eq "$n-section-count" "$nsec" "$(wc -l < "$W/$n.objdump")"
	[ "$bad" = 0 ] && pass "$n-sections-match-objdump" || fail "$n-sections-match-objdump" "see above"

	# independent assembly of the expected image with python3
	python3 - "$f" "$W/$n.objdump" "$W/$n" "$base" "$(pfield "$f" SizeOfHeaders)" \
		"$(pfield "$f" SectionAlignment)" "$W/$n.want" <<'PY'
import sys
f, table, prefix, base, soh, sa, out = sys.argv[1:]
data = open(f, 'rb').read()
base, soh, sa = int(base, 16), int(soh, 16), int(sa, 16)
secs = [l.split() for l in open(table)]
end = max(int(s[3], 16) - base + int(s[2], 16) for s in secs)
# the memory size of a section is its VirtualSize, which objdump's Size
# understates when raw data is shorter; the loader rounds the end of the
# last section up to SectionAlignment, so the objdump view gives the same
img_len = (end + sa - 1) // sa * sa
img = bytearray(img_len)
img[0:soh] = data[0:soh]
for idx, name, size, vma, off, c in secs:
    if c == '1':
        blob = open('%s.sec%s' % (prefix, idx), 'rb').read()
        assert len(blob) == int(size, 16), (name, len(blob), size)
        va = int(vma, 16) - base
        img[va:va + len(blob)] = blob
open(out, 'wb').write(bytes(img) + data)
PY
	if cmp -s "$W/$n.want" "$img"; then
		pass "$n-loaded-bytes"
	else
		fail "$n-loaded-bytes" "$(cmp "$W/$n.want" "$img" 2>&1 | head -1)"
	fi
	expect_eq "$n-total-len" "$(stat -c %s "$img")" "$((16#$(dfield "$d" total_len)))"
}

# expect_reject NAME FILE MESSAGE: pe-dump must refuse FILE with exactly MESSAGE
expect_reject() {
	local out
	out=$("$DUMP" "$2")
	if [ $? -eq 1 ] && [ "$out" = "error $3" ]; then pass "$1"; else fail "$1" "got '$out', want 'error $3'"; fi
}

if ! command -v i686-w64-mingw32-gcc > /dev/null; then
	skip pe32-mingw "i686-w64-mingw32-gcc not installed (scripts/deps.sh)"
else
	cat > "$W/t.c" <<'C'
/* a stand-in boot application: code, data, read-only data and bss */
int data_x = 42;
char bss_y[5000];
const char msg[] = "winpe.c32 pe test";
void __attribute__((noreturn)) start(void)
{
	bss_y[data_x] = msg[3];
	for (;;)
		__asm__ volatile("cli; hlt");
}
C
	if i686-w64-mingw32-gcc -Os -nostdlib -ffreestanding -Wl,-e,_start \
		-Wl,--subsystem,16 -Wl,--image-base,0x400000 -o "$W/t.exe" "$W/t.c"; then
		pass pe32-build
		compare_pe pe32 "$W/t.exe"
		expect_eq pe32-machine "$(dfield "$W/pe32.dump" machine)" 14c
		expect_eq pe32-magic "$(dfield "$W/pe32.dump" magic)" PE32
		expect_eq pe32-boot-application "$(dfield "$W/pe32.dump" subsystem)" 10

		# real-file malformations: truncation inside the last section's raw
		# data, a broken signature, a machine type we do not run
		last=$(grep '^section ' "$W/pe32.dump" | awk '$7 != "0"' | tail -1)
		read -r _ li ln _ _ lro _ _ <<< "$last"
		head -c $((16#$lro + 16)) "$W/t.exe" > "$W/trunc.exe"
		expect_reject pe32-truncated "$W/trunc.exe" \
			"$W/trunc.exe: section $((li + 1)) ($ln) raw data beyond end of file"
		cp "$W/t.exe" "$W/sig.exe"
		lfa=$(od -An -tu4 -j60 -N4 "$W/t.exe" | tr -d ' ')
		printf 'PX' | dd of="$W/sig.exe" bs=1 seek="$lfa" conv=notrunc status=none
		expect_reject pe32-bad-signature "$W/sig.exe" \
			"$W/sig.exe: no PE signature at e_lfanew $(printf '0x%x' "$lfa")"
		cp "$W/t.exe" "$W/arm.exe"
		printf '\xc0\x01' | dd of="$W/arm.exe" bs=1 seek=$((lfa + 4)) conv=notrunc status=none
		expect_reject pe32-arm-machine "$W/arm.exe" \
			"$W/arm.exe: unsupported machine 0x01c0 (want 0x014c or 0x8664)"
	else
		fail pe32-build "i686-w64-mingw32-gcc failed"
	fi
fi

if [ ! -f /usr/lib/crt0-efi-x86_64.o ] || [ ! -f /usr/lib/elf_x86_64_efi.lds ]; then
	skip pe32plus-gnu-efi "gnu-efi not installed (scripts/deps.sh)"
else
	cat > "$W/e.c" <<'C'
#include <efi.h>
static int counter = 7;
static char big[9000];
EFI_STATUS efi_main(EFI_HANDLE h, EFI_SYSTEM_TABLE *st)
{
	big[counter] = 1;
	return counter + big[3];
}
C
	if gcc -O2 -fpic -fshort-wchar -mno-red-zone -fno-stack-protector \
		-I/usr/include/efi -I/usr/include/efi/x86_64 -c "$W/e.c" -o "$W/e.o" &&
	   ld -nostdlib -znocombreloc -T /usr/lib/elf_x86_64_efi.lds -shared -Bsymbolic \
		/usr/lib/crt0-efi-x86_64.o "$W/e.o" -L/usr/lib -lgnuefi -o "$W/e.so" &&
	   objcopy -j .text -j .sdata -j .data -j .dynamic -j .dynsym -j .rel -j .rela \
		-j .reloc --target=efi-app-x86_64 --subsystem=10 "$W/e.so" "$W/e.efi"; then
		pass pe32plus-build
		compare_pe pe32plus "$W/e.efi"
		expect_eq pe32plus-machine "$(dfield "$W/pe32plus.dump" machine)" 8664
		expect_eq pe32plus-magic "$(dfield "$W/pe32plus.dump" magic)" PE32+
		expect_eq pe32plus-efi-application "$(dfield "$W/pe32plus.dump" subsystem)" a
	else
		fail pe32plus-build "gnu-efi build failed"
	fi
fi
exit $((T_FAILED > 0))
