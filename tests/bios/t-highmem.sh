#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# t-highmem.sh - file data above 4 GiB (PAE, bios-boot-application.md 5.3)
# on a machine with RAM there (-m 4608: 3 GiB below, 1.5 GiB above 4 GiB):
#   highmem  the module plans the data above 4 GiB, the resident moves it up,
#            only regions 0 and 1 are declared, and the probe (running with
#            its own paging on, like bootmgr) reads every file byte-exact
#            through the resident's PAE window
#   linear   the same files stay below 2 GiB with region 2 declared
#   highmem on a machine without RAM above 4 GiB (-m 512, check mode): says
#            why the data stays below 2 GiB
# (A >= 2.5 GiB set that must go above 4 GiB: `make test-large`.)
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
source "$ROOT/tests/lib.sh"
source "$ROOT/tests/qemu/lib.sh"
source "$ROOT/tests/bios/lib-bios.sh"

[ -f "$PROBE" ] && [ -f "$B/bios/winpe.c32" ] || { fail bios-highmem "build first: make all"; exit 1; }
W=$(scratch bios-highmem)
R=$W/root
mk_tftproot "$R"
mkdir -p "$R/w"
cp "$PROBE" "$R/w/bootmgr.exe"
printf 'second label\n' > "$R/w/one.txt"
head -c 16384 /dev/urandom > "$R/w/BCD"
head -c 3170304 /dev/urandom > "$R/w/boot.sdi"
# odd size: the last page of the window is partly used
head -c 9437185 /dev/urandom > "$R/w/big.bin"
FILES="file=w/bootmgr.exe file=w/BCD file=w/boot.sdi file=w/big.bin file=w/one.txt"
SPECS="bootmgr.exe=$R/w/bootmgr.exe BCD=$R/w/BCD boot.sdi=$R/w/boot.sdi big.bin=$R/w/big.bin one.txt=$R/w/one.txt"

# number of regions on the probe's PROBE REGIONS line
regions() { grep -a -m1 '^PROBE REGIONS' "$1" | awk '{ print NF - 2 }'; }

# 1. highmem: above 4 GiB
bios_cfg "$R" "highmem $FILES"
qemu_boot bios "$R" "$W/high.log" 240 'PROBE VERDICT|winpe: not booting|FATAL' "" 4608
# shellcheck disable=SC2086
probe_files bios-highmem-probe-byte-exact "$W/high.log" $SPECS
if grep -aq '^winpe: .*file data above 4 GiB at 0x1[0-9a-f]\{8\} (PAE)' "$W/high.log"; then
	pass bios-highmem-planned-above-4g
else
	fail bios-highmem-planned-above-4g "$(grep -a '^winpe: .*file data' "$W/high.log")"
fi
if grep -aq '^winpe: moving 12 MiB of file data above 4 GiB, to 0x00000001' "$W/high.log"; then
	pass bios-highmem-resident-moved-up
else
	fail bios-highmem-resident-moved-up "$(grep -a '^winpe: moving' "$W/high.log")"
fi
expect_eq bios-highmem-two-regions "$(regions "$W/high.log")" 2

# 2. linear: below 2 GiB, three regions
bios_cfg "$R" "linear $FILES"
qemu_boot bios "$R" "$W/linear.log" 240 'PROBE VERDICT|winpe: not booting|FATAL' "" 4608
# shellcheck disable=SC2086
probe_files bios-linear-probe-byte-exact "$W/linear.log" $SPECS
if grep -aq '^winpe: .*file data 0x[0-7][0-9a-f]*+0x' "$W/linear.log" &&
   ! grep -aq '^winpe: moving' "$W/linear.log"; then
	pass bios-linear-below-2g
else
	fail bios-linear-below-2g "$(grep -a '^winpe: .*file data\|^winpe: moving' "$W/linear.log")"
fi
expect_eq bios-linear-three-regions "$(regions "$W/linear.log")" 3

# 3. highmem without RAM above 4 GiB: stays low and says why
bios_cfg "$R" "check highmem $FILES"
qemu_boot bios "$R" "$W/nohigh.log" 120 'check passed|winpe: not booting' "" 512
if grep -aq '^winpe: file data stays below 2 GiB: there is no room for it in RAM above 4 GiB' "$W/nohigh.log" &&
   grep -aq '^winpe: check passed' "$W/nohigh.log"; then
	pass bios-highmem-unavailable-explained
else
	fail bios-highmem-unavailable-explained "$(grep -a '^winpe:' "$W/nohigh.log" | grep -v fetching | tail -4)"
fi
exit $((T_FAILED > 0))
