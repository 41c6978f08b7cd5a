# SPDX-License-Identifier: GPL-2.0-or-later
# probe-sb.mk - build/tests/probe-sb.efi: a gnu-efi PE32+ application playing
# Microsoft's signed boot manager in tests/prep/t-sb-qemu.sh (MTFTP through
# the firmware's PXE base code, a small BCD walker, core/sha256.c, the serial
# output of tests/probe-efi/out.c).
PROBE_SB := $(B)/tests/probe-sb.efi
PROBE_SB_SRCS := $(sort $(wildcard tests/probe-sb/*.c)) tests/probe-efi/out.c core/sha256.c \
  core/sha_path.c core/sha256_x86.c
PROBE_SB_OBJS := $(patsubst %.c,$(B)/tests/probe-sb-obj/%.o,$(PROBE_SB_SRCS))

$(B)/tests/probe-sb-obj/%.o: %.c $(wildcard tests/probe-sb/*.h) tests/probe-efi/probe.h core/sha256.h core/sha_path.h core/wp.h
	@mkdir -p $(@D)
	$(HOST_CC) $(PROBE_EFI_CFLAGS) -Itests/probe-sb -c -o $@ $<

$(eval $(call gnuefi_app,probe-sb,$(PROBE_SB_OBJS)))

all: $(PROBE_SB)
