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
