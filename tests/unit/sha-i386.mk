# SPDX-License-Identifier: GPL-2.0-or-later
# sha-i386.mk - test_sha256/test_sha1 built a second time as i386 -Os code
# (the BIOS module's code generation: 32-bit registers, the x86 SHA path's
# target attribute on a -march=i386 build), so both hash paths are checked
# against the same vectors in the 32-bit build too.  tests/run.sh runs them
# with the other build/tests/unit/test_* binaries.
SHA_I386_CFLAGS := -std=gnu99 -m32 -march=i386 -Os -Wall -Wextra -Wno-unused-parameter \
  -Icore -Itests/unit
# both builds of both tests: the shared suite (the unit rule lists only harness.h)
SHA_TEST_HDRS := tests/unit/sha_suite.h tests/unit/sha_paths.h tests/unit/testdata.h
$(B)/tests/unit/test_sha256 $(B)/tests/unit/test_sha1: $(SHA_TEST_HDRS)
$(B)/tests/unit/test_sha256_i386: tests/unit/test_sha256.c core/sha256.c core/sha_path.c \
  core/sha256_x86.c core/err.c tests/unit/harness.h $(SHA_TEST_HDRS) core/sha256.h core/sha_path.h core/wp.h
	@mkdir -p $(@D)
	$(HOST_CC) $(SHA_I386_CFLAGS) -o $@ $(filter %.c,$^)
$(B)/tests/unit/test_sha1_i386: tests/unit/test_sha1.c core/sha1.c core/sha_path.c \
  core/sha1_x86.c core/err.c tests/unit/harness.h $(SHA_TEST_HDRS) core/sha1.h core/sha_path.h core/wp.h
	@mkdir -p $(@D)
	$(HOST_CC) $(SHA_I386_CFLAGS) -o $@ $(filter %.c,$^)
all: $(B)/tests/unit/test_sha256_i386 $(B)/tests/unit/test_sha1_i386

# the x86 SHA path compiled exactly as in the BIOS module (regparm 3, 4-byte
# stack alignment, PIC, -Os) behind regparm(0) shims, against the portable code
SHA_BIOS_CFLAGS := -std=gnu11 -m32 -march=i386 -mpreferred-stack-boundary=2 -mregparm=3 \
  -fPIC -Os -fomit-frame-pointer -Wall -Wextra -Wno-unused-parameter -Icore
$(B)/tests/unit/bios/sha_x86_shim.o: tests/unit/bios/sha_x86_shim.c core/sha256_x86.c \
  core/sha1_x86.c core/sha_path.h core/wp.h
	@mkdir -p $(@D)
	$(HOST_CC) $(SHA_BIOS_CFLAGS) -c -o $@ $<
$(B)/tests/unit/test_sha_x86_bios: tests/unit/bios/test_sha_x86_bios.c \
  $(B)/tests/unit/bios/sha_x86_shim.o core/sha256.c core/sha1.c core/sha_path.c \
  tests/unit/harness.h tests/unit/testdata.h core/sha256.h core/sha1.h core/sha_path.h core/wp.h
	@mkdir -p $(@D)
	$(HOST_CC) $(SHA_I386_CFLAGS) -o $@ $(filter %.c %.o,$^)
all: $(B)/tests/unit/test_sha_x86_bios
