# SPDX-License-Identifier: GPL-2.0-or-later
# wimpatch.mk - test_wimpatch captures its WIM with wimlib and reads the patched one back.
UNIT_LIBS_test_wimpatch := -lwim
