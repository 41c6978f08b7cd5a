#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# wim-seeds.sh DIR - seed corpus for fuzz_wim: the unit test's hand-built
# WIMs plus small wimlib captures (none, XPRESS, LZX, LZMS, solid).
set -e
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
dir=$1
mkdir -p "$dir"
WIM_SEED_DIR=$dir "$ROOT/build/tests/unit/test_wim" > /dev/null || true
command -v wimlib-imagex > /dev/null || exit 0
t=$(mktemp -d)
trap 'rm -rf "$t"' EXIT
mkdir -p "$t/tree/Windows/Boot/PXE" "$t/tree/d/e"
printf 'MZ bootmgr stand-in' > "$t/tree/Windows/Boot/PXE/bootmgr.exe"
head -c 5000 /dev/zero | tr '\0' 'x' > "$t/tree/d/e/runs.txt"
printf 'caf\xc3\xa9' > "$t/tree/d/Caf\xc3\xa9.txt"
: > "$t/tree/empty"
for c in none xpress lzx lzms; do
	wimlib-imagex capture "$t/tree" "$dir/wimlib-$c.wim" PE --compress=$c > /dev/null
done
wimlib-imagex capture "$t/tree" "$dir/wimlib-solid.wim" PE --solid > /dev/null
wimlib-imagex capture "$t/tree" "$dir/wimlib-solidx.wim" PE --solid --solid-compress=lzx > /dev/null
cp "$dir/wimlib-none.wim" "$dir/wimlib-2img.wim"
wimlib-imagex append "$t/tree/d" "$dir/wimlib-2img.wim" Two --boot > /dev/null
