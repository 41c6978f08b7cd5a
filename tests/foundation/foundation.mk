# SPDX-License-Identifier: GPL-2.0-or-later
# A deliberately broken module for the ABI-guard test (not installed anywhere).
$(B)/tests/abi-bad.elf: tests/foundation/abi_bad.c
	@mkdir -p $(@D)
	$(CC) $(SL_CFLAGS_bios) -c -o $(@:.elf=.o) $<
	$(SL_LD_bios) -o $@ $(@:.elf=.o) $(SL_LIBS_bios)
all: $(B)/tests/abi-bad.elf
