#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# t-fuzz-smoke.sh - build every libFuzzer target (make fuzz-build) and run
# each briefly (FUZZ_SMOKE_SECONDS, default 10) on a fresh corpus plus the
# persistent corpus of `make fuzz`.  PASS/FAIL per target.
. "$(dirname "$0")/../lib.sh"
SECS=${FUZZ_SMOKE_SECONDS:-10}
if ! command -v clang >/dev/null; then
	skip fuzz-smoke "clang not installed (scripts/deps.sh installs it)"
	exit 0
fi
log=$(scratch fuzz-smoke)
if ! make -s -C "$ROOT" fuzz-build fuzz-seeds > "$log/build.log" 2>&1; then
	fail fuzz-smoke-build "make fuzz-build failed: $(tail -n 5 "$log/build.log" | tr '\n' ' ')"
	exit 1
fi
pass fuzz-smoke-build
n=0
for bin in "$B"/fuzz/fuzz_*; do
	[ -x "$bin" ] || continue
	t=$(basename "$bin")
	n=$((n + 1))
	mkdir -p "$log/$t" "$B/fuzz/corpus/$t"
	seeds=()
	[ -d "$B/fuzz/seeds/$t" ] && seeds=("$B/fuzz/seeds/$t")
	# new inputs go to the scratch corpus; the persistent one is only read
	if timeout $((SECS + 60)) "$bin" -max_total_time="$SECS" -timeout=10 -rss_limit_mb=2048 \
		-artifact_prefix="$log/$t/" "$log/$t" "$B/fuzz/corpus/$t" "${seeds[@]}" \
		> "$log/$t.log" 2>&1; then
		pass "fuzz-smoke-$t"
	else
		fail "fuzz-smoke-$t" "$(grep -m1 -E 'ERROR|SUMMARY|runtime error|deadly' "$log/$t.log") (log $log/$t.log)"
	fi
done
[ $n -gt 0 ] || fail fuzz-smoke-targets "no fuzz targets built"
exit $((T_FAILED > 0))
