# SPDX-License-Identifier: GPL-2.0-or-later
# lzms.mk - `make bench-lzms`: core/lzms.c throughput against wimlib_decompress.
# BENCH_LZMS_MIB sets the data size (default 64; one chunk of that size is included).
BENCH_LZMS_MIB ?= 64
.PHONY: bench-lzms
$(B)/bench/bench_lzms: tests/bench/bench_lzms.c $(B)/host/libcore.a
	@mkdir -p $(@D)
	$(HOST_CC) $(HOST_CFLAGS) -o $@ $< $(B)/host/libcore.a -lwim
bench-lzms: $(B)/bench/bench_lzms
	$(B)/bench/bench_lzms $(BENCH_LZMS_MIB)
bench: bench-lzms
