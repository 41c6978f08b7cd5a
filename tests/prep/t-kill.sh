#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# t-kill.sh - SIGKILL prep-tftproot at random points while it replaces an image
# tree (>= 20 trials, alternating two different media): the live tree is always
# the complete old or the complete new tree, never a mix, and --recover (or the
# next run) leaves exactly one of them with no staging debris.
. "$(dirname "$0")/prep-lib.sh"
W=$(scratch prep-kill)
TRIALS=${PREP_KILL_TRIALS:-24}
$MK tree "$W/ta" ka && $MK tree "$W/tb" kb && $MK iso joliet "$W/ta" "$W/a.iso" && $MK iso udfonly "$W/tb" "$W/b.iso" ||
	{ fail prep-kill-fixture "mkmedia failed"; exit 1; }
for x in a b; do
	mkdir -p "$W/ref-$x"
	"$PT" "$W/$x.iso" --root "$W/ref-$x" --name k --no-syslinux >/dev/null 2>&1
done
MA=$(cat "$W/ref-a/windows/k/manifest"); MB=$(cat "$W/ref-b/windows/k/manifest")
[ "$MA" != "$MB" ] || { fail prep-kill-fixture "the two media give the same tree"; exit 1; }

# whole LIVE: prints a or b when LIVE is exactly one complete tree, else "mix"
whole() {
	local d=$1 m
	[ -f "$d/manifest" ] || { echo mix; return; }
	m=$(cat "$d/manifest")
	local want got
	want=$(grep -v '^#' "$d/manifest" | awk '{print $6}' | sort)
	got=$(cd "$d" && find . -type f ! -name manifest -printf '%P\n' | sort)
	[ "$want" = "$got" ] || { echo mix; return; }
	(cd "$d" && grep -v '^#' manifest | awk '{print $2"  "$6}' | sha256sum -c --quiet >/dev/null 2>&1) || { echo mix; return; }
	if [ "$m" = "$MA" ]; then echo a; elif [ "$m" = "$MB" ]; then echo b; else echo mix; fi
}

R=$W/root; mkdir -p "$R"
"$PT" "$W/a.iso" --root "$R" --name k --no-syslinux >/dev/null 2>&1
cur=a
s=$(date +%s%N); "$PT" "$W/b.iso" --root "$W/ref-b" --name k --no-syslinux >/dev/null 2>&1; e=$(date +%s%N)
span=$(( (e - s) / 1000 * 12 / 10 ))   # microseconds, 1.2 x one run
RANDOM=4242
n_old=0 n_new=0 n_aside=0
for i in $(seq 1 "$TRIALS"); do
	if [ $cur = a ]; then src=b; else src=a; fi
	"$PT" "$W/$src.iso" --root "$R" --name k --no-syslinux >/dev/null 2>&1 &
	pid=$!
	us=$(( (RANDOM * 32768 + RANDOM) % span ))
	sleep "$(printf '0.%06d' "$us")"
	kill -9 "$pid" 2>/dev/null; wait "$pid" 2>/dev/null
	# right after the kill: the live tree is whole, or absent with the old tree aside
	if [ -d "$R/windows/k" ]; then now=$(whole "$R/windows/k")
	elif [ -d "$R/windows/.k.old" ]; then now=aside; n_aside=$((n_aside + 1))
	else now=missing; fi
	case $now in a|b|aside) ;; *) fail "prep-kill-trial-$i" "after kill at ${us}us: live tree is $now"; continue ;; esac
	"$PT" --recover --root "$R" --name k >/dev/null 2>&1
	after=$(whole "$R/windows/k")
	debris=$(find "$R/windows" -mindepth 1 -maxdepth 1 ! -name k | wc -l)
	if [ "$after" != a ] && [ "$after" != b ]; then fail "prep-kill-trial-$i" "after recovery: $after"; continue; fi
	if [ "$debris" != 0 ]; then fail "prep-kill-trial-$i" "debris left: $(ls -A "$R/windows" | tr '\n' ' ')"; continue; fi
	if [ "$now" != aside ] && [ "$now" != "$after" ]; then fail "prep-kill-trial-$i" "recovery changed a whole tree $now -> $after"; continue; fi
	if [ "$after" = "$cur" ]; then n_old=$((n_old + 1)); else n_new=$((n_new + 1)); fi
	pass "prep-kill-trial-$i (killed at ${us}us: $now -> $after)"
	cur=$after
done
echo "prep-kill: $TRIALS trials: old tree kept $n_old, new tree $n_new, killed mid-swap $n_aside"
# the narrow window between the two renames, staged by hand: a complete
# staging tree is rolled forward, an incomplete one rolled back
cp -a "$R/windows/k" "$W/keep"; cur=$(whole "$R/windows/k"); other=$([ "$cur" = a ] && echo b || echo a)
mv "$R/windows/k" "$R/windows/.k.old"; cp -a "$W/ref-$other/windows/k" "$R/windows/.k.new"
"$PT" --recover --root "$R" --name k >/dev/null 2>&1
expect_eq prep-kill-midswap-forward "$(whole "$R/windows/k"):$(ls -A "$R/windows" | grep -c '^\.k\.')" "$other:0"
mv "$R/windows/k" "$R/windows/.k.old"; cp -a "$W/ref-$cur/windows/k" "$R/windows/.k.new"; rm "$R/windows/.k.new/manifest"
"$PT" --recover --root "$R" --name k >/dev/null 2>&1
expect_eq prep-kill-midswap-back "$(whole "$R/windows/k"):$(ls -A "$R/windows" | grep -c '^\.k\.')" "$other:0"
# a normal run after all this still works and is complete
"$PT" "$W/b.iso" --root "$R" --name k --no-syslinux >/dev/null 2>&1
expect_eq prep-kill-final-run "$(whole "$R/windows/k")" b
[ "$T_FAILED" -eq 0 ]
