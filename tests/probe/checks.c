/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * checks.c - what the probe verifies before touching the disk: the BOOT APP
 * block byte by byte, the CPU state, the GDT/IDT, the declared regions and
 * the real-mode IVT.
 */
#include "probe.h"

extern char __ImageBase[];
const uint8_t *ba;
struct callback_fns *cbfns;
uint8_t drive;

static uint32_t reg_start[3], reg_pages[3], nregions;

/* Does region i cover [addr, addr+len)? */
static int region_covers(unsigned i, uint32_t addr, uint32_t len)
{
	uint64_t s = (uint64_t)reg_start[i] << 12, e = s + ((uint64_t)reg_pages[i] << 12);

	return addr >= s && (uint64_t)addr + len <= e;
}

/* Read GDT descriptor `sel` into base/limit/access/flags. */
static void gdt_desc(const uint8_t *gdt, unsigned sel, uint32_t *base, uint32_t *limit,
		     uint8_t *access, uint8_t *flags)
{
	const uint8_t *d = gdt + (sel & ~7u);

	*base = d[2] | d[3] << 8 | d[4] << 16 | (uint32_t)d[7] << 24;
	*limit = d[0] | d[1] << 8 | (uint32_t)(d[6] & 0x0f) << 16;
	*access = d[5];
	*flags = d[6] >> 4;
	if (*flags & 0x8)
		*limit = *limit << 12 | 0xfff;
}

/* The GDT selectors the boot manager uses, and the IDT. */
static void check_tables(void)
{
	struct __attribute__((packed)) { uint16_t limit; uint32_t base; } gdtr, idtr;
	uint32_t base, limit;
	uint8_t acc, fl;
	uint16_t cs, ds;
	const uint8_t *gdt;

	__asm__ volatile("sgdt %0; sidt %1" : "=m"(gdtr), "=m"(idtr));
	__asm__ volatile("mov %%cs, %0; mov %%ds, %1" : "=r"(cs), "=r"(ds));
	CHECK(gdtr.limit >= 0x67, "GDT limit too small for selector 0x60", gdtr.limit);
	gdt = (const uint8_t *)gdtr.base;
	CHECK(cs == 0x20, "CS is not FLAT_CS 0x20", cs);
	CHECK(ds == 0x30, "DS is not FLAT_DS 0x30", ds);
	gdt_desc(gdt, 0x10, &base, &limit, &acc, &fl);
	CHECK((acc & 0x98) == 0x98 && (fl & 0x6) == 0x2, "selector 0x10 is not 64-bit code", acc | fl << 8);
	gdt_desc(gdt, 0x20, &base, &limit, &acc, &fl);
	CHECK((acc & 0x98) == 0x98 && (fl & 0x4) && base == 0 && limit == 0xffffffff,
	      "selector 0x20 is not flat 32-bit code", acc | fl << 8);
	gdt_desc(gdt, 0x30, &base, &limit, &acc, &fl);
	CHECK((acc & 0x9a) == 0x92 && (fl & 0x4) && base == 0 && limit == 0xffffffff,
	      "selector 0x30 is not flat 32-bit data", acc | fl << 8);
	gdt_desc(gdt, 0x50, &base, &limit, &acc, &fl);
	CHECK((acc & 0x98) == 0x98 && !(fl & 0x4) && base == 0x20000 && limit >= 0xffff,
	      "selector 0x50 is not 16-bit code at 0x20000", base);
	gdt_desc(gdt, 0x60, &base, &limit, &acc, &fl);
	CHECK((acc & 0x9a) == 0x92 && !(fl & 0x4) && base == 0x20000 && limit >= 0xffff,
	      "selector 0x60 is not 16-bit data at 0x20000", base);
	CHECK(idtr.base != 0, "IDTR base is 0 (the real-mode IVT)", idtr.base);
	CHECK(idtr.limit == 0x7ff, "IDTR limit is not 256 gates", idtr.limit);
	CHECK(region_covers(0, gdtr.base, gdtr.limit + 1u), "region 0 does not cover the GDT", gdtr.base);
	CHECK(region_covers(0, idtr.base, idtr.limit + 1u), "region 0 does not cover the IDT", idtr.base);
}

