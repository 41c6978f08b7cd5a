#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# t-wim-extract.sh - the core WIM reader (winpe-disk wim-extract) against
# wimlib: one seeded tree of >= 500 files captured with every compression
# (none, XPRESS, LZX, LZMS, solid LZMS, solid LZX, non-default chunk sizes)
# and a 2-image WIM; every extracted file must equal the source (sha256).
# Compressed cases SKIP (with the reader's reason) while their decompressor
# is not built in.
source "$(dirname "$0")/../lib.sh"
WD=$B/bin/winpe-disk
WDR=$B/tests/wim/winpe-disk-refdec
if [ ! -x "$WD" ] || ! command -v wimlib-imagex > /dev/null; then
	skip wim-extract "needs build/bin/winpe-disk and wimlib-imagex"
	exit 0
fi
W=$(scratch wim-extract)
python3 "$ROOT/tests/wim/gen-tree.py" "$W/tree" 20241126 || { fail wim-tree "generator failed"; exit 1; }
nfiles=$(find "$W/tree" -type f | wc -l)
if [ "$nfiles" -ge 500 ]; then pass "wim-tree-$nfiles-files"; else fail wim-tree "only $nfiles files"; fi

# sha256 list of every file of a tree, relative paths, sorted
manifest() { (cd "$1" && find . -type f -print0 | LC_ALL=C sort -z | xargs -0 sha256sum); }
# the directory list of a tree
dirlist() { (cd "$1" && find . -type d | LC_ALL=C sort); }
manifest "$W/tree" > "$W/tree.sum"
dirlist "$W/tree" > "$W/tree.dirs"

# capture NAME ARGS...: wimlib-imagex capture the tree (in the background)
capture() {
	local n=$1; shift
	wimlib-imagex capture "$W/tree" "$W/$n.wim" PE "$@" > "$W/$n.log" 2>&1
}

# check_wim NAME SPEC WANT_SUM WANT_DIRS [BINARY]: extract SPEC with --all
# and compare
check_wim() {
	local n=$1 spec=$2 sum=$3 dirs=$4 out=$W/out-$1 bin=${5:-$WD}
	rm -rf "$out"
	if ! "$bin" wim-extract "$spec" --all "$out" > "$W/$n.ext" 2>&1; then
		if grep -q "not available in this build" "$W/$n.ext"; then
			skip "wim-extract-$n" "$(grep -m1 'not available' "$W/$n.ext")"
		else
			fail "wim-extract-$n" "$(tail -n 2 "$W/$n.ext" | tr '\n' ' ')"
		fi
		return 1
	fi
	if ! cmp -s <(manifest "$out") "$sum"; then
		fail "wim-extract-$n" "extracted files differ: $(diff <(manifest "$out") "$sum" | head -n 4 | tr '\n' ' ')"
		return 1
	fi
	if ! cmp -s <(dirlist "$out") "$dirs"; then
		fail "wim-extract-$n" "directories differ"
		return 1
	fi
	pass "wim-extract-$n ($(wc -l < "$sum") files)"
	rm -rf "$out"
	return 0
}

