# SPDX-License-Identifier: GPL-2.0-or-later
# make bench-sha (part of make bench): SHA-256/SHA-1 throughput, host build
# and an i386 -Os build approximating the BIOS module.
BENCH_SHA_SRCS := tests/bench/bench_sha.c core/sha256.c core/sha1.c core/sha_path.c \
  core/sha256_x86.c core/sha1_x86.c
$(B)/bench/bench_sha: $(BENCH_SHA_SRCS) core/sha256.h core/sha1.h core/sha_path.h core/wp.h
	@mkdir -p $(@D)
	$(HOST_CC) $(HOST_CFLAGS) -o $@ $(BENCH_SHA_SRCS)
$(B)/bench/bench_sha32: $(BENCH_SHA_SRCS) core/sha256.h core/sha1.h core/sha_path.h core/wp.h
	@mkdir -p $(@D)
	$(HOST_CC) -std=gnu99 -m32 -march=i386 -Os -Wall -Wextra -Icore -o $@ $(BENCH_SHA_SRCS)
.PHONY: bench-sha
bench-sha: $(B)/bench/bench_sha $(B)/bench/bench_sha32
	$(B)/bench/bench_sha host-O2
	$(B)/bench/bench_sha32 i386-Os
bench: bench-sha
