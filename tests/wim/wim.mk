# SPDX-License-Identifier: GPL-2.0-or-later
# wim.mk - WIM reader tests: the unit test links libwim (its compressors make
# the compressed fixtures); `make fuzz-wim` builds and runs the libFuzzer
# target tests/fuzz/fuzz_wim.c (FUZZ_SECONDS, default 180).
UNIT_LIBS_test_wim := -lwim

FUZZ_CC ?= clang
FUZZ_SECONDS ?= 180
FUZZ_WIM_FLAGS := -std=gnu99 -g -O1 -fsanitize=fuzzer,address,undefined \
  -fno-sanitize-recover=undefined -Icore
$(B)/fuzz/fuzz_wim: tests/fuzz/fuzz_wim.c $(CORE_SRCS) $(wildcard core/*.h)
	@mkdir -p $(@D)
	$(FUZZ_CC) $(FUZZ_WIM_FLAGS) -o $@ tests/fuzz/fuzz_wim.c $(CORE_SRCS)

.PHONY: fuzz-wim
fuzz-wim: $(B)/fuzz/fuzz_wim
	@mkdir -p $(B)/fuzz/corpus-wim
	bash tests/fuzz/wim-seeds.sh $(B)/fuzz/corpus-wim
	$(B)/fuzz/fuzz_wim -max_total_time=$(FUZZ_SECONDS) -max_len=262144 \
	  -rss_limit_mb=2048 $(B)/fuzz/corpus-wim
fuzz: fuzz-wim

# Cross-check binaries with libwim's decoders (tests/wim/refdec.c) in place of
# ours: they test the reader's chunk tables and solid handling independently
# of the decoders.  Used by tests/wim/t-wim-refdec.sh.
$(B)/tests/wim/test_wim_refdec: tests/unit/test_wim.c tests/wim/refdec.c tests/unit/harness.h $(B)/host/libcore.a
	@mkdir -p $(@D)
	$(HOST_CC) $(HOST_CFLAGS) -Itests/unit -o $@ tests/unit/test_wim.c tests/wim/refdec.c $(B)/host/libcore.a -lwim
$(B)/tests/wim/winpe-disk-refdec: $(WD_SRCS) tests/wim/refdec.c $(wildcard host-tools/*/*.h) $(B)/host/libcore.a
	@mkdir -p $(@D)
	$(HOST_CC) $(HOST_CFLAGS) -Ihost-tools/common -o $@ $(WD_SRCS) tests/wim/refdec.c $(B)/host/libcore.a -lwim
all: $(B)/tests/wim/test_wim_refdec $(B)/tests/wim/winpe-disk-refdec
