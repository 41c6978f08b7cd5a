# SPDX-License-Identifier: GPL-2.0-or-later
# com32.mk - the resident runtime of the BIOS hand-off (com32/resident/),
# linked at 0x20000 as a flat binary and embedded into winpe.c32.
RES_DIR  := com32/resident
RES_OUT  := $(B)/bios/resident
RES_CFLAGS := -m32 -march=i386 -mgeneral-regs-only -ffreestanding -fno-pic -fno-pie \
  -fno-stack-protector -fno-asynchronous-unwind-tables -fno-builtin -Os -std=gnu99 --param=min-pagesize=0 \
  -W -Wall -Wno-unused-parameter -I$(RES_DIR) -Icore
# the vdisk reader from the core, compiled unchanged
RES_SRCS := $(sort $(wildcard $(RES_DIR)/*.c)) core/vdisk_read.c
RES_ASMS := $(sort $(wildcard $(RES_DIR)/*.S))
RES_ASMS := $(filter-out $(RES_DIR)/blob.S,$(RES_ASMS))
RES_OBJS := $(patsubst %.c,$(RES_OUT)/%.o,$(notdir $(RES_SRCS))) \
  $(patsubst %.S,$(RES_OUT)/%.o,$(notdir $(RES_ASMS)))
RES_HDRS := $(wildcard $(RES_DIR)/*.h) core/vdisk.h core/wp.h

$(RES_OUT)/%.o: $(RES_DIR)/%.c $(RES_HDRS)
	@mkdir -p $(@D)
	$(CC) $(RES_CFLAGS) -c -o $@ $<
$(RES_OUT)/vdisk_read.o: core/vdisk_read.c $(RES_HDRS)
	@mkdir -p $(@D)
	$(CC) $(RES_CFLAGS) -c -o $@ $<
$(RES_OUT)/%.o: $(RES_DIR)/%.S $(RES_HDRS)
	@mkdir -p $(@D)
	$(CC) -m32 -D__ASSEMBLER__ -I$(RES_DIR) -c -o $@ $<
$(RES_OUT)/resident.elf: $(RES_OBJS) $(RES_DIR)/resident.ld
	$(CC) -m32 -nostdlib -static -no-pie -Wl,--build-id=none -Wl,-z,noexecstack -Wl,--no-warn-rwx-segments -Wl,-T,$(RES_DIR)/resident.ld \
	  -o $@ $(RES_OBJS) $$($(CC) -m32 -print-libgcc-file-name)
$(RES_OUT)/resident.bin: $(RES_OUT)/resident.elf
	objcopy -O binary $< $@
$(B)/bios/com32/resident-blob.o: $(RES_DIR)/blob.S $(RES_OUT)/resident.bin
	@mkdir -p $(@D)
	$(CC) -m32 -DRES_BIN='"$(abspath $(RES_OUT)/resident.bin)"' -c -o $@ $<

# linked into the BIOS module (module/module.mk links every prerequisite)
$(B)/bios/winpe.elf: $(B)/bios/com32/resident-blob.o
all: $(RES_OUT)/resident.bin
