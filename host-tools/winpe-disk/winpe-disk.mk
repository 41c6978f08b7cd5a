# SPDX-License-Identifier: GPL-2.0-or-later
# winpe-disk: host CLI over the core (render, ls, wim-extract, bootmgr-extract).
WD_SRCS := $(sort $(wildcard host-tools/winpe-disk/*.c host-tools/common/*.c))
$(B)/bin/winpe-disk: $(WD_SRCS) $(wildcard host-tools/*/*.h) $(B)/host/libcore.a
	@mkdir -p $(@D)
	$(HOST_CC) $(HOST_CFLAGS) -DWD_VERSION='"$(VERSION)"' -Ihost-tools/common -Ihost-tools/winpe-disk -o $@ $(WD_SRCS) $(B)/host/libcore.a
all: $(B)/bin/winpe-disk

# installed by mk/install.mk (install-winpe-disk: this tool and its man page)
