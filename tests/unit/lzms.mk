# SPDX-License-Identifier: GPL-2.0-or-later
# lzms.mk - the LZMS unit test links wimlib (its compressor is the oracle).
UNIT_LIBS_test_lzms := -lwim
