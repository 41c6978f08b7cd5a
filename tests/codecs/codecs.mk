# SPDX-License-Identifier: GPL-2.0-or-later
# codecs.mk - fixture generator of the codec shell tests.
$(B)/tests/codecs/mkbootmgr: tests/codecs/mkbootmgr.c tests/unit/mk_container.c tests/unit/testdata.h $(wildcard tests/unit/enc_*.c)
	@mkdir -p $(@D)
	$(HOST_CC) $(HOST_CFLAGS) -Itests/unit -o $@ $<
all: $(B)/tests/codecs/mkbootmgr