/* The BOOT APP block, byte by byte. */
static void check_block(const uint8_t *b)
{
	const uint8_t *m = b + 0x3c, *w = b + 0x11c;
	static const uint8_t zero[28];
	unsigned i;

	CHECK(!memcmp(b, "BOOT APP", 8), "no BOOT APP signature", rd32(b));
	CHECK(rd32(b + 8) == 2, "version", rd32(b + 8));
	CHECK(rd32(b + 0xc) == 0x1cc, "length", rd32(b + 0xc));
	CHECK(rd32(b + 0x10) == 0x14c, "arch", rd32(b + 0x10));
	CHECK(rd32(b + 0x14) == 0 && rd32(b + 0x1c) == 0 && rd32(b + 0x38) == 0, "reserved", 0);
	CHECK(rd32(b + 0x18) == (uint32_t)__ImageBase, "pe_base is not our ImageBase", rd32(b + 0x18));
	CHECK(rd32(b + 0x24) == 0x3c && rd32(b + 0x28) == 0xc8 && rd32(b + 0x2c) == 0x162 &&
	      rd32(b + 0x30) == 0x1a8 && rd32(b + 0x34) == 0x1b0, "descriptor offsets", rd32(b + 0x24));
	CHECK(rd32(m) == 1 && rd32(m + 4) == 20 && rd32(m + 0xc) == 40 && rd32(m + 0x10) == 8,
	      "memory descriptor header", rd32(m));
	nregions = rd32(m + 8);
	CHECK(nregions == 2 || nregions == 3, "num_regions", nregions);
	for (i = 0; i < 3; i++) {
		const uint8_t *r = b + 0x50 + 40 * i;

		CHECK(rd32(r + 0x0c) == 0 && rd32(r + 0x1c) == 0, "region page fields above 32 bits", i);
		CHECK(!memcmp(r, zero, 8) && !memcmp(r + 0x10, zero, 8) && !memcmp(r + 0x20, zero, 8),
		      "region reserved/flags not zero", i);
		reg_start[i] = rd32(r + 8);
		reg_pages[i] = rd32(r + 0x18);
		if (i < nregions)
			CHECK(reg_pages[i] != 0, "empty region", i);
	}
	CHECK(!memcmp(b + 0xc8, "BTAPENT\0", 8), "no BTAPENT", rd32(b + 0xc8));
	CHECK(rd32(b + 0xd0) == 0x21, "entry flags", rd32(b + 0xd0));
	CHECK(!memcmp(b + 0xd4, zero, 16) && !memcmp(b + 0xe4, zero, 16), "entry GUID/reserved", 0);
	CHECK(rd32(b + 0xf4) == 0x11000001 && rd32(b + 0xf8) == 24 && rd32(b + 0xfc) == 86,
	      "wtf1", rd32(b + 0xf4));
	CHECK(!memcmp(b + 0x100, zero, 12) && !memcmp(b + 0x10c, zero, 16), "wtf1/wtf2 reserved", 0);
	CHECK(rd32(w) == 6 && rd32(w + 4) == 0 && rd32(w + 8) == 70 && rd32(w + 0xc) == 0,
	      "wtf3 header", rd32(w));
	CHECK(!memcmp(w + 0x14, zero, 16) && rd32(w + 0x24) == 1 && !memcmp(w + 0x2c, zero, 26),
	      "wtf3 body", rd32(w + 0x24));
	CHECK(!memcmp(w, b + 0x162, 70), "wtf3 copy differs", 0);
	CHECK(rd32(b + 0x1ac) == 0, "callback reserved", rd32(b + 0x1ac));
	CHECK(rd32(b + 0x1b0) == 1 && !memcmp(b + 0x1b4, zero, 24), "pointless descriptor", rd32(b + 0x1b0));
}

