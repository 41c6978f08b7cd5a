# SPDX-License-Identifier: GPL-2.0-or-later
# vdisk.mk - the virtual disk's tests: unit tests use the independent FAT
# walker of winpe-disk; bench-vdisk and fuzz-vdisk are long-run targets.
VDISK_WALK := host-tools/winpe-disk/fatwalk.c
UNIT_LIBS_test_vdisk := -Ihost-tools/winpe-disk $(VDISK_WALK)
UNIT_LIBS_test_vdisk_read := -Ihost-tools/winpe-disk $(VDISK_WALK)
$(B)/tests/unit/test_vdisk $(B)/tests/unit/test_vdisk_read: $(VDISK_WALK) \
	host-tools/winpe-disk/fatwalk.h
