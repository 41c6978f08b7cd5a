# SPDX-License-Identifier: GPL-2.0-or-later
# tftp.mk (tests/bios) - `make test-large-tftp` (part of `make test-large`, not
# `make check`): tests/bios/t-tftp.sh with a 300 MiB boot.wim (TFTP_MB), which
# also runs the atftpd --no-windowsize case, and tests/efi/t-tftp.sh with
# 300 MiB (adds the tftp=classic boot).  16 MiB (BIOS) and 4 MiB (UEFI)
# versions run in `make check`.
.PHONY: test-large-tftp
test-large-tftp: $(B)/bios/winpe.c32 $(B)/efi64/winpe.c32 $(B)/tests/probe-bootmgr.exe $(B)/tests/probe-bootmgfw.efi
	@mkdir -p $(B)/tests; { TFTP_MB=$${TFTP_MB:-300} bash tests/bios/t-tftp.sh; \
	  TFTP_MB=$${TFTP_MB:-300} bash tests/efi/t-tftp.sh; } | tee $(B)/tests/large-tftp.out; \
	rc=$$(grep -c '^FAIL' $(B)/tests/large-tftp.out); \
	echo "$$(grep -c '^PASS' $(B)/tests/large-tftp.out) passed, $$rc failed"; test "$$rc" = 0
test-large: test-large-tftp
