#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# t-bigcopy.sh - a boot.wim larger than the copy window (20 MiB and an odd
# tail) from a directory, a UDF-only and a Joliet ISO: the staged copy is
# byte-identical, its manifest line carries the media file's own sha256 and
# size (the hashing thread hashed what was written), the whole tree checks
# against its manifest; the bulk went out with direct I/O where the file
# system supports it (strace); a direct write that is refused at submission
# or fails on completion (LD_PRELOAD shim) falls back to buffered writes with
# the same result; the same holds on tmpfs (/dev/shm).
. "$(dirname "$0")/prep-lib.sh"
W=$(scratch prep-bigcopy)
$MK tree "$W/tree" bc 20 >/dev/null && $MK iso udfonly "$W/tree" "$W/u.iso" && $MK iso joliet "$W/tree" "$W/j.iso" ||
	{ fail prep-bigcopy-fixture "mkmedia failed"; exit 1; }
want="$(sha256sum <"$W/tree/sources/boot.wim" | cut -d' ' -f1) size $(stat -c %s "$W/tree/sources/boot.wim")"

# one SRC ROOT NAME: prepare and check the copy of boot.wim
one() {
	local n=$1 src=$2 r=$3 live
	live=$r/windows/n
	if ! "$PT" "$src" --root "$r" --name n --no-syslinux --no-secure-boot >"$W/$n.out" 2>&1; then
		fail "prep-bigcopy-$n" "exit $?: $(tail -2 "$W/$n.out")"; return
	fi
	expect_eq "prep-bigcopy-$n-bytes" "$(cmp "$W/tree/sources/boot.wim" "$live/sources/boot.wim" && echo same)" same
	expect_eq "prep-bigcopy-$n-manifest" "$(awk '$6 == "sources/boot.wim" {print $2" size "$4}' "$live/manifest")" "$want"
	tree_ok "prep-bigcopy-$n-tree" "$live"
}
one dir "$W/tree" "$W/r-dir"
one udf "$W/u.iso" "$W/r-udf"
one joliet "$W/j.iso" "$W/r-joliet"

# direct I/O used for the bulk (this file system permitting)
if command -v strace >/dev/null; then
	strace -f -e trace=fcntl -o "$W/strace.txt" "$PT" "$W/u.iso" --root "$W/r-st" --name n --no-syslinux \
		--no-secure-boot >/dev/null 2>&1
	nd=$(grep -c 'F_SETFL, [^)]*O_DIRECT' "$W/strace.txt")
	if [ "$nd" -gt 0 ]; then
		expect_eq prep-bigcopy-direct "$nd:$(cmp "$W/tree/sources/boot.wim" "$W/r-st/windows/n/sources/boot.wim" && echo same)" "$nd:same"
	else
		skip prep-bigcopy-direct "no O_DIRECT write: the file system of $W gives no direct I/O alignment (statx)"
	fi
else
	skip prep-bigcopy-direct "strace not installed"
fi

# failed direct writes: the span is written again, buffered
if cc -shared -fPIC -O2 -o "$W/aiofail.so" "$ROOT/tests/prep/aiofail-shim.c" -ldl; then
	AIOFAIL_SUBMIT=2 LD_PRELOAD=$W/aiofail.so one aio-submit-fails "$W/u.iso" "$W/r-af1"
	AIOFAIL_EVENT=1 LD_PRELOAD=$W/aiofail.so one aio-write-fails "$W/u.iso" "$W/r-af2"
else
	fail prep-bigcopy-aiofail-shim "cc failed"
fi

# tmpfs
if [ -d /dev/shm ] && S=$(mktemp -d /dev/shm/prep-bigcopy.XXXXXX 2>/dev/null); then
	one tmpfs "$W/u.iso" "$S"
	rm -rf "$S"
else
	skip prep-bigcopy-tmpfs "no writable /dev/shm"
fi
