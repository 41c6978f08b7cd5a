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

$(B)/tests/probe-sb.so: $(PROBE_SB_OBJS)
	ld -nostdlib -znocombreloc -T /usr/lib/elf_x86_64_efi.lds -shared -Bsymbolic \
	  -o $@ /usr/lib/crt0-efi-x86_64.o $^ -L/usr/lib -lefi -lgnuefi
	@# a shared link leaves unknown symbols as 0: an EFI app would jump there (#UD)
	@u=$$(nm -u $@); [ -z "$$u" ] || { echo "$@: undefined symbols: $$u" >&2; rm -f $@; exit 1; }

$(PROBE_SB): $(B)/tests/probe-sb.so
	objcopy -j .text -j .sdata -j .data -j .dynamic -j .dynsym -j .rel -j .rela \
	  -j .reloc --target=efi-app-x86_64 $< $@

all: $(PROBE_SB)
