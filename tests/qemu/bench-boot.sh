#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# bench-boot.sh - `make bench-boot`: winpe.c32 against syslinux's own
# streaming read on the four ways in: BIOS pxelinux.0 TFTP, BIOS
# lpxelinux.0 HTTP, UEFI syslinux.efi TFTP, UEFI syslinux.efi HTTP; each in
# the files form (file=... words) and the DIR form with a manifest
# (verification on).  In every QEMU run syslinux first runs readall.c32 (the
# BIOS or efi64 build of tests/bios/readall.c: fopen/fread of the same files,
# the baseline), then winpe.c32 boots the probe (probe-bootmgr.exe /
# probe-bootmgfw.efi).  Host-side timestamps of the serial lines
# (tests/bios/serial_timed.py):
#   baseline = "@TYPED readall" -> "READALL END" seen
#   winpe    = "@TYPED winpe"   -> "PROBE START" seen
#   ratio    = winpe / baseline (goal <= 1.05), median of BENCH_ROUNDS runs
#   resident = BIOS only: region 0 + (region 2 - file bytes) from the probe's
#              PROBE REGIONS line (goal <= 1 MiB)
# boot.wim: an uncompressed WIM (wimlib-imagex) of one random file.
# BENCH_MB: boot.wim size (default 96); BENCH_ROUNDS (default 3);
# BENCH_CELLS: a subset of "bios-tftp bios-http uefi-tftp uefi-http".
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
source "$ROOT/tests/lib.sh"
source "$ROOT/tests/qemu/lib.sh"

MB=${BENCH_MB:-96}
ROUNDS=${BENCH_ROUNDS:-3}
CELLS=${BENCH_CELLS:-bios-tftp bios-http uefi-tftp uefi-http}
PROBE_BIOS=$B/tests/probe-bootmgr.exe
PROBE_EFI=$B/tests/probe-bootmgfw.efi
for f in "$PROBE_BIOS" "$PROBE_EFI" "$B/tests/readall.c32" "$B/tests/efi64/readall.c32" \
	 "$B/bios/winpe.c32" "$B/efi64/winpe.c32" "$B/bin/prep-tftproot"; do
	[ -f "$f" ] || { fail bench-boot "$f missing: make all bench-boot-build"; exit 1; }
done
W=$(scratch bench-boot)
R=$W/root
mk_tftproot "$R"
cp "$B/tests/readall.c32" "$R/"
cp "$B/tests/efi64/readall.c32" "$R/efi64/"
# (UEFI resolves relative paths against efi64/: one link, the same words)
ln -s ../bios "$R/efi64/bios"; ln -s ../uefi "$R/efi64/uefi"

# mkset DIR BOOTMGR NAME BCD: the four files + a manifest in R/DIR
mkset() {
	local d=$R/$1
	mkdir -p "$d/boot" "$d/sources"
	cp "$2" "$d/$3"
	cp "$4" "$d/boot/bcd"
	head -c 3170304 /dev/urandom > "$d/boot/boot.sdi"
	cp "$W/boot.wim" "$d/sources/boot.wim"
	(cd "$d" && find . -type f ! -name manifest | sed 's|^\./||' | sort | while read -r f; do
		echo "sha256 $(sha256sum "$f" | cut -d' ' -f1) size $(stat -c %s "$f") path $f"
	done > manifest)
}
mkdir -p "$W/wimtree/Windows"
head -c $((MB << 20)) /dev/urandom > "$W/wimtree/Windows/data.bin"
wimlib-imagex capture "$W/wimtree" "$W/boot.wim" --compress=none --boot >/dev/null ||
	{ fail bench-boot "wimlib-imagex capture failed"; exit 1; }
rm -rf "$W/wimtree"
head -c 16384 /dev/urandom > "$W/bcd-bios"
"$B/bin/prep-tftproot" --make-bcd uefi "$W/bcd-uefi" >/dev/null
mkset bios "$PROBE_BIOS" bootmgr.exe "$W/bcd-bios"
mkset uefi "$PROBE_EFI" bootmgfw.efi "$W/bcd-uefi"
rm -f "$W/boot.wim"
http_start "$R" || { fail bench-boot "could not start the loopback HTTP server"; exit 1; }

# tof LOG RE: the time (s) of the first line matching RE
tof() { awk -F'\t' -v re="$2" '$2 ~ re { print $1; exit }' "$1"; }

