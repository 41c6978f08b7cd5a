#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# bench-bios.sh - `make bench-bios`: how close winpe.c32's BIOS hand-off
# comes to syslinux's own streaming read, and how much memory its resident
# part takes beyond the files.  One QEMU run per way in; in each, syslinux
# first runs readall.c32 on the same files (plain fopen/fread, the
# baseline), then winpe.c32 boots the probe.  Host-side timestamps of the
# serial lines (tests/bios/serial_timed.py):
#   baseline = "@TYPED readall" -> "READALL END"
#   winpe    = "@TYPED winpe"   -> "PROBE START" (module load, fetch,
#              verify, plan, shuffle, resident start, BOOT APP entry)
#   ratio    = winpe / baseline (goal <= 1.05)
#   resident = declared region 0 + (region 2 - file bytes), from the
#              probe's PROBE REGIONS line (goal <= 1 MiB); region 1 is the
#              boot manager's own image and not counted.
# BENCH_BIOS_MB sets the boot.wim size (default 96).
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
source "$ROOT/tests/lib.sh"
source "$ROOT/tests/qemu/lib.sh"
source "$ROOT/tests/bios/lib-bios.sh"

MB=${BENCH_BIOS_MB:-96}
[ -f "$PROBE" ] && [ -f "$B/tests/readall.c32" ] && [ -f "$B/bios/winpe.c32" ] ||
	{ fail bench-bios "build first: make all bench-bios-build"; exit 1; }
W=$(scratch bench-bios)
R=$W/root
mk_tftproot "$R"
cp "$B/tests/readall.c32" "$R/"
D=$R/pe
mkdir -p "$D/boot" "$D/sources"
cp "$PROBE" "$D/bootmgr.exe"
head -c 16384 /dev/urandom > "$D/boot/bcd"
head -c 3170304 /dev/urandom > "$D/boot/boot.sdi"
head -c $((MB << 20)) /dev/urandom > "$D/sources/boot.wim"
mk_manifest "$D"
FILES="pe/bootmgr.exe pe/boot/bcd pe/boot/boot.sdi pe/sources/boot.wim"
file_bytes=$(cd "$R" && stat -c %s $FILES | awk '{ s += $1 } END { print s }')

# tof LOG RE: the time (s) of the first line matching RE
tof() { awk -F'\t' -v re="$2" '$2 ~ re { print $1; exit }' "$1"; }

# bench NAME WINPE_APPEND READALL_ARGS: READALL_ARGS are the paths winpe
# reads (the disk files, plus the manifest in the DIR form)
bench() {
	local name=$1 log=$W/$1.log t1 t2 t3 t4 regions n read_bytes
	write_cfg "$R" "SERIAL 0 115200
PROMPT 1
TIMEOUT 0
LABEL readall
  KERNEL readall.c32
  APPEND $3
LABEL winpe
  KERNEL winpe.c32
  APPEND $2"
	# shellcheck disable=SC2046
	python3 "$ROOT/tests/bios/serial_timed.py" "$log" 900 '^PROBE REGIONS|winpe: not booting' \
		readall winpe -- $QEMU $(qemu_args bios "$R" 1024 pxelinux.0 "") -serial stdio
	t1=$(tof "$log" '^@TYPED readall'); t2=$(tof "$log" '^READALL END')
	t3=$(tof "$log" '^@TYPED winpe'); t4=$(tof "$log" '^PROBE START')
	regions=$(grep -a -m1 '^[0-9.]*	PROBE REGIONS' "$log" | cut -f2-)
	n=$(wc -w <<< "$3")
	read_bytes=$(cd "$R" && stat -c %s $3 | awk '{ s += $1 } END { print s }')
	if [ -z "$t2" ] || [ -z "$t4" ] || [ -z "$regions" ] ||
	   ! grep -aq "READALL END $read_bytes bytes $n files" "$log"; then
		fail "bench-bios-$name" "incomplete run (log: $log)"
		return
	fi
	# "PROBE REGIONS 0xS+0xL ..." -> decimal lengths of regions 0 and 2
	read -r _ _ r0 _ r2 <<< "$regions"
	r0=$((${r0#*+})); r2=$((${r2:+${r2#*+}}+0))
	awk -v n="$name" -v t1="$t1" -v t2="$t2" -v t3="$t3" -v t4="$t4" -v fb="$file_bytes" -v rb="$read_bytes" \
	    -v r0="$r0" -v r2="$r2" 'BEGIN {
		base = t2 - t1; pe = t4 - t3
		len[1] = r0; len[3] = r2
		res = len[1] + (len[3] > 0 ? len[3] - fb : 0)
		printf "BENCH bios-%s bytes %d baseline %.2f s (%.1f MiB/s) winpe %.2f s ratio %.3f (goal <= 1.05)\n",
			n, rb, base, rb / 1048576 / base, pe, pe / base
		printf "BENCH bios-%s resident %d bytes = %.3f MiB beyond the files (region 0 %d, region 2 %d - files %d; goal <= 1 MiB)\n",
			n, res, res / 1048576, len[1], len[3], fb
	}'
	pass "bench-bios-$name"
}

bench files "$(for f in $FILES; do printf 'file=%s ' "$f"; done)" "$FILES"
bench dir-manifest pe "pe/manifest $FILES"
exit $((T_FAILED > 0))
