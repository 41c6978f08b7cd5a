# SPDX-License-Identifier: GPL-2.0-or-later
# bios.mk (tests/bios) - readall.c32 (the streaming-read baseline module of
# `make bench-bios`), `make bench-bios` (hooked into `make bench`) and
# `make test-large` (not in `make check`): every tests/*/large*.sh, e.g. a
# >= 2.5 GiB boot with -m 6144 and a UEFI boot longer than its watchdog.
$(B)/tests/readall.elf: $(B)/tests/readall.o
	$(SL_LD_bios) -o $@ $^ $(SL_LIBS_bios)
$(B)/tests/readall.o: tests/bios/readall.c
	@mkdir -p $(@D)
	$(CC) $(SL_CFLAGS_bios) -c -o $@ $<
$(B)/tests/readall.c32: $(B)/tests/readall.elf
	objcopy --strip-debug --strip-unneeded $< $@

.PHONY: bench-bios bench-bios-build test-large
bench-bios-build: $(B)/tests/readall.c32 $(B)/bios/winpe.c32 $(B)/tests/probe-bootmgr.exe
bench-bios: bench-bios-build
	bash tests/bios/bench-bios.sh
bench: bench-bios

test-large: $(B)/bios/winpe.c32 $(B)/efi64/winpe.c32 $(B)/tests/probe-bootmgr.exe \
    $(B)/tests/probe-bootmgfw.efi $(B)/bin/prep-tftproot
	@mkdir -p $(B)/tests; for t in $(sort $(wildcard tests/*/large*.sh)); do \
		echo "=== $$t"; bash $$t; done | tee $(B)/tests/large.out; \
	rc=$$(grep -c '^FAIL' $(B)/tests/large.out); \
	echo "$$(grep -c '^PASS' $(B)/tests/large.out) passed, $$rc failed"; test "$$rc" = 0