# run CELL FORM ROUND: one QEMU run; appends "base winpe resident" to W/CELL-FORM.t
run() {
	local cell=$1 form=$2 round=$3 fw=${1%-*} proto=${1#*-} log=$W/$1-$2-$3.log
	local set files pre="" bootfile="" winpe reads t1 t2 t3 t4 regions n rb got r0 r2 res=-1 vars=$W/vars.fd
	set=$fw
	[ "$fw" = bios ] && files="$set/bootmgr.exe" || files="$set/bootmgfw.efi"
	files="$files $set/boot/bcd $set/boot/boot.sdi $set/sources/boot.wim"
	[ "$proto" = http ] && pre="http://10.0.2.2:$HTTP_PORT/"
	[ "$cell" = bios-http ] && bootfile=lpxelinux.0
	if [ "$form" = files ]; then
		winpe=$(for f in $files; do printf 'file=%s%s ' "$pre" "$f"; done)
		reads=$files
	else
		winpe=$pre$set
		reads="$set/manifest $files"
	fi
	write_cfg "$R" "SERIAL 0 115200
PROMPT 1
TIMEOUT 0
LABEL readall
  KERNEL readall.c32
  APPEND $(for f in $reads; do printf '%s%s ' "$pre" "$f"; done)
LABEL winpe
  KERNEL winpe.c32
  APPEND $winpe"
	[ "$fw" = uefi ] && cp "$OVMF_VARS" "$vars"
	# shellcheck disable=SC2046
	SERIAL_MARKS="READALL END|PROBE START" \
	python3 "$ROOT/tests/bios/serial_timed.py" "$log" 1800 'PROBE (DISK|VERDICT)|winpe: not booting' \
		readall winpe -- $QEMU $(qemu_args "$fw" "$R" 1024 "$bootfile" "$vars") -serial stdio
	t1=$(tof "$log" '^@TYPED readall'); t2=$(tof "$log" '^@SEEN READALL END')
	t3=$(tof "$log" '^@TYPED winpe'); t4=$(tof "$log" '^@SEEN PROBE START')
	n=$(wc -w <<< "$reads")
	rb=$(cd "$R" && stat -L -c %s $reads | awk '{ s += $1 } END { print s }')
	got=$(flat_log "$log" | grep -ao "READALL END [0-9]* bytes $n files" | head -1 | awk '{ print $3 }')
	if [ -z "$t2" ] || [ -z "$t4" ] || [ -z "$got" ]; then
		echo "  $cell $form round $round: incomplete run (log: $log)"
		return 1
	fi
	# (syslinux.efi's HTTP client sometimes appends its stale 8 KiB receive
	#  buffer or drops 8 KiB: the baseline run still counts, with a note)
	[ "$got" = "$rb" ] || echo "  $cell $form round $round: readall got $got bytes of $rb (syslinux's transfer was bad)"
	if [ "$fw" = bios ]; then
		regions=$(grep -a -m1 '	PROBE REGIONS' "$log" | cut -f2-)
		read -r _ _ r0 _ r2 <<< "$regions"
		r0=$((${r0#*+})); r2=$((${r2:+${r2#*+}}+0))
		fb=$(cd "$R" && stat -L -c %s $files | awk '{ s += $1 } END { print s }')
		res=$(( r0 + (r2 > 0 ? r2 - fb : 0) ))
	fi
	echo "$t1 $t2 $t3 $t4 $res $rb" | awk '{ printf "%.3f %.3f %d %d %.4f\n", $2 - $1, $4 - $3, $5, $6, ($4 - $3) / ($2 - $1) }' >> "$W/$cell-$form.t"
}

echo "bench-boot: boot.wim $MB MiB, $ROUNDS round(s), medians; ratio = winpe / readall (goal <= 1.05)"
printf '%-10s %-13s %12s %12s %8s %8s %s\n' cell form readall_s winpe_s ratio MiB/s resident
for cell in $CELLS; do
	for form in files dir-manifest; do
		rm -f "$W/$cell-$form.t"
		for r in $(seq 1 "$ROUNDS"); do run "$cell" "$form" "$r"; done
		if [ ! -s "$W/$cell-$form.t" ]; then
			fail "bench-boot-$cell-$form" "no complete run"
			continue
		fi
		# the run with the median ratio (odd ROUNDS: the middle one)
		sort -n -k5 "$W/$cell-$form.t" | awk -v c="$cell" -v f="$form" '
			{ l[NR] = $0 }
			END {
				split(l[int((NR + 1) / 2)], v, " ")
				printf "%-10s %-13s %12.2f %12.2f %8.3f %8.1f %s\n", c, f, v[1], v[2], v[5],
					v[4] / 1048576 / v[1], v[3] < 0 ? "n/a (UEFI)" : sprintf("%.3f MiB", v[3] / 1048576)
			}'
		pass "bench-boot-$cell-$form"
	done
done
exit $((T_FAILED > 0))
