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

$(B)/tests/probe-bootmgfw.so: $(PROBE_EFI_OBJS)
	ld -nostdlib -znocombreloc -T /usr/lib/elf_x86_64_efi.lds -shared -Bsymbolic \
	  -o $@ /usr/lib/crt0-efi-x86_64.o $^ -L/usr/lib -lefi -lgnuefi
	@# a shared link leaves unknown symbols as 0: an EFI app would jump there (#UD)
	@u=$$(nm -u $@); [ -z "$$u" ] || { echo "$@: undefined symbols: $$u" >&2; rm -f $@; exit 1; }

$(PROBE_EFI): $(B)/tests/probe-bootmgfw.so
	objcopy -j .text -j .sdata -j .data -j .dynamic -j .dynsym -j .rel -j .rela \
	  -j .reloc --target=efi-app-x86_64 $< $@

all: $(PROBE_EFI)
