#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# run.sh - the default test suite: host unit tests, then every tests/*/t-*.sh.
# Prints every result line and closes with "N passed, N failed[, N skipped]".
# Usage: tests/run.sh [PATTERN]   (only scripts/binaries whose name matches)
ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT" || exit 2
PAT=${1:-}
LOG=$ROOT/build/tests/run.log
mkdir -p "$(dirname "$LOG")"
: > "$LOG"

run_one() {
	local name=$1; shift
	local start=$SECONDS
	echo "=== $name"
	"$@" 2>&1 | tee -a "$LOG"
	local rc=${PIPESTATUS[0]}
	echo "=== $name: exit $rc, $((SECONDS - start)) s"
	if [ "$rc" -ne 0 ] && ! tail -n 200 "$LOG" | grep -q '^FAIL '; then
		echo "FAIL $name: exited $rc without reporting a failure" | tee -a "$LOG"
	fi
}

for t in build/tests/unit/test_*; do
	[ -x "$t" ] || continue
	case "$t" in *"$PAT"*) ;; *) continue ;; esac
	run_one "$(basename "$t")" "$t"
done
for t in tests/*/t-*.sh; do
	[ -f "$t" ] || continue
	case "$t" in *"$PAT"*) ;; *) continue ;; esac
	run_one "$t" bash "$t"
done

passed=$(grep -c '^PASS ' "$LOG")
failed=$(grep -c '^FAIL ' "$LOG")
skipped=$(grep -c '^SKIP ' "$LOG")
echo
grep -E '^(FAIL|SKIP) ' "$LOG" | sed 's/^/  /'
echo "$passed passed, $failed failed, $skipped skipped"
[ "$failed" -eq 0 ] && [ "$passed" -gt 0 ]
