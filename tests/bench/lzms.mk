# SPDX-License-Identifier: GPL-2.0-or-later
# lzms.mk - bench_lzms links wimlib (its decompressor is the comparison).
# `make bench-lzms [BENCH_LZMS_MIB=64]` runs only this benchmark; `make bench`
# runs it with the default size among all the others.
BENCH_LIBS_bench_lzms := -lwim
BENCH_LZMS_MIB ?= 64
.PHONY: bench-lzms
bench-lzms: $(B)/bench/bench_lzms
	$(B)/bench/bench_lzms $(BENCH_LZMS_MIB)
