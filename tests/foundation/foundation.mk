# SPDX-License-Identifier: GPL-2.0-or-later
# A deliberately broken module for the ABI-guard test (not installed anywhere).
$(B)/tests/abi-bad.elf: tests/foundation/abi_bad.c
	@mkdir -p $(@D)
	$(CC) $(SL_CFLAGS_bios) -c -o $(@:.elf=.o) $<
	$(SL_LD_bios) -o $@ $(@:.elf=.o) $(SL_LIBS_bios)
all: $(B)/tests/abi-bad.elf

# make test-large-fetch (part of make test-large, not make check): files of
# unannounced size streamed in place in RAM where realloc doubling cannot work
.PHONY: test-large-fetch test-large
test-large-fetch: $(B)/bios/winpe.c32 $(B)/efi64/winpe.c32
	bash tests/foundation/large-fetch-inplace.sh
test-large: test-large-fetch
