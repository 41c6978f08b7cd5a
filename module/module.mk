# SPDX-License-Identifier: GPL-2.0-or-later
# module.mk - winpe.c32 for BIOS (i386) and efi64, built against the syslinux
# com32 libraries and headers from Debian's source package (make deps).
# The core is compiled unchanged into both; module/*.c is the syslinux glue
# both builds share (APPEND, fetch, progress, patch), com32/*.c the BIOS
# hand-off, efi/*.c the UEFI hand-off.  com32/ and efi/ never include each
# other; both include module/ (-Imodule).

SL_S := $(SYSLINUX_SRC)
SL_COMMON := -std=gnu99 -Os -fomit-frame-pointer -fno-stack-protector -fwrapv \
  -freg-struct-return -fno-exceptions -fno-asynchronous-unwind-tables -fPIC \
  -falign-functions=0 -falign-jumps=0 -falign-labels=0 -falign-loops=0 \
  -W -Wall -Wno-unused-parameter -fcommon -D__COM32__ -DDYNAMIC_MODULE -nostdinc -iwithprefix include \
  -I$(SL_S)/com32/libutil/include -I$(SL_S)/com32/include -I$(SL_S)/com32/include/sys \
  -I$(SL_S)/com32/gplinclude -I$(SL_S)/core/include -Icore -Imodule
SL_CFLAGS_bios  := -m32 -march=i386 -mpreferred-stack-boundary=2 -mregparm=3 -DREGPARM=3 \
  -D__FIRMWARE_BIOS__ $(SL_COMMON) -I$(SYSLINUX_OBJ)/build-bios/bios
SL_CFLAGS_efi64 := -m64 -march=x86-64 -mno-red-zone -D__FIRMWARE_EFI64__ $(SL_COMMON) \
  -I$(SYSLINUX_OBJ)/build-efi64/efi64
SL_LD_bios  := ld -m elf_i386 -shared --hash-style=gnu -T $(SL_S)/com32/lib/i386/elf.ld --as-needed
SL_LD_efi64 := ld -m elf_x86_64 -shared --hash-style=gnu -T $(SL_S)/com32/lib/x86_64/elf.ld --as-needed
SL_LIBS_bios  := $(SYSLINUX_OBJ)/build-bios/bios/com32/libutil/libutil.c32 \
  $(SYSLINUX_OBJ)/build-bios/bios/com32/lib/libcom32.c32
SL_LIBS_efi64 := $(SYSLINUX_OBJ)/build-efi64/efi64/com32/libutil/libutil.c32 \
  $(SYSLINUX_OBJ)/build-efi64/efi64/com32/lib/libcom32.c32

MOD_COMMON_SRCS := $(sort $(wildcard module/*.c))
MOD_SRCS_bios   := $(CORE_SRCS) $(MOD_COMMON_SRCS) $(sort $(wildcard com32/*.c))
MOD_SRCS_efi64  := $(CORE_SRCS) $(MOD_COMMON_SRCS) $(sort $(wildcard efi/*.c))
MOD_OBJS_bios   := $(patsubst %.c,$(B)/bios/%.o,$(MOD_SRCS_bios))
MOD_OBJS_efi64  := $(patsubst %.c,$(B)/efi64/%.o,$(MOD_SRCS_efi64))
# Per-file flags are keyed by the source path without .c, the same for every
# folder: MOD_CFLAGS_core/lzms (both builds), BIOS_CFLAGS_com32/boot,
# EFI_CFLAGS_efi/boot.  Extra objects are extra prerequisites of winpe.elf
# (com32/com32.mk adds the resident runtime): the link takes all of them.
MOD_HDRS := $(wildcard core/*.h module/*.h com32/*.h efi/*.h)

$(B)/bios/%.o: %.c $(MOD_HDRS)
	@mkdir -p $(@D)
	$(CC) $(SL_CFLAGS_bios) $(MOD_CFLAGS_$*) $(BIOS_CFLAGS_$*) -c -o $@ $<
$(B)/efi64/%.o: %.c $(MOD_HDRS)
	@mkdir -p $(@D)
	$(CC) $(SL_CFLAGS_efi64) $(MOD_CFLAGS_$*) $(EFI_CFLAGS_$*) -c -o $@ $<

$(B)/bios/winpe.elf: $(MOD_OBJS_bios)
	$(SL_LD_bios) -o $@ $^ $(SL_LIBS_bios)
$(B)/efi64/winpe.elf: $(MOD_OBJS_efi64)
	$(SL_LD_efi64) -o $@ $^ $(SL_LIBS_efi64)

# The ABI guard: every undefined symbol must be defined by Debian's binary
# ldlinux/libcom32/libutil of the same flavour; a mismatch fails the build.
$(B)/%/winpe.c32: $(B)/%/winpe.elf scripts/abi-check.sh
	objcopy --strip-debug --strip-unneeded $< $@.tmp
	bash scripts/abi-check.sh $* $@.tmp
	mv $@.tmp $@

all: $(B)/bios/winpe.c32 $(B)/efi64/winpe.c32
