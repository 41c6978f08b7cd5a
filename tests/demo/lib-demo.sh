# SPDX-License-Identifier: GPL-2.0-or-later
# lib-demo.sh - the demo's VM runner (sourced by tests/demo.sh after
# tests/lib.sh and tests/qemu/lib.sh): one PXE boot in QEMU with the serial
# console shown live, a monitor socket for screenshots, and a verdict of what
# the VM did after winpe.c32 handed off.

# what winpe.c32 prints as it starts the boot manager (BIOS: com32/boot.c,
# UEFI: efi/boot.c)
DEMO_HANDOFF_RE='^winpe: .*starting the boot manager|^winpe: starting '

# demo_shot SOCK OUT.png: save the VM's screen; 0 when a PNG was written
demo_shot() {
	local i
	# QEMU creates the monitor socket a moment after it starts
	for i in $(seq 1 50); do [ -S "$1" ] && break; sleep 0.1; done
	python3 "$ROOT/tests/demo/hmp.py" "$1" screendump "$2" 2>/dev/null
}

# demo_show_new LOG SHOWN_VAR: print the complete lines of LOG not shown yet
# (the last, maybe partial, line waits for the next call)
demo_show_new() {
	local log=$1 n total
	n=${!2}
	total=$(wc -l <"$log")
	if [ "$total" -gt "$n" ]; then
		sed -n "$((n + 1)),${total}p" "$log" | grep -av '^\s*$' | sed 's/^/  | /'
		printf -v "$2" '%s' "$total"
	fi
}

