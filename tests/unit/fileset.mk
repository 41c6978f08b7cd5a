# SPDX-License-Identifier: GPL-2.0-or-later
# fileset.mk - test_fileset captures its WIM with wimlib.
UNIT_LIBS_test_fileset := -lwim
