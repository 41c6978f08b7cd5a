# SPDX-License-Identifier: GPL-2.0-or-later
# bench.mk - `make bench`: build every tests/bench/*.c into build/bench/NAME
# (optimised like the host core, linked with libcore.a and BENCH_LIBS_NAME),
# run each, then run every tests/bench/*.sh.  Not part of `make check`.
BENCH_SRCS := $(sort $(wildcard tests/bench/*.c))
BENCH_BINS := $(patsubst tests/bench/%.c,$(B)/bench/%,$(BENCH_SRCS))
BENCH_SH   := $(sort $(wildcard tests/bench/*.sh))
BENCH_LIBS_bench_codecs := -lwim

$(B)/bench/%: tests/bench/%.c $(B)/host/libcore.a $(wildcard tests/unit/*.h)
	@mkdir -p $(@D)
	$(HOST_CC) $(HOST_CFLAGS) -Itests/unit -o $@ $< $(B)/host/libcore.a $(BENCH_LIBS_$*)

.PHONY: bench-build
bench-build: $(BENCH_BINS)

bench: bench-build
	@set -e; for b in $(BENCH_BINS); do echo "=== $$b"; $$b; done; \
	for s in $(BENCH_SH); do echo "=== $$s"; bash $$s; done
