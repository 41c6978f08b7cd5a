# SPDX-License-Identifier: GPL-2.0-or-later
# qemu.mk (tests/qemu) - `make bench-boot` (not in make check): the four
# ways in (BIOS TFTP/HTTP, UEFI TFTP/HTTP) timed against syslinux's own read
# (tests/qemu/bench-boot.sh), and the efi64 build of readall.c32 it needs.
$(B)/tests/efi64/readall.o: tests/bios/readall.c
	@mkdir -p $(@D)
	$(CC) $(SL_CFLAGS_efi64) -c -o $@ $<
$(B)/tests/efi64/readall.elf: $(B)/tests/efi64/readall.o
	$(SL_LD_efi64) -o $@ $^ $(SL_LIBS_efi64)
$(B)/tests/efi64/readall.c32: $(B)/tests/efi64/readall.elf
	objcopy --strip-debug --strip-unneeded $< $@

.PHONY: bench-boot bench-boot-build
bench-boot-build: $(B)/tests/readall.c32 $(B)/tests/efi64/readall.c32 $(B)/bios/winpe.c32 \
  $(B)/efi64/winpe.c32 $(B)/tests/probe-bootmgr.exe $(B)/tests/probe-bootmgfw.efi $(B)/bin/prep-tftproot
bench-boot: bench-boot-build
	bash tests/qemu/bench-boot.sh

# make bench-soak (not in make check): SOAK_BOOTS (20) boots of a SOAK_MB
# (128) MiB set over lpxelinux.0 HTTP, outcomes counted (tests/qemu/soak-http.sh)
.PHONY: bench-soak
bench-soak: $(B)/bios/winpe.c32 $(B)/tests/probe-bootmgr.exe
	bash tests/qemu/soak-http.sh
