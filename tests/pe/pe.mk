# SPDX-License-Identifier: GPL-2.0-or-later
# tests/pe: helper for the shell tests of core/pe.c (t-pe-mingw.sh).
$(B)/tests/pe/pe-dump: tests/pe/pe-dump.c $(B)/host/libcore.a
	@mkdir -p $(@D)
	$(HOST_CC) $(HOST_CFLAGS) -o $@ $< $(B)/host/libcore.a
all: $(B)/tests/pe/pe-dump