# demo_boot TAG FW ROOT BOOTFILE TIMEOUT MEM
#   PXE-boots FW (bios|uefi) from ROOT with BOOTFILE and shows the serial
#   console live.  Stops when winpe.c32 gives up, when our probe boot manager
#   gives its verdict, when the screen has settled after the hand-off (the
#   same screenshot for DEMO_SETTLE seconds), when the VM stops by itself, or
#   at TIMEOUT.  Leaves $DW/TAG.log (serial, plain text), $DW/TAG.png (the
#   screen when it stopped), $DW/TAG.vga.txt (BIOS: the VGA text screen) and
#   sets DEMO_END (why it stopped), DEMO_HANDOFF_LINE (the module's last line
#   before the hand-off, empty if none) and DEMO_AFTER (what followed it).
demo_boot() {
	local tag=$1 fw=$2 root=$3 bootfile=$4 t=$5 mem=$6
	local log=$DW/$tag.log raw=$DW/$tag.log.raw png=$DW/$tag.png sd args qpid
	local i shown=0 start=$SECONDS handoff_at="" next_shot=0 shot_at=0 last_hash="" same_since=0 h0="" h
	sd=$(mktemp -d /tmp/winpe-demo.XXXXXX)
	rm -f "$log" "$raw" "$png" "$DW/$tag.vga.txt"
	: >"$raw"; : >"$log"
	[ "$fw" = uefi ] && cp "$OVMF_VARS" "$DW/$tag.vars.fd"
	args=$(qemu_args "$fw" "$root" "$mem" "$bootfile" "$DW/$tag.vars.fd")
	args=${args/-monitor none/-monitor unix:$sd/mon,server=on,wait=off}
	# shellcheck disable=SC2086
	timeout --kill-after=5 "$((t + 30))" $QEMU $args -serial "file:$raw" \
		</dev/null >"$DW/$tag.qemu.log" 2>&1 &
	qpid=$!
	track_pid "$qpid"
	DEMO_END=""
	while :; do
		sleep 1
		strip_log "$raw" >"$log" 2>/dev/null
		demo_show_new "$log" shown
		if grep -aq 'winpe: not booting' "$log"; then
			DEMO_END="winpe.c32 gave up and returned to the syslinux menu"
		elif grep -aq '^PROBE VERDICT' "$log"; then
			DEMO_END="the probe boot manager gave its verdict"
		elif ! kill -0 "$qpid" 2>/dev/null; then
			DEMO_END="the VM stopped by itself (reset or power-off) after $((SECONDS - start)) s"
		fi
		if ! kill -0 "$qpid" 2>/dev/null; then
			[ -n "$DEMO_END" ] || DEMO_END="the VM stopped by itself after $((SECONDS - start)) s"
			[ -f "$png" ] && DEMO_END="$DEMO_END (screenshot taken $((SECONDS - shot_at)) s before)"
			break
		fi
		if [ -z "$handoff_at" ] && grep -aEq "$DEMO_HANDOFF_RE" "$log"; then
			handoff_at=$SECONDS; next_shot=$SECONDS
		fi
		# a screenshot every 3 s (at once at the hand-off); after the hand-off,
		# stop when it stays the same for DEMO_SETTLE s
		if [ -z "$DEMO_END" ] && [ "$SECONDS" -ge "$next_shot" ] && demo_shot "$sd/mon" "$png"; then
			next_shot=$((SECONDS + 3)); shot_at=$SECONDS
			h=$(sha256sum <"$png" | cut -c1-16)
			if [ -n "$handoff_at" ]; then
				[ -n "$h0" ] || h0=$h
				if [ "$h" != "$last_hash" ]; then last_hash=$h; same_since=$SECONDS; fi
				if [ $((SECONDS - same_since)) -ge "$DEMO_SETTLE" ] && [ $((SECONDS - handoff_at)) -ge 20 ]; then
					DEMO_END="the screen settled (unchanged for $DEMO_SETTLE s, $((SECONDS - handoff_at)) s after the hand-off)"
				fi
			fi
		fi
		if [ -z "$DEMO_END" ] && [ $((SECONDS - start)) -ge "$t" ]; then
			DEMO_END="timeout after $t s"
		fi
		if [ -n "$DEMO_END" ]; then
			# freeze the VM first: the screenshot, text screen and log show
			# the moment the demo stopped it
			python3 "$ROOT/tests/demo/hmp.py" "$sd/mon" stop 2>/dev/null
			if demo_shot "$sd/mon" "$png"; then
				[ -n "$h0" ] && last_hash=$(sha256sum <"$png" | cut -c1-16)
			else
				rm -f "$png"
			fi
			[ "$fw" = bios ] && python3 "$ROOT/tests/demo/hmp.py" "$sd/mon" vgatext "$DW/$tag.vga.txt" 2>/dev/null
			python3 "$ROOT/tests/demo/hmp.py" "$sd/mon" quit 2>/dev/null
			# make sure it is gone (by its PID) so nothing runs on after the end
			for i in $(seq 1 30); do kill -0 "$qpid" 2>/dev/null || break; sleep 0.1; done
			kill "$qpid" 2>/dev/null
			break
		fi
	done
	wait "$qpid" 2>/dev/null
	strip_log "$raw" >"$log" 2>/dev/null
	demo_show_new "$log" shown
	[ -n "$(tail -c1 "$log")" ] && tail -n1 "$log" | sed 's/^/  | /'
	rm -rf "$sd"
	DEMO_HANDOFF_LINE=""
	grep -aEq "$DEMO_HANDOFF_RE" "$log" && DEMO_HANDOFF_LINE=$(grep -a '^winpe: ' "$log" | tail -n1)
	if [ -z "$DEMO_HANDOFF_LINE" ]; then
		DEMO_AFTER="winpe.c32 did not hand off"
	elif grep -aq '^PROBE VERDICT' "$log"; then
		DEMO_AFTER="the boot manager (our probe) took over: $(grep -a '^PROBE VERDICT' "$log" | head -n1)"
	elif [ -n "$h0" ] && [ "$last_hash" != "$h0" ]; then
		DEMO_AFTER="the boot manager took over: the screen changed after the hand-off"
	elif [ -s "$DW/$tag.vga.txt" ] && ! grep -q 'winpe:' "$DW/$tag.vga.txt"; then
		DEMO_AFTER="the boot manager took over: it redrew the screen (winpe.c32's lines are gone)"
	elif [ -n "$h0" ]; then
		DEMO_AFTER="no sign of the boot manager: the screen did not change after the hand-off"
	else
		DEMO_AFTER="no screenshot after the hand-off: cannot tell whether the boot manager took over"
	fi
}
