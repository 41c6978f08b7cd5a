# SPDX-License-Identifier: GPL-2.0-or-later
# wim.mk - WIM reader tests: the unit test links libwim (its compressors make
# the compressed fixtures); seeds for the fuzz_wim target; reference-decoder
# cross-check binaries.
UNIT_LIBS_test_wim := -lwim

# fuzz_wim (tests/fuzz/fuzz_wim.c) is built by tests/fuzz/fuzz.mk; its seeds
# are the unit test's hand-built WIMs plus small wimlib captures.
.PHONY: fuzz-seeds-wim
fuzz-seeds-wim: $(B)/tests/unit/test_wim
	bash tests/fuzz/wim-seeds.sh $(B)/fuzz/seeds/fuzz_wim
fuzz-seeds: fuzz-seeds-wim

REFDEC_LD := -Wl,--wrap=xpress_decompress,--wrap=lzx_decompress,--wrap=lzms_decompress
# Cross-check binaries with libwim's decoders (tests/wim/refdec.c) in place of
# ours: they test the reader's chunk tables and solid handling independently
# of the decoders.  Used by tests/wim/t-wim-refdec.sh.
$(B)/tests/wim/test_wim_refdec: tests/unit/test_wim.c tests/wim/refdec.c tests/unit/harness.h $(B)/host/libcore.a
	@mkdir -p $(@D)
	$(HOST_CC) $(HOST_CFLAGS) -Itests/unit -o $@ tests/unit/test_wim.c tests/wim/refdec.c $(B)/host/libcore.a -lwim $(REFDEC_LD)
$(B)/tests/wim/winpe-disk-refdec: $(WD_SRCS) tests/wim/refdec.c $(wildcard host-tools/*/*.h) $(B)/host/libcore.a
	@mkdir -p $(@D)
	$(HOST_CC) $(HOST_CFLAGS) -Ihost-tools/common -o $@ $(WD_SRCS) tests/wim/refdec.c $(B)/host/libcore.a -lwim $(REFDEC_LD)
all: $(B)/tests/wim/test_wim_refdec $(B)/tests/wim/winpe-disk-refdec
