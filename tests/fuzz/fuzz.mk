# SPDX-License-Identifier: GPL-2.0-or-later
# fuzz.mk - libFuzzer targets: every tests/fuzz/fuzz_*.c is linked with the
# core compiled by clang with the same sanitizers (build/fuzz/core/).
#   make fuzz-build                   build every target into build/fuzz/
#   make fuzz [FUZZ_SECONDS=600]      run each target that long, corpus in
#                                     build/fuzz/corpus/NAME (kept between runs)
#   make fuzz FUZZ_TARGETS="fuzz_lzx" only these targets
# A target may name extra libraries with FUZZ_LIBS_fuzz_NAME := ... in its own fragment.
FUZZ_CC      ?= clang
FUZZ_SAN     := -fsanitize=fuzzer-no-link,address,undefined -fno-sanitize-recover=undefined
FUZZ_CFLAGS  := -std=gnu99 -O1 -g -Wall -Wno-unused-parameter -Icore -Itests/unit -Itests/fuzz
FUZZ_SECONDS ?= 600
FUZZ_SRCS    := $(sort $(wildcard tests/fuzz/fuzz_*.c))
FUZZ_BINS    := $(patsubst tests/fuzz/%.c,$(B)/fuzz/%,$(FUZZ_SRCS))
FUZZ_TARGETS ?= $(notdir $(FUZZ_BINS))
FUZZ_CORE_OBJS := $(patsubst core/%.c,$(B)/fuzz/core/%.o,$(CORE_SRCS))

$(B)/fuzz/core/%.o: core/%.c $(wildcard core/*.h)
	@mkdir -p $(@D)
	$(FUZZ_CC) $(FUZZ_CFLAGS) $(FUZZ_SAN) -c -o $@ $<

$(B)/fuzz/libcore-fuzz.a: $(FUZZ_CORE_OBJS)
	rm -f $@ && ar rcs $@ $^

$(B)/fuzz/fuzz_%: tests/fuzz/fuzz_%.c $(B)/fuzz/libcore-fuzz.a $(wildcard tests/fuzz/*.h)
	@mkdir -p $(@D)
	$(FUZZ_CC) $(FUZZ_CFLAGS) -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=undefined \
		-o $@ $< $(B)/fuzz/libcore-fuzz.a $(FUZZ_LIBS_fuzz_$*)

# starting corpora for the codec targets (generated, never committed)
$(B)/fuzz/mkseeds: tests/fuzz/mkseeds.c tests/unit/testdata.h $(wildcard tests/unit/enc_*.c)
	@mkdir -p $(@D)
	$(HOST_CC) $(HOST_CFLAGS) -Itests/unit -o $@ $< -lwim

.PHONY: fuzz-build fuzz-seeds
fuzz-build: $(FUZZ_BINS)
fuzz-seeds: $(B)/fuzz/mkseeds
	$(B)/fuzz/mkseeds $(B)/fuzz/seeds

fuzz: fuzz-build fuzz-seeds
	@set -e; for t in $(FUZZ_TARGETS); do \
		mkdir -p $(B)/fuzz/corpus/$$t $(B)/fuzz/artifacts/$$t; \
		echo "fuzz: $$t for $(FUZZ_SECONDS) s"; \
		$(B)/fuzz/$$t -max_total_time=$(FUZZ_SECONDS) -print_final_stats=1 \
			-artifact_prefix=$(B)/fuzz/artifacts/$$t/ \
			$(B)/fuzz/corpus/$$t $$(test -d $(B)/fuzz/seeds/$$t && echo $(B)/fuzz/seeds/$$t) 2>&1 | \
			grep -E '^(#[0-9]+.*(DONE|pulse)|==|SUMMARY|stat::number_of_executed_units|stat::peak_rss)' || true; \
		if ls $(B)/fuzz/artifacts/$$t/crash-* $(B)/fuzz/artifacts/$$t/leak-* \
			$(B)/fuzz/artifacts/$$t/timeout-* >/dev/null 2>&1; then \
			echo "fuzz: $$t FOUND PROBLEMS: $(B)/fuzz/artifacts/$$t/"; exit 1; fi; \
	done
