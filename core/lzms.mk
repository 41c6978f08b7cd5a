# SPDX-License-Identifier: GPL-2.0-or-later
# lzms.mk - the LZMS decoder is hot at boot (64 MiB solid chunks): build it
# with -O2 in the firmware modules too (they default to -Os).
CFLAGS_lzms := -O2
EFI_CFLAGS_lzms := -O2
