# SPDX-License-Identifier: GPL-2.0-or-later
# vdisk.mk - the virtual disk's tests: unit tests use the independent FAT
# walker of winpe-disk; bench-vdisk and fuzz-vdisk are long-run targets.
VDISK_WALK := host-tools/winpe-disk/fatwalk.c
UNIT_LIBS_test_vdisk := -Ihost-tools/winpe-disk $(VDISK_WALK)
UNIT_LIBS_test_vdisk_read := -Ihost-tools/winpe-disk $(VDISK_WALK)
$(B)/tests/unit/test_vdisk $(B)/tests/unit/test_vdisk_read: $(VDISK_WALK) \
	host-tools/winpe-disk/fatwalk.h

# Sequential read throughput vs memcpy (`make bench-vdisk`, also under `make bench`).
$(B)/bench/bench_vdisk: tests/bench/bench_vdisk.c $(VDISK_WALK) $(B)/host/libcore.a
	@mkdir -p $(@D)
	$(HOST_CC) $(HOST_CFLAGS) -Ihost-tools/winpe-disk -o $@ $< $(VDISK_WALK) $(B)/host/libcore.a
.PHONY: bench-vdisk fuzz-vdisk
bench-vdisk: $(B)/bench/bench_vdisk
	$(B)/bench/bench_vdisk
bench: bench-vdisk

# libFuzzer target (`make fuzz-vdisk FUZZ_TIME=180`, also under `make fuzz`).
FUZZ_CC ?= clang
FUZZ_TIME ?= 180
$(B)/fuzz/fuzz_vdisk: tests/fuzz/fuzz_vdisk.c core/vdisk.c core/vdisk_read.c core/fatname.c core/err.c $(wildcard core/*.h)
	@mkdir -p $(@D)
	$(FUZZ_CC) -g -O1 -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=undefined \
	  -Icore -o $@ $(filter %.c,$^)
fuzz-vdisk: $(B)/fuzz/fuzz_vdisk
	@mkdir -p $(B)/fuzz/corpus-vdisk
	$(B)/fuzz/fuzz_vdisk -max_total_time=$(FUZZ_TIME) -rss_limit_mb=4096 $(B)/fuzz/corpus-vdisk
fuzz: fuzz-vdisk
