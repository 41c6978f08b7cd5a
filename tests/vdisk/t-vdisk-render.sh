#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# t-vdisk-render.sh - render virtual disks with `winpe-disk render` and check
# them with independent tools: fsck.fat -n must report nothing, and mtools must
# extract every file through every alias directory byte-exact (sha256).
# (a) the four usual boot files; (b) 1024 files with long and non-ASCII names.
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
. "$ROOT/tests/lib.sh"
WD=$B/bin/winpe-disk
export MTOOLS_SKIP_CHECK=1 LC_ALL=C.UTF-8
DIRS=(. BOOT BOOT/FONTS BOOT/RESOURCES SOURCES EFI EFI/BOOT EFI/BOOT/FONTS
      EFI/BOOT/RESOURCES EFI/MICROSOFT EFI/MICROSOFT/BOOT
      EFI/MICROSOFT/BOOT/FONTS EFI/MICROSOFT/BOOT/RESOURCES)

if [ ! -x "$WD" ]; then
	fail vdisk-render "missing $WD (run make all)"
	exit 1
fi
for tool in fsck.fat mcopy sha256sum; do
	command -v $tool >/dev/null || { fail vdisk-render "$tool not installed"; exit 1; }
done

# check_disk NAME DIR NFILES ARGS...: render, fsck, extract and compare.
# DIR/manifest holds "sha256  name" of every bare-named file.
check_disk() {
	local name=$1 dir=$2 nfiles=$3; shift 3
	local img=$dir/disk.img part=$dir/part.img out=$dir/out
	local sectors pstart size fsck_out rc d bad=0

	if ! "$WD" render "$img" "$@" 2>"$dir/render.err"; then
		fail "$name-render" "$(head -c 300 "$dir/render.err")"
		return
	fi
	pass "$name-render"
	"$WD" ls "$@" > "$dir/ls.txt" 2>"$dir/ls.err"
	sectors=$(sed -n 's/^disk: \([0-9]*\) sectors, partition at LBA \([0-9]*\).*/\1/p' "$dir/ls.txt")
	pstart=$(sed -n 's/^disk: \([0-9]*\) sectors, partition at LBA \([0-9]*\).*/\2/p' "$dir/ls.txt")
	size=$(stat -c %s "$img")
	expect_eq "$name-image-size" "$size" "$((sectors * 512))"
	expect_eq "$name-ls-count" "$(grep -vc -e '<DIR>' -e '^disk:' "$dir/ls.txt")" \
		"$((nfiles * 13))"

	dd if="$img" of="$part" bs=1M iflag=skip_bytes skip=$((pstart * 512)) conv=sparse status=none
	fsck_out=$(fsck.fat -n "$part" 2>&1); rc=$?
	# Exactly the banner and the summary line, nothing else.
	if [ $rc -eq 0 ] && [ "$(echo "$fsck_out" | wc -l)" -eq 2 ] &&
	   echo "$fsck_out" | tail -n1 | grep -qE "^$part: $((nfiles * 13 + 12)) files, [0-9]+/[0-9]+ clusters$"; then
		pass "$name-fsck"
	else
		fail "$name-fsck" "exit $rc: $(echo "$fsck_out" | head -n 8 | tr '\n' '|')"
	fi

	rm -rf "$out"; mkdir -p "$out"
	if ! mcopy -s -n -i "$img@@$((pstart * 512))" ::/ "$out/" 2>"$dir/mcopy.err"; then
		fail "$name-mcopy" "$(head -c 300 "$dir/mcopy.err")"
		return
	fi
	for d in "${DIRS[@]}"; do
		if ! (cd "$out/$d" && sha256sum --quiet --strict -c "$dir/manifest" >/dev/null 2>"$dir/sha.err"); then
			bad=$((bad + 1))
			echo "  mismatch in $d: $(head -c 200 "$dir/sha.err")"
		fi
	done
	expect_eq "$name-mcopy-files" "$(find "$out" -type f | wc -l)" "$((nfiles * 13))"
	expect_eq "$name-mcopy-sha256" "$bad" 0
	# Case (a): one file also by its 8.3 alias path (MICROS~1, RESOUR~1).
	if [ "$name" = vdisk-a ]; then
		mcopy -n -i "$img@@$((pstart * 512))" ::/EFI/MICROS~1/BOOT/RESOUR~1/BOOTMGR.EXE \
			"$dir/alias.bin" 2>"$dir/mcopy.err"
		expect_eq "$name-alias-path" "$(sha256sum < "$dir/alias.bin" | cut -d' ' -f1)" \
			"$(grep ' bootmgr.exe$' "$dir/manifest" | cut -d' ' -f1)"
	fi
	rm -rf "$img" "$part" "$out"
}

# (a) the four usual files, random contents.
W=$(scratch vdisk-render-a)
head -c 412345 /dev/urandom > "$W/bootmgr.exe"
head -c 16384 /dev/urandom > "$W/BCD"
head -c 3170304 /dev/urandom > "$W/boot.sdi"
head -c 7340033 /dev/urandom > "$W/boot.wim"
(cd "$W" && sha256sum bootmgr.exe BCD boot.sdi boot.wim > manifest)
check_disk vdisk-a "$W" 4 "$W/bootmgr.exe" "$W/BCD" "$W/boot.sdi" "$W/boot.wim"

# (b) 1024 files: long, non-ASCII, same-basis and 8.3 names, sizes 0..70 KB.
W=$(scratch vdisk-render-b)
mkdir -p "$W/src"
: > "$W/manifest"
args=()
pad=$(printf 'x%.0s' $(seq 1 255))
for i in $(seq 0 1023); do
	case $((i % 6)) in
	0) n="long file name number $i ${pad}"; n="${n:0:$((30 + (i * 37) % 222))}.bin" ;;
	1) n="Fichier été ñandú Ωμέγα Жук 日本語 $i.dat" ;;
	2) n="f$i.txt" ;;
	3) n="collision name $i.wim" ;;
	4) n="Ä$i" ;;
	5) n="ÆØÅ ünïcödé ${pad:0:$((i % 100))} $i" ;;
	esac
	case $((i % 16)) in
	0) sz=0 ;;
	1) sz=$((32768 + i)) ;;
	2) sz=$((65536 + i * 3)) ;;
	*) sz=$(((i * 7919) % 5000)) ;;
	esac
	head -c "$sz" /dev/urandom > "$W/src/$i"
	printf '%s  %s\n' "$(sha256sum < "$W/src/$i" | cut -d' ' -f1)" "$n" >> "$W/manifest"
	args+=("$W/src/$i@$n")
done
# Exactly 255 UTF-16 units (ASCII) and a 255-byte UTF-8 name (Linux limit).
n255=$(printf 'N%.0s' $(seq 1 251)).max
head -c 1000 /dev/urandom > "$W/src/max"
printf '%s  %s\n' "$(sha256sum < "$W/src/max" | cut -d' ' -f1)" "$n255" >> "$W/manifest"
args+=("$W/src/max@$n255")
check_disk vdisk-b "$W" 1025 "${args[@]}"

exit $((T_FAILED > 0))
