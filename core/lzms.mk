# SPDX-License-Identifier: GPL-2.0-or-later
# lzms.mk - everything LZMS asks of the build, in one place.
# The decoder is hot at boot (64 MiB solid chunks): -O2 in both firmware
# modules too (they default to -Os).
MOD_CFLAGS_core/lzms := -O2
MOD_CFLAGS_core/lzms_huff := -O2
MOD_CFLAGS_core/lzms_x86 := -O2
# The unit test and the benchmark link wimlib (its compressor is the oracle,
# its decompressor the comparison).
UNIT_LIBS_test_lzms := -lwim
BENCH_LIBS_bench_lzms := -lwim
# `make bench-lzms [BENCH_LZMS_MIB=64]` runs only this benchmark; `make bench`
# runs it with the default size among all the others.
BENCH_LZMS_MIB ?= 64
.PHONY: bench-lzms
bench-lzms: $(B)/bench/bench_lzms
	$(B)/bench/bench_lzms $(BENCH_LZMS_MIB)
