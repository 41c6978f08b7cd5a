# SPDX-License-Identifier: GPL-2.0-or-later
# codecs.mk - extra link libraries of the codec unit tests (wimlib is the oracle).
UNIT_LIBS_test_lzx := -lwim
UNIT_LIBS_test_xpress := -lwim
$(B)/tests/unit/test_lzx $(B)/tests/unit/test_xpress $(B)/tests/unit/test_lznt1 $(B)/tests/unit/test_bootmgr: tests/unit/testdata.h $(wildcard tests/unit/enc_*.c)
UNIT_LIBS_test_bootfiles := -lwim
