#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# t-interrupt.sh - interrupted and failed runs: SIGKILL during the runtime
# install leaves the previous tree and configs intact and no lock behind (the
# next run takes over and clears the staging); SIGTERM/SIGINT remove what the
# run staged and end the process by that signal; a lock held by a live run is
# respected, a lock file of an earlier version is removed; a failed run on a
# fresh root leaves nothing.  PREP_TFTPROOT_TEST_PAUSE stops the run at a
# named point (SIGSTOP) so the signal lands there every time.
. "$(dirname "$0")/prep-lib.sh"
W=$(scratch prep-interrupt)
$MK tree "$W/ta" ia && cp -r "$W/ta" "$W/tb" && printf 'b' >>"$W/tb/bootmgr" ||
	{ fail prep-interrupt-fixture "mkmedia failed"; exit 1; }
MD=$W/modules; mkdir -p "$MD/bios" "$MD/efi64"
head -c 3000 /dev/urandom >"$MD/bios/winpe.c32"; head -c 3000 /dev/urandom >"$MD/efi64/winpe.c32"
MD2=$W/modules2; mkdir -p "$MD2/bios" "$MD2/efi64"
head -c 4000 /dev/urandom >"$MD2/bios/winpe.c32"; head -c 4000 /dev/urandom >"$MD2/efi64/winpe.c32"
R=$W/root
"$PT" "$W/ta" --root "$R" --name k --module-dir "$MD" >/dev/null 2>&1 || { fail prep-interrupt-first "first run failed"; exit 1; }
before=$(snapshot "$R")

# paused PHASE ARGS...: start a run that stops at PHASE; sets pid, fails if it never stops
paused() {
	local phase=$1 i; shift
	PREP_TFTPROOT_TEST_PAUSE=$phase "$PT" "$@" >"$W/p.out" 2>"$W/p.err" &
	pid=$!
	track_pid "$pid"
	for i in $(seq 1 600); do
		[ "$(awk '{print $3}' "/proc/$pid/stat" 2>/dev/null)" = T ] && return 0
		kill -0 "$pid" 2>/dev/null || return 1
		sleep 0.1
	done
	return 1
}
# rest ROOT: snapshot without this run's staging directories
rest() { snapshot "$1" | grep -v -e '\.prep-tftproot\.runtime\.new' -e 'windows/\.k\.new'; }

# 1. SIGKILL during the runtime install (new tree and runtime staged, nothing renamed)
paused runtime "$W/tb" --root "$R" --name k --module-dir "$MD2" --force --menu-title B || fail prep-interrupt-kill-paused "never reached the pause: $(cat "$W/p.err")"
check prep-interrupt-kill-staged test -d "$R/.prep-tftproot.runtime.new" -a -d "$R/windows/.k.new"
kill -KILL "$pid"; wait "$pid" 2>/dev/null
expect_eq prep-interrupt-kill-previous-kept "$(rest "$R")" "$(echo "$before" | grep -v -e '\.prep-tftproot\.runtime\.new' -e 'windows/\.k\.new')"
check prep-interrupt-kill-old-module cmp -s "$MD/bios/winpe.c32" "$R/winpe.c32"
expect_eq prep-interrupt-kill-no-lock "$(find "$R" -name '*lock*' | wc -l)" 0
# the next run is not blocked (the kernel dropped the flock) and clears the debris
out=$("$PT" "$W/tb" --root "$R" --name k --module-dir "$MD2" --force --menu-title B 2>&1); rc=$?
expect_eq prep-interrupt-kill-next-run "$rc:$(echo "$out" | grep -c 'another prep-tftproot')" "0:0"
expect_eq prep-interrupt-kill-debris-gone "$(find "$R" -name '.*.new' | wc -l)" 0
check prep-interrupt-kill-new-module cmp -s "$MD2/bios/winpe.c32" "$R/winpe.c32"
tree_ok prep-interrupt-kill-new-tree "$R/windows/k"
before=$(snapshot "$R")

# 2. SIGTERM and SIGINT at the runtime pause and at the boot.wim copy: staging
# removed, process ended by the signal (128+n), everything else unchanged
for case in TERM:runtime:143 INT:runtime:130 TERM:wim:143 HUP:runtime:129; do
	IFS=: read -r sig phase want <<<"$case"
	paused "$phase" "$W/ta" --root "$R" --name k --module-dir "$MD2" || fail "prep-interrupt-$sig-$phase-paused" "$(cat "$W/p.err")"
	kill -"$sig" "$pid"; kill -CONT "$pid"; wait "$pid" 2>/dev/null; rc=$?
	expect_eq "prep-interrupt-$sig-$phase-status" "$rc" "$want"
	if [ "$(snapshot "$R")" = "$before" ]; then pass "prep-interrupt-$sig-$phase-clean"
	else fail "prep-interrupt-$sig-$phase-clean" "$(diff <(echo "$before") <(snapshot "$R") | head -4 | tr '\n' ' ')"; fi
done
expect_eq prep-interrupt-no-tmpwim "$(find "$R" -name '.prep-wim.*' | wc -l)" 0

# 3. a live run's lock is respected (flock(1) stands in for it), and the run
# goes ahead once that holder is gone; a lock file of an earlier version is removed
bash -c 'exec 9<"$1" && flock 9 && exec sleep 30' _ "$R/windows" & hp=$!; track_pid "$hp"; sleep 0.5
out=$("$PT" "$W/ta" --root "$R" --name k --module-dir "$MD2" 2>&1); rc=$?
expect_eq prep-interrupt-lock-held "$rc:$(echo "$out" | grep -c "another prep-tftproot is working in $R/windows")" "1:1"
out=$("$PT" "$W/ta" --root "$R" --name k --module-dir "$MD2" --dry-run 2>&1); rc=$?
expect_eq prep-interrupt-lock-held-dryrun "$rc:$(echo "$out" | grep -c 'another prep-tftproot is working')" "1:1"
kill "$hp"; wait "$hp" 2>/dev/null
: >"$R/windows/.prep-tftproot.lock"
"$PT" "$W/ta" --root "$R" --name k --module-dir "$MD2" >/dev/null 2>&1
expect_eq prep-interrupt-lock-taken-over "$?:$(find "$R" -name '*lock*' | wc -l)" "0:0"

# 4. a failed run in a root it had to create leaves nothing, not even the root
out=$("$PT" "$W/ta" --root "$W/new/deep/root" --name k --index 9 --module-dir "$MD" 2>&1); rc=$?
expect_eq prep-interrupt-failed-fresh-root "$rc:$(test -e "$W/new" && echo left || echo none)" "1:none"
[ "$T_FAILED" -eq 0 ]
