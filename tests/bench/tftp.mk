# SPDX-License-Identifier: GPL-2.0-or-later
# tftp.mk (tests/bench) - `make bench-tftp` (not in `make check`, root only):
# syslinux's TFTP vs the module's lock-step and windowed client at RTT 0.5
# and 2 ms (tests/bench/bench_tftp.sh).
.PHONY: bench-tftp
bench-tftp: $(B)/bios/winpe.c32
	bash tests/bench/bench_tftp.sh
