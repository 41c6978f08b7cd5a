# SPDX-License-Identifier: GPL-2.0-or-later
# field.mk (tests/field) - `make test-large-field` (part of `make test-large`,
# not `make check`): a 650 MiB WIM (FIELD_MB) with the boot managers inside,
# booted over pxelinux.0 TFTP, lpxelinux.0 HTTP, syslinux.efi TFTP and
# syslinux.efi HTTP (iPXE's client, the module's with http=own, and http=classic),
# lock-step TFTP handed to iPXE's client on both firmwares, each probed
# byte-exact, wall time and transfer rate printed
# (tests/field/field-boot.sh; FIELD_CELLS picks ways).
.PHONY: test-large-field
test-large-field: $(B)/bios/winpe.c32 $(B)/efi64/winpe.c32 $(B)/tests/probe-bootmgr.exe \
    $(B)/tests/probe-bootmgfw.efi $(B)/bin/prep-tftproot
	@mkdir -p $(B)/tests; bash tests/field/field-boot.sh | tee $(B)/tests/large-field.out; \
	rc=$$(grep -c '^FAIL' $(B)/tests/large-field.out); \
	echo "$$(grep -c '^PASS' $(B)/tests/large-field.out) passed, $$rc failed"; test "$$rc" = 0
test-large: test-large-field