/* The regions cover what they must and do not overlap. */
static void check_regions(const uint8_t *b)
{
	const uint8_t *img = (const uint8_t *)__ImageBase;
	uint32_t pe_len = rd32(b + 0x20), lfanew = rd32(img + 0x3c);
	uint32_t size_of_image = rd32(img + lfanew + 24 + 56);
	uint32_t hdrs = rd32(img + lfanew + 24 + 60);
	uint32_t nsect = rd16(img + lfanew + 6), optsz = rd16(img + lfanew + 20);
	const uint8_t *sect = img + lfanew + 24 + optsz;
	uint32_t raw_end = hdrs, esp, i, cb = rd32(b + 0x1a8);

	for (i = 0; i < nsect; i++) {
		uint32_t e = rd32(sect + 40 * i + 20) + rd32(sect + 40 * i + 16);
		if (e > raw_end)
			raw_end = e;
	}
	CHECK(pe_len >= size_of_image + raw_end, "pe_len does not cover image + raw copy", pe_len);
	CHECK(!memcmp(img, img + size_of_image, hdrs), "raw copy after the image differs from the headers",
	      size_of_image);
	CHECK(region_covers(1, (uint32_t)img, pe_len), "region 1 does not cover the boot manager", reg_start[1]);
	CHECK(reg_start[1] == (uint32_t)img >> 12, "region 1 does not start at the image", reg_start[1]);
	CHECK(region_covers(0, (uint32_t)b, 0x1cc), "region 0 does not cover the BOOT APP block", (uint32_t)b);
	CHECK(region_covers(0, cb, 8), "region 0 does not cover the callback struct", cb);
	cbfns = (struct callback_fns *)rd32((const void *)cb);
	drive = (uint8_t)rd32((const uint8_t *)cb + 4);
	CHECK(region_covers(0, (uint32_t)cbfns, 8), "region 0 does not cover the callback table", (uint32_t)cbfns);
	CHECK(region_covers(0, (uint32_t)cbfns->call_interrupt, 16), "call_interrupt outside region 0",
	      (uint32_t)cbfns->call_interrupt);
	CHECK(region_covers(0, (uint32_t)cbfns->call_real, 16) &&
	      (uint32_t)cbfns->call_real >= 0x20000 && (uint32_t)cbfns->call_real < 0x30000,
	      "call_real outside region 0 / segment 0x2000", (uint32_t)cbfns->call_real);
	__asm__ volatile("mov %%esp, %0" : "=r"(esp));
	CHECK(region_covers(0, esp - 256, 256), "the stack we were given is outside region 0", esp);
	CHECK(reg_start[0] == 0x20, "region 0 does not start at 0x20000", reg_start[0]);
	CHECK(!(reg_start[0] + reg_pages[0] > reg_start[1] && reg_start[1] + reg_pages[1] > reg_start[0]),
	      "regions 0 and 1 overlap", reg_start[1]);
	if (nregions == 3) {
		for (i = 0; i < 2; i++)
			CHECK(!(reg_start[2] + reg_pages[2] > reg_start[i] &&
				reg_start[i] + reg_pages[i] > reg_start[2]), "region 2 overlaps", i);
		CHECK(reg_start[2] >= 0x100 && (uint64_t)reg_start[2] + reg_pages[2] <= 0x80000,
		      "region 2 not in [1 MiB, 2 GiB)", reg_start[2]);
	}
	CHECK(drive >= 0x80, "callback drive is not a hard disk", drive);
	CHECK(*(volatile uint8_t *)0x475 >= (drive & 0x7f) + 1, "BDA 0x475 does not count our drive",
	      *(volatile uint8_t *)0x475);
}

/* The real-mode IVT still points INT 10h/13h/15h into BIOS (or PXE) space. */
void check_ivt(void)
{
	static const uint8_t vecs[] = { 0x10, 0x13, 0x15 };
	unsigned i;

	for (i = 0; i < sizeof vecs; i++) {
		uint32_t v = *(volatile uint32_t *)(uintptr_t)(vecs[i] * 4);
		uint32_t lin = (v >> 16) * 16 + (v & 0xffff);

		CHECK(lin >= 0x80000 && lin < 0x100000, "real-mode IVT vector not in BIOS space",
		      vecs[i] << 24 | (lin & 0xffffff));
	}
}

/* One line with every declared region: PROBE REGIONS start+bytes ... */
static void out_regions(void)
{
	unsigned i;

	out_str("PROBE REGIONS");
	for (i = 0; i < nregions; i++) {
		out_str(" ");
		out_hex(reg_start[i] << 12);
		out_str("+");
		out_hex(reg_pages[i] << 12);
	}
	out_nl();
}

/* Everything checkable before the first callback. */
void check_handoff(const uint8_t *block)
{
	uint32_t cr0, cr4, fl;

	ba = block;
	__asm__ volatile("mov %%cr0, %0; mov %%cr4, %1; pushfl; popl %2"
			 : "=r"(cr0), "=r"(cr4), "=r"(fl));
	CHECK((cr0 & 0x80000001) == 1, "CR0: want PE on and paging off", cr0);
	/* SeaBIOS and syslinux leave SSE off; the loader must not hand it over on */
	CHECK(!(cr4 & 0x600), "CR4: OSFXSR/OSXMMEXCPT on (want them as the firmware left them)", cr4);
	CHECK(!(fl & 0x200), "interrupts enabled at entry", fl);
	check_block(block);
	check_regions(block);
	check_tables();
	check_ivt();
	out_str("PROBE CHECK block regions gdt idt ivt ok, drive ");
	out_hex(drive);
	out_str(", regions ");
	out_dec(nregions);
	out_nl();
	out_regions();
}
