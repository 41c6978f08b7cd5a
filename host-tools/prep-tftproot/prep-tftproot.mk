# SPDX-License-Identifier: GPL-2.0-or-later
# prep-tftproot: Windows media -> TFTP tree for winpe.c32 (wimlib, hivex, libcdio).
PREFIX  ?= /usr/local
DESTDIR ?=
PT_DIR  := host-tools/prep-tftproot
PT_SRCS := $(sort $(wildcard $(PT_DIR)/*.c))
PT_HDRS := $(wildcard $(PT_DIR)/*.h)
PT_CFLAGS := $(HOST_CFLAGS) -Wno-format-truncation -I$(PT_DIR) -Ihost-tools/common \
  -DPT_MODULE_DIR='"$(PREFIX)/lib/winpe-c32"' $(shell pkg-config --cflags libcdio libudf libiso9660 hivex wimlib 2>/dev/null)
PT_LIBS := -lwim -lhivex -ludf -liso9660 -lcdio -lcrypto -lm

$(B)/host/prep/%.o: $(PT_DIR)/%.c $(PT_HDRS)
	@mkdir -p $(@D)
	$(HOST_CC) $(PT_CFLAGS) -c -o $@ $<

$(B)/host/prep/hostfile.o: host-tools/common/hostfile.c host-tools/common/hostfile.h
	@mkdir -p $(@D)
	$(HOST_CC) $(PT_CFLAGS) -c -o $@ $<

$(B)/bin/prep-tftproot: $(patsubst $(PT_DIR)/%.c,$(B)/host/prep/%.o,$(PT_SRCS)) $(B)/host/prep/hostfile.o $(B)/host/libcore.a
	@mkdir -p $(@D)
	$(HOST_CC) $(HOST_LDFLAGS) -o $@ $^ $(PT_LIBS)

# unit tests of the pure parts link the objects they test
UNIT_LIBS_test_bcddev := $(B)/host/prep/bcddev.o
UNIT_LIBS_test_bcdgen := $(B)/host/prep/bcdgen.o $(B)/host/prep/bcddev.o -lhivex
UNIT_LIBS_test_pxecfg := $(B)/host/prep/pxecfg.o
$(B)/tests/unit/test_bcddev: $(B)/host/prep/bcddev.o
$(B)/tests/unit/test_bcdgen: $(B)/host/prep/bcdgen.o $(B)/host/prep/bcddev.o
$(B)/tests/unit/test_pxecfg: $(B)/host/prep/pxecfg.o

all: $(B)/bin/prep-tftproot

.PHONY: install-prep-tftproot
install: install-prep-tftproot
install-prep-tftproot: $(B)/bin/prep-tftproot
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(PREFIX)/share/man/man1
	install -m 0755 $(B)/bin/prep-tftproot $(DESTDIR)$(PREFIX)/bin/prep-tftproot
	install -m 0644 $(PT_DIR)/prep-tftproot.1 $(DESTDIR)$(PREFIX)/share/man/man1/prep-tftproot.1
	set -e; for f in bios efi64; do if [ -f $(B)/$$f/winpe.c32 ]; then \
	  install -d $(DESTDIR)$(PREFIX)/lib/winpe-c32/$$f; \
	  install -m 0644 $(B)/$$f/winpe.c32 $(DESTDIR)$(PREFIX)/lib/winpe-c32/$$f/winpe.c32; fi; done
UNIT_LIBS_test_mediatree := $(B)/host/prep/mediatree.o $(B)/host/prep/pxecfg.o $(B)/host/prep/tree.o $(B)/host/prep/hostfile.o $(B)/host/libcore.a
$(B)/tests/unit/test_mediatree: $(B)/host/prep/mediatree.o $(B)/host/prep/pxecfg.o $(B)/host/prep/tree.o $(B)/host/prep/hostfile.o
