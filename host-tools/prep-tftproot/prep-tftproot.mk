# SPDX-License-Identifier: GPL-2.0-or-later
# prep-tftproot: Windows media -> TFTP tree for winpe.c32 (wimlib, hivex, libcdio).
PREFIX  ?= /usr/local
DESTDIR ?=
PT_DIR  := host-tools/prep-tftproot
PT_SRCS := $(sort $(wildcard $(PT_DIR)/*.c))
PT_HDRS := $(wildcard $(PT_DIR)/*.h)
PT_CFLAGS := $(HOST_CFLAGS) -Wno-format-truncation -I$(PT_DIR) -Ihost-tools/common \
  -DPT_MODULE_DIR='"$(PREFIX)/lib/winpe-c32"' -DPT_VERSION='"$(VERSION)"' $(shell pkg-config --cflags libcdio libudf libiso9660 hivex wimlib 2>/dev/null)
PT_LIBS := -lwim -lhivex -ludf -liso9660 -lcdio -lcrypto -lm -pthread

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

# installed by mk/install.mk (install-prep-tftproot: this tool, its man page, both winpe.c32)
UNIT_LIBS_test_mediatree := $(B)/host/prep/mediatree.o $(B)/host/prep/pxecfg.o $(B)/host/prep/tree.o $(B)/host/prep/hashcache.o $(B)/host/prep/hostfile.o $(B)/host/libcore.a
$(B)/tests/unit/test_mediatree: $(B)/host/prep/mediatree.o $(B)/host/prep/pxecfg.o $(B)/host/prep/tree.o $(B)/host/prep/hashcache.o $(B)/host/prep/hostfile.o
# test_media includes media.c itself (its static span writer) and links the rest
UNIT_LIBS_test_media := -Ihost-tools/prep-tftproot -Ihost-tools/common -Wno-format-truncation \
  $(B)/host/prep/bghash.o $(B)/host/prep/hashcache.o $(B)/host/prep/aiowrite.o $(B)/host/libcore.a \
  -ludf -liso9660 -lcdio -pthread
$(B)/tests/unit/test_media: $(PT_DIR)/media.c $(PT_HDRS) $(B)/host/prep/bghash.o $(B)/host/prep/hashcache.o $(B)/host/prep/aiowrite.o
