#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# t-demo.sh - tests/demo.sh (make demo [ISO=...]), kept cheap: BIOS over TFTP
# only (DEMO_BOOTS; `make demo` itself boots all three).  Proves: ISO= naming a
# missing file or a non-Windows ISO fails with prep-tftproot's own message, no
# VM started and no "verdict PASS"; the default demo builds its WinPE-shaped
# ISO, runs prep-tftproot and gets the probe's PASS with the files byte-exact;
# ISO= on that ISO (a WinPE-shaped medium whose boot manager is our probe)
# reports the module's last line before the hand-off and that the boot
# manager took over, and leaves a valid PNG and the serial log at the paths it
# prints; at a timeout it freezes the VM and still takes the screenshot and
# reads the VGA text screen.
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
. "$ROOT/tests/lib.sh"
W=$(mktemp -d); trap '[ -n "${KEEP:-}" ] || rm -rf "$W"; cleanup_pids' EXIT
PT=$B/bin/prep-tftproot
[ -x "$PT" ] || { fail demo-built "build/bin/prep-tftproot missing (make all)"; exit 1; }
export DEMO_BOOTS=bios-tftp DEMO_MEM=512

# png_ok FILE: a PNG signature and an IHDR of W x H (prints "WxH")
png_ok() {
	python3 - "$1" <<'PY'
import struct, sys
d = open(sys.argv[1], 'rb').read(24)
if d[:8] != b'\x89PNG\r\n\x1a\n' or d[12:16] != b'IHDR':
    sys.exit(1)
print('%dx%d' % struct.unpack('>II', d[16:24]))
PY
}

# prep_msg MEDIA: the error line prep-tftproot itself prints for MEDIA
prep_msg() {
	mkdir -p "$W/pr"
	"$PT" "$1" --root "$W/pr" 2>&1 | grep -m1 'error'
}

# 1. a missing ISO, 2. a non-Windows ISO: prep-tftproot's message, exit 1, no VM
mkdir -p "$W/nonwin"; echo "not windows" >"$W/nonwin/readme.txt"
xorriso -as mkisofs -quiet -J -R -o "$W/nonwin.iso" "$W/nonwin" 2>/dev/null
for c in missing:"$W/none.iso" nonwin:"$W/nonwin.iso"; do
	n=${c%%:*} iso=${c#*:}
	DEMO_DIR=$W/d-$n bash "$ROOT/tests/demo.sh" "$iso" >"$W/$n.out" 2>&1
	expect_eq "demo-iso-$n-exit" "$?" 1
	msg=$(prep_msg "$iso")
	if [ -n "$msg" ] && grep -qF -- "$msg" "$W/$n.out" && grep -q "prep-tftproot refused $iso" "$W/$n.out"; then
		pass "demo-iso-$n-message"
	else
		fail "demo-iso-$n-message" "prep-tftproot's '$msg' not shown: $(tail -2 "$W/$n.out" | tr '\n' '|')"
	fi
	grep -q 'PASS' "$W/$n.out" && fail "demo-iso-$n-no-pass" "says PASS" || pass "demo-iso-$n-no-pass"
	expect_eq "demo-iso-$n-no-vm" "$(ls "$W/d-$n"/*.log 2>/dev/null)" ""
done

# 3. the default demo (sample ISO -> prep-tftproot -> BIOS/TFTP boot)
DEMO_DIR=$W/d-sample bash "$ROOT/tests/demo.sh" >"$W/sample.out" 2>&1
expect_eq demo-sample-exit "$?" 0
grep -q "^  \$ prep-tftproot $W/d-sample/winpe-sample.iso --root $W/d-sample/tftproot\$" "$W/sample.out" &&
	pass demo-sample-prep-as-readme || fail demo-sample-prep-as-readme "no 'prep-tftproot ISO --root DIR' line"
grep -Eq '^  bios-tftp +PASS +probe: PROBE VERDICT PASS.*byte-exact through INT 13h: 3/3$' "$W/sample.out" &&
	pass demo-sample-row || fail demo-sample-row "$(grep -a 'bios-tftp ' "$W/sample.out" | tail -1)"
expect_eq demo-sample-verdict "$(tail -n1 "$W/sample.out")" "demo: verdict PASS"

# 4. ISO= with a WinPE-shaped ISO whose boot manager is our probe
cp "$W/d-sample/winpe-sample.iso" "$W/probe.iso"
DEMO_DIR=$W/d-iso bash "$ROOT/tests/demo.sh" "$W/probe.iso" >"$W/iso.out" 2>&1
expect_eq demo-iso-exit "$?" 0
grep -Eq "^  bios-tftp +HANDOFF +the boot manager \(our probe\) took over: PROBE VERDICT PASS" "$W/iso.out" &&
	pass demo-iso-took-over || fail demo-iso-took-over "$(grep -a 'bios-tftp ' "$W/iso.out" | tail -1)"
last=$(grep -a '^winpe: ' "$W/d-iso/bios-tftp.log" | tail -n1)
case $last in *"starting the boot manager"*) pass demo-iso-handoff-in-log ;; *) fail demo-iso-handoff-in-log "last module line '$last'" ;; esac
grep -qF "module's last line: $last" "$W/iso.out" && pass demo-iso-last-line || fail demo-iso-last-line "not reported"
grep -qF "serial log: $W/d-iso/bios-tftp.log" "$W/iso.out" && [ -s "$W/d-iso/bios-tftp.log" ] &&
	pass demo-iso-log-path || fail demo-iso-log-path "serial log path not printed or empty"
grep -qF "screenshot: $W/d-iso/bios-tftp.png" "$W/iso.out" && pass demo-iso-png-path || fail demo-iso-png-path "not printed"
expect_eq demo-iso-png "$(png_ok "$W/d-iso/bios-tftp.png")" 720x400

# 5. a timeout (1 s: before iPXE is through): still a screenshot, no hand-off, verdict FAIL
DEMO_TIMEOUT=1 DEMO_DIR=$W/d-to bash "$ROOT/tests/demo.sh" "$W/probe.iso" >"$W/to.out" 2>&1
expect_eq demo-timeout-exit "$?" 1
grep -q "bios-tftp stopped: timeout after 1 s" "$W/to.out" && pass demo-timeout-reported || fail demo-timeout-reported "$(grep stopped "$W/to.out")"
if png_ok "$W/d-to/bios-tftp.png" >/dev/null; then pass demo-timeout-png; else fail demo-timeout-png "no valid PNG at the timeout"; fi
grep -q "winpe.c32 did not hand off" "$W/to.out" && pass demo-timeout-no-handoff || fail demo-timeout-no-handoff "not said"
# the BIOS text screen read from VGA memory (0xb8000) at that moment: SeaBIOS/iPXE's lines
grep -Eq 'SeaBIOS|iPXE' "$W/d-to/bios-tftp.vga.txt" 2>/dev/null && pass demo-timeout-vgatext ||
	fail demo-timeout-vgatext "no SeaBIOS/iPXE line in $W/d-to/bios-tftp.vga.txt"
[ "$T_FAILED" -eq 0 ]
