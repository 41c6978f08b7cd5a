# SPDX-License-Identifier: GPL-2.0-or-later
# dscratch.mk - test_dscratch compresses its chunks with wimlib.
UNIT_LIBS_test_dscratch := -lwim
