# SPDX-License-Identifier: GPL-2.0-or-later
# probe-efi.mk - build/tests/probe-bootmgfw.efi: a gnu-efi PE32+ application
# standing in for bootmgfw.efi in the UEFI tests (core/sha256.c compiled in).
PROBE_EFI := $(B)/tests/probe-bootmgfw.efi
PROBE_EFI_SRCS := $(sort $(wildcard tests/probe-efi/*.c)) core/sha256.c core/sha_path.c \
  core/sha256_x86.c
PROBE_EFI_OBJS := $(patsubst %.c,$(B)/tests/probe-efi-obj/%.o,$(PROBE_EFI_SRCS))
PROBE_EFI_CFLAGS := -std=gnu99 -O2 -Wall -Wextra -Wno-unused-parameter -fpic -fshort-wchar \
  -mno-red-zone -ffreestanding -fno-stack-protector -DGNU_EFI_USE_MS_ABI \
  -I/usr/include/efi -I/usr/include/efi/x86_64 -Icore -Itests/probe-efi

$(B)/tests/probe-efi-obj/%.o: %.c $(wildcard tests/probe-efi/*.h) core/sha256.h core/sha_path.h core/wp.h
	@mkdir -p $(@D)
	$(HOST_CC) $(PROBE_EFI_CFLAGS) -c -o $@ $<

# gnuefi_app NAME,OBJS: the rules for $(B)/tests/NAME.efi, a gnu-efi PE32+
# application linked from OBJS (shared with tests/probe-sb/probe-sb.mk, which
# make reads after this file).  A shared link leaves unknown symbols as 0, and
# an EFI app would jump there (#UD): the link is refused when nm finds any.
define gnuefi_app
$(B)/tests/$(1).so: $(2)
	ld -nostdlib -znocombreloc -T /usr/lib/elf_x86_64_efi.lds -shared -Bsymbolic \
	  -o $$@ /usr/lib/crt0-efi-x86_64.o $$^ -L/usr/lib -lefi -lgnuefi
	@u=$$$$(nm -u $$@); [ -z "$$$$u" ] || { echo "$$@: undefined symbols: $$$$u" >&2; rm -f $$@; exit 1; }

$(B)/tests/$(1).efi: $(B)/tests/$(1).so
	objcopy -j .text -j .sdata -j .data -j .dynamic -j .dynsym -j .rel -j .rela \
	  -j .reloc --target=efi-app-x86_64 $$< $$@
endef
$(eval $(call gnuefi_app,probe-bootmgfw,$(PROBE_EFI_OBJS)))

all: $(PROBE_EFI)
