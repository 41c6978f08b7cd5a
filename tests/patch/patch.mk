# SPDX-License-Identifier: GPL-2.0-or-later
# patch.mk - WIM/BCD patching tests: test_hive and test_bcdpatch link
# prep-tftproot's BCD generator (hivex) to make their stores; helpers for
# tests/patch/t-inject.sh.
PATCH_BCDGEN := $(B)/host/prep/bcdgen.o $(B)/host/prep/bcddev.o
UNIT_LIBS_test_hive := $(PATCH_BCDGEN) -lhivex
UNIT_LIBS_test_bcdpatch := $(PATCH_BCDGEN) -lhivex
$(B)/tests/unit/test_hive $(B)/tests/unit/test_bcdpatch: $(PATCH_BCDGEN)

$(B)/tests/patch/wimpatch-cli: tests/patch/wimpatch-cli.c $(B)/host/libcore.a
	@mkdir -p $(@D)
	$(HOST_CC) $(HOST_CFLAGS) -Ihost-tools/common -o $@ $< $(B)/host/libcore.a
$(B)/tests/patch/mkbcd: tests/patch/mkbcd.c $(PATCH_BCDGEN)
	@mkdir -p $(@D)
	$(HOST_CC) $(HOST_CFLAGS) -o $@ $< $(PATCH_BCDGEN) -lhivex
all: $(B)/tests/patch/wimpatch-cli $(B)/tests/patch/mkbcd
