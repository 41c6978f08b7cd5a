# SPDX-License-Identifier: GPL-2.0-or-later
# prep-media.mk (tests/prep) - `make test-large-media` (part of `make
# test-large`: prep-tftproot --iso with a 100 MiB boot.wim, booted on OVMF
# and SeaBIOS from -cdrom, on OVMF as a disk) and `make demo-media` (the --iso image booted live
# on both firmwares).  The t-iso / t-usb / t-iso-cli tests run in `make check`.
.PHONY: test-large-media demo-media
MEDIA_DEPS := all $(B)/tests/probe-bootmgr.exe $(B)/tests/probe-bootmgfw.efi

test-large-media: $(MEDIA_DEPS)
	@mkdir -p $(B)/tests; bash tests/prep/large-media.sh | tee $(B)/tests/large-media.out; \
	rc=$$(grep -c '^FAIL' $(B)/tests/large-media.out); \
	echo "$$(grep -c '^PASS' $(B)/tests/large-media.out) passed, $$rc failed"; test "$$rc" = 0
test-large: test-large-media

demo-media: $(MEDIA_DEPS)
	bash tests/prep/demo-media.sh
