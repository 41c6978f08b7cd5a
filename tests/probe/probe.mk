# SPDX-License-Identifier: GPL-2.0-or-later
# probe.mk - the probe boot manager, a PE32 stand-in for bootmgr.exe.
PROBE_SRCS := $(sort $(wildcard tests/probe/*.c))
$(B)/tests/probe-bootmgr.exe: $(PROBE_SRCS) tests/probe/probe.h
	@mkdir -p $(@D)
	i686-w64-mingw32-gcc -std=gnu99 -Os -ffreestanding -nostdlib -fno-stack-protector \
	  -mno-stack-arg-probe -mgeneral-regs-only --param=min-pagesize=0 -W -Wall -Wno-unused-parameter \
	  -Wl,--image-base=0x400000 -Wl,-e,_probe_entry -Wl,--subsystem,native \
	  -o $@ $(PROBE_SRCS) -lgcc
all: $(B)/tests/probe-bootmgr.exe
# the same probe linked at an ImageBase that is never RAM (bad-input test)
$(B)/tests/probe-highbase.exe: $(PROBE_SRCS) tests/probe/probe.h
	@mkdir -p $(@D)
	i686-w64-mingw32-gcc -std=gnu99 -Os -ffreestanding -nostdlib -fno-stack-protector \
	  -mno-stack-arg-probe -mgeneral-regs-only --param=min-pagesize=0 -W -Wall -Wno-unused-parameter \
	  -Wl,--image-base=0xe0000000 -Wl,-e,_probe_entry -Wl,--subsystem,native \
	  -o $@ $(PROBE_SRCS) -lgcc
all: $(B)/tests/probe-highbase.exe
