#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# t-bootmgr-cli.sh - `winpe-disk bootmgr-extract` on synthetic bootmgr
# containers (LZNT1 and XCA): exact bytes out, exit codes, error messages.
. "$(dirname "$0")/../lib.sh"
WD=$B/bin/winpe-disk
MK=$B/tests/codecs/mkbootmgr
if [ ! -x "$WD" ] || [ ! -x "$MK" ]; then
	fail bootmgr-cli-built "run make all first ($WD, $MK)"
	exit 1
fi
D=$(scratch bootmgr-cli)

for fmt in lznt1 xca; do
	"$MK" $fmt 200000 7 "$D/bootmgr.$fmt" "$D/want.$fmt.exe" || { fail "bootmgr-cli-$fmt-gen" "mkbootmgr failed"; continue; }
	if "$WD" bootmgr-extract "$D/bootmgr.$fmt" "$D/got.$fmt.exe" > "$D/out.$fmt" 2>&1; then
		pass "bootmgr-cli-$fmt-exit"
	else
		fail "bootmgr-cli-$fmt-exit" "exit $?: $(cat "$D/out.$fmt")"
	fi
	expect_eq "bootmgr-cli-$fmt-bytes" "$(sha256sum < "$D/got.$fmt.exe" 2>/dev/null)" "$(sha256sum < "$D/want.$fmt.exe")"
	check "bootmgr-cli-$fmt-report" grep -qi "$fmt" "$D/out.$fmt"
done

# a file without a payload: non-zero exit, message names the file, no output file
head -c 100000 /dev/zero > "$D/empty.bin"
"$WD" bootmgr-extract "$D/empty.bin" "$D/none.exe" > "$D/err1" 2>&1
rc=$?
expect_eq bootmgr-cli-nopayload-exit "$rc" 1
check bootmgr-cli-nopayload-names-file grep -q "empty.bin" "$D/err1"
check bootmgr-cli-nopayload-no-output test ! -e "$D/none.exe"

# missing input file
"$WD" bootmgr-extract "$D/missing" "$D/none.exe" > "$D/err2" 2>&1
rc=$?
expect_eq bootmgr-cli-missing-exit "$rc" 1
check bootmgr-cli-missing-names-file grep -q "missing" "$D/err2"

# wrong usage
"$WD" bootmgr-extract "$D/bootmgr.xca" > /dev/null 2>&1
expect_eq bootmgr-cli-usage-exit "$?" 2

# unwritable output
"$WD" bootmgr-extract "$D/bootmgr.xca" "$D/no/such/dir/out.exe" > "$D/err3" 2>&1
rc=$?
expect_eq bootmgr-cli-unwritable-exit "$rc" 1
check bootmgr-cli-unwritable-names-file grep -q "out.exe" "$D/err3"

exit $((T_FAILED > 0))
