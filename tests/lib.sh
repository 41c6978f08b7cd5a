# SPDX-License-Identifier: GPL-2.0-or-later
# lib.sh - helpers for shell tests: result lines the runner counts, fixtures,
# process cleanup.  Source it; set ROOT to the repository root first.
ROOT=${ROOT:-$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)}
B=$ROOT/build
T_FAILED=0

# pass NAME / fail NAME WHY / skip NAME WHY: one line each, counted by run.sh
pass() { echo "PASS $1"; }
fail() { echo "FAIL $1: ${2:-}"; T_FAILED=$((T_FAILED + 1)); }
skip() { echo "SKIP $1: $2"; }

# check NAME CMD...: pass when CMD succeeds
check() { local n=$1; shift; if "$@"; then pass "$n"; else fail "$n" "command failed: $*"; fi; }

# expect_eq NAME GOT WANT
expect_eq() { if [ "$2" = "$3" ]; then pass "$1"; else fail "$1" "got '$2', want '$3'"; fi; }

# Track child PIDs and kill them (and only them) on exit.
T_PIDS=()
track_pid() { T_PIDS+=("$1"); }
cleanup_pids() {
	local p
	for p in "${T_PIDS[@]}"; do kill "$p" 2>/dev/null; done
	for p in "${T_PIDS[@]}"; do wait "$p" 2>/dev/null; done
	T_PIDS=()
}
trap cleanup_pids EXIT

# A fresh scratch directory under build/tests/work/NAME
scratch() { local d=$B/tests/work/$1; rm -rf "$d"; mkdir -p "$d"; echo "$d"; }
