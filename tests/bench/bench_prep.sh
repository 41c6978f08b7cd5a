#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# bench_prep.sh - prep-tftproot on a >= 500 MB generated UDF-only ISO vs
# `7z x` (p7zip-full) of the same media files, both with a warm page cache.
# prep-tftproot does more than 7z (WIM inspection and extraction, BCD checks,
# sha256 manifest, fsync, atomic swap); the ratio is printed as measured,
# with the floor the manifest sets: boot.wim's bytes over SHA-256's peak
# speed on this CPU in this run (`openssl speed`, in memory, 1 MiB blocks,
# SHA-NI where the CPU has it). One SHA-256 stream cannot be split over
# cores, so no prep-tftproot that writes a SHA-256 manifest can beat it.
# Usage: tests/bench/bench_prep.sh [WIM_MB]   (default 520)
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
B=$ROOT/build
PT=$B/bin/prep-tftproot
MB=${1:-520}
[ -x "$PT" ] || { echo "bench_prep: build/bin/prep-tftproot missing (make all)" >&2; exit 1; }
command -v 7z >/dev/null || { echo "bench_prep: 7z missing (apt-get install p7zip-full)" >&2; exit 1; }
W=$B/bench/prep; rm -rf "$W"; mkdir -p "$W"
bash "$ROOT/tests/prep/mkmedia.sh" tree "$W/tree" bench "$MB"
bash "$ROOT/tests/prep/mkmedia.sh" iso udfonly "$W/tree" "$W/big.iso"
size=$(stat -c %s "$W/big.iso")
cat "$W/big.iso" >/dev/null   # warm cache for both contenders

now() { date +%s%N; }
# best of RUNS for each; every run starts with clean page-cache dirt (sync)
RUNS=${RUNS:-2}
pt_ms=999999999; sz_ms=999999999; szs_ms=999999999; sha_ms=999999999
files="bootmgr bootmgr.efi boot/bcd boot/boot.sdi boot/fonts efi sources/boot.wim"
for r in $(seq 1 "$RUNS"); do
	rm -rf "$W/root" "$W/7z"; mkdir -p "$W/root"; sync -f "$W"
	t0=$(now); "$PT" "$W/big.iso" --root "$W/root" --name bench --no-syslinux >/dev/null 2>"$W/pt.err"; t1=$(now)
	sync -f "$W"
	t2=$(now); 7z x -y -bso0 -bsp0 "$W/big.iso" -o"$W/7z" $files >/dev/null; t3=$(now)
	sync -f "$W/7z"; t4=$(now)   # prep-tftproot fsyncs its tree; 7z does not
	x=$(( (t1 - t0) / 1000000 )); [ $x -lt $pt_ms ] && pt_ms=$x
	x=$(( (t3 - t2) / 1000000 )); [ $x -lt $sz_ms ] && sz_ms=$x
	x=$(( (t4 - t2) / 1000000 )); [ $x -lt $szs_ms ] && szs_ms=$x
	t5=$(now); openssl dgst -sha256 "$W/tree/sources/boot.wim" >/dev/null; t6=$(now)
	x=$(( (t6 - t5) / 1000000 )); [ $x -lt $sha_ms ] && sha_ms=$x
done
# SHA-256's peak on this CPU now (kB/s in 1 MiB blocks), and what boot.wim costs at it
peak_k=$(openssl speed -evp sha256 -bytes 1048576 -seconds 1 2>/dev/null | awk '$1 == "sha256" {sub(/k$/, "", $2); print $2}')
wim=$(stat -c %s "$W/tree/sources/boot.wim")
floor_ms=$(awk -v b="$wim" -v k="$peak_k" 'BEGIN { printf "%d", b / (k * 1000) * 1000 + 0.5 }')
cmp -s "$W/7z/sources/boot.wim" "$W/root/windows/bench/sources/boot.wim" || { echo "bench_prep: boot.wim differs" >&2; exit 1; }
echo "bench_prep: best of $RUNS runs each"
echo "bench_prep: ISO $((size >> 20)) MiB (UDF only), boot.wim $(( $(stat -c %s "$W/tree/sources/boot.wim") >> 20 )) MiB"
echo "bench_prep: prep-tftproot ${pt_ms} ms ($(( size / 1048576 * 1000 / (pt_ms + 1) )) MiB/s)"
echo "bench_prep: 7z x          ${sz_ms} ms ($(( size / 1048576 * 1000 / (sz_ms + 1) )) MiB/s)"
echo "bench_prep: 7z x + sync   ${szs_ms} ms ($(( size / 1048576 * 1000 / (szs_ms + 1) )) MiB/s)"
echo "bench_prep: sha256 of boot.wim alone ${sha_ms} ms (openssl dgst, from the file)"
echo "bench_prep: SHA-256 peak $(( ${peak_k%.*} / 1000 )) MB/s (openssl speed, in memory): boot.wim's floor ${floor_ms} ms"
awk -v a="$pt_ms" -v b="$sz_ms" -v c="$szs_ms" -v f="$floor_ms" -v s="$sha_ms" 'BEGIN {
	printf "bench_prep: ratio prep-tftproot / 7z = %.2f, prep-tftproot / (7z + sync) = %.2f\n", a / (b ? b : 1), a / (c ? c : 1)
	printf "bench_prep: ratio floor / 7z = %.2f (no SHA-256 manifest can go below), prep-tftproot / floor = %.2f\n", f / (b ? b : 1), a / (f ? f : 1)
	printf "bench_prep: ratio prep-tftproot / (7z + openssl dgst of boot.wim) = %.2f (files and hash by hand)\n", a / (b + s ? b + s : 1) }'
rm -rf "$W"