# check_lookup NAME WIM: single-file extraction by upper-cased path
check_lookup() {
	local n=$1 wim=$2 bad=0 cnt=0 f up
	while IFS= read -r -d '' f; do
		f=${f#./}
		up=$(printf '%s' "$f" | tr 'a-z/' 'A-Z\\')
		if ! "$WD" wim-extract "$wim" "\\$up" "$W/one" 2> "$W/one.err" ||
		   ! cmp -s "$W/one" "$W/tree/$f"; then
			bad=$((bad + 1))
			echo "  lookup \\$up: $(cat "$W/one.err")"
		fi
		cnt=$((cnt + 1))
	done < <(cd "$W/tree" && find . -type f -print0 | LC_ALL=C sort -z | awk 'BEGIN{RS="\0";ORS="\0"} NR%23==1')
	if [ "$bad" -eq 0 ]; then pass "wim-lookup-$n ($cnt files, upper-cased paths)"
	else fail "wim-lookup-$n" "$bad of $cnt lookups failed"; fi
}

# all captures, two at a time
capture none --compress=none &
capture xpress --compress=xpress &
wait
capture xpress4k --compress=xpress --chunk-size=4096 &
capture lzx --compress=lzx &
wait
capture lzx1m --compress=lzx --chunk-size=1M &
capture lzms --compress=lzms &
wait
capture solid --solid &
capture solidlzx --solid --solid-compress=lzx &
wait
mkdir -p "$W/tree2/Second"
cp -r "$W/tree/Windows" "$W/tree2/"
printf 'only in image 2\n' > "$W/tree2/Second/two.txt"
manifest "$W/tree2" > "$W/tree2.sum"
dirlist "$W/tree2" > "$W/tree2.dirs"
for base in none lzx; do
	cp "$W/$base.wim" "$W/twoimg-$base.wim"
	wimlib-imagex append "$W/tree2" "$W/twoimg-$base.wim" Two --boot > "$W/append.log" 2>&1 ||
		fail "wim-append-$base" "$(tail -n 1 "$W/append.log")"
done

for n in none xpress xpress4k lzx lzx1m lzms solid solidlzx; do
	if [ ! -s "$W/$n.wim" ]; then
		fail "wim-capture-$n" "$(tail -n 1 "$W/$n.log")"
		continue
	fi
	if check_wim "$n" "$W/$n.wim" "$W/tree.sum" "$W/tree.dirs"; then
		case $n in none|lzx|solid) check_lookup "$n" "$W/$n.wim" ;; esac
	fi
	# the reader again with libwim's decoders (tests/wim/refdec.c): checks
	# chunk tables and solid resources independently of our decoders
	[ "$n" != none ] && [ -x "$WDR" ] &&
		check_wim "$n-refdec" "$W/$n.wim" "$W/tree.sum" "$W/tree.dirs" "$WDR"
done
for base in none lzx; do
	# no index = the boot image (2)
	check_wim "2img-$base-boot" "$W/twoimg-$base.wim" "$W/tree2.sum" "$W/tree2.dirs"
	check_wim "2img-$base-1" "$W/twoimg-$base.wim:1" "$W/tree.sum" "$W/tree.dirs"
	check_wim "2img-$base-2" "$W/twoimg-$base.wim:2" "$W/tree2.sum" "$W/tree2.dirs"
done
[ -x "$WDR" ] && check_wim 2img-lzx-1-refdec "$W/twoimg-lzx.wim:1" "$W/tree.sum" "$W/tree.dirs" "$WDR"
[ -x "$WDR" ] && check_wim 2img-lzx-boot-refdec "$W/twoimg-lzx.wim" "$W/tree2.sum" "$W/tree2.dirs" "$WDR"

# errors name the file and the problem, with a non-zero exit
if "$WD" wim-extract "$W/none.wim:3" '\x' "$W/x" 2> "$W/err" ||
   ! grep -q "none.wim: image 3 does not exist" "$W/err"; then
	fail wim-extract-bad-index "$(cat "$W/err")"
else pass wim-extract-bad-index; fi
if "$WD" wim-extract "$W/none.wim" '\no\such\file' "$W/x" 2> "$W/err" ||
   ! grep -q 'none.wim: \\no\\such\\file: not found' "$W/err"; then
	fail wim-extract-missing "$(cat "$W/err")"
else pass wim-extract-missing; fi
head -c 5000 "$W/none.wim" > "$W/trunc.wim"
if "$WD" wim-extract "$W/trunc.wim" '\empty' "$W/x" 2> "$W/err" ||
   ! grep -q "trunc.wim: lookup table: offset beyond end of file" "$W/err"; then
	fail wim-extract-truncated "$(cat "$W/err")"
else pass wim-extract-truncated; fi
[ "$T_FAILED" -eq 0 ]
