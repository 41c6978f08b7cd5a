/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * test_pe.c - core/pe.c: PE32 and PE32+ images made by a tiny generator load
 * byte-exact; every malformation is rejected with its exact message; random
 * corruption never makes the loader misbehave.
 */
#include "harness.h"
#include "pe.h"

static int h_bad;

/* ---- a tiny PE generator ------------------------------------------------ */

struct gsec {
	const char *name;
	uint32_t va, vsize, raw_size;
};

struct gen {
	bool plus;
	uint32_t sa, fa;
	uint64_t base;
	uint32_t entry;
	uint16_t subsystem;
	unsigned n;
	struct gsec s[4];
};

/* Where the generator put things, for targeted corruption. */
struct gout {
	uint8_t *f;
	size_t len;
	uint32_t lfa, opt, sect, soh, soi;
	uint32_t raw_off[4];
};

static uint32_t up(uint32_t x, uint32_t a)
{
	return (x + a - 1) / a * a;
}

/* Build a PE file described by g into o (o->f malloc'd). */
static void gen_build(const struct gen *g, struct gout *o)
{
	uint32_t opt_size = g->plus ? 112 + 128 : 96 + 128, off, soi = 0;
	unsigned i;
	uint8_t *f;

	memset(o, 0, sizeof(*o));
	o->lfa = 0x80;
	o->opt = o->lfa + 24;
	o->sect = o->opt + opt_size;
	o->soh = up(o->sect + 40 * g->n, g->fa);
	off = o->soh;
	for (i = 0; i < g->n; i++) {
		uint32_t mem = g->s[i].vsize ? g->s[i].vsize : g->s[i].raw_size;

		o->raw_off[i] = g->s[i].raw_size ? off : 0;
		off += up(g->s[i].raw_size, g->fa);
		if (up(g->s[i].va + mem, g->sa) > soi)
			soi = up(g->s[i].va + mem, g->sa);
	}
	o->len = off;
	o->soi = soi;
	f = o->f = calloc(1, o->len + 1);
	f[0] = 'M';
	f[1] = 'Z';
	memcpy(f + 0x40, "This program cannot be run in DOS mode.", 39);
	wp_put32(f + 0x3c, o->lfa);
	memcpy(f + o->lfa, "PE\0\0", 4);
	wp_put16(f + o->lfa + 4, g->plus ? PE_MACHINE_AMD64 : PE_MACHINE_I386);
	wp_put16(f + o->lfa + 6, (uint16_t)g->n);
	wp_put32(f + o->lfa + 8, 0x5f5e1000);
	wp_put16(f + o->lfa + 20, (uint16_t)opt_size);
	wp_put16(f + o->lfa + 22, g->plus ? 0x0022 : 0x0102);
	wp_put16(f + o->opt, g->plus ? 0x20b : 0x10b);
	wp_put32(f + o->opt + 16, g->entry);
	if (g->plus)
		wp_put64(f + o->opt + 24, g->base);
	else
		wp_put32(f + o->opt + 28, (uint32_t)g->base);
	wp_put32(f + o->opt + 32, g->sa);
	wp_put32(f + o->opt + 36, g->fa);
	wp_put32(f + o->opt + 56, soi);
	wp_put32(f + o->opt + 60, o->soh);
	wp_put16(f + o->opt + 68, g->subsystem);
	wp_put32(f + o->opt + (g->plus ? 108 : 92), 16);
	for (i = 0; i < g->n; i++) {
		uint8_t *h = f + o->sect + 40 * i;
		uint32_t k;

		strncpy((char *)h, g->s[i].name, 8);
		wp_put32(h + 8, g->s[i].vsize);
		wp_put32(h + 12, g->s[i].va);
		wp_put32(h + 16, g->s[i].raw_size);
		wp_put32(h + 20, o->raw_off[i]);
		wp_put32(h + 36, 0x60000020);
		for (k = 0; k < g->s[i].raw_size; k++)
			f[o->raw_off[i] + k] = (uint8_t)(0x31 * (i + 1) + k * 7 + (k >> 8));
	}
}

/* The image the loader must produce, computed from the generator's plan. */
static uint8_t *gen_expect(const struct gen *g, const struct gout *o,
			   uint32_t *image_len)
{
	uint32_t end = 0, i, k;
	uint8_t *img;

	for (i = 0; i < g->n; i++) {
		uint32_t mem = g->s[i].vsize ? g->s[i].vsize : g->s[i].raw_size;
		if (g->s[i].va + mem > end)
			end = g->s[i].va + mem;
	}
	*image_len = up(end, g->sa);
	img = calloc(1, *image_len + o->len);
	memcpy(img, o->f, o->soh);
	for (i = 0; i < g->n; i++) {
		uint32_t mem = g->s[i].vsize ? g->s[i].vsize : g->s[i].raw_size;
		for (k = 0; k < g->s[i].raw_size && k < mem; k++)
			img[g->s[i].va + k] = o->f[o->raw_off[i] + k];
	}
	memcpy(img + *image_len, o->f, o->len);
	return img;
}

/* A typical PE32 boot application: .text, .data (raw > virtual), .bss. */
static const struct gen g32 = {
	false, 0x1000, 0x200, 0x400000, 0x1010, PE_SUBSYSTEM_BOOT_APPLICATION, 3,
	{ { ".text", 0x1000, 0x1234, 0x1400 },
	  { ".data", 0x3000, 0x0100, 0x0200 },
	  { ".rsrc", 0x4000, 0x2345, 0x0600 } },
};
/* A PE32+ EFI application with a high ImageBase and a zero VirtualSize. */
static const struct gen g64 = {
	true, 0x1000, 0x200, 0x140000000ull, 0x2000, PE_SUBSYSTEM_EFI_APPLICATION, 4,
	{ { ".text", 0x1000, 0x1800, 0x1800 },
	  { ".rdata", 0x3000, 0, 0x0a00 },
	  { ".data", 0x4000, 0x3000, 0x0200 },
	  { ".reloc", 0x8000, 0x0010, 0x0200 } },
};
/* Small alignments (SectionAlignment == FileAlignment == 0x20). */
static const struct gen gsmall = {
	false, 0x20, 0x20, 0x10000, 0x200, PE_SUBSYSTEM_BOOT_APPLICATION, 2,
	{ { "code", 0x200, 0x24, 0x40 }, { "data", 0x240, 0x80, 0x20 } },
};

/* Load a valid generated image; compare every byte and every info field. */
static int check_valid(const struct gen *g, uint16_t machine)
{
	struct gout o;
	struct pe_info pi;
	struct wp_err err = { 0, "" };
	uint32_t ilen, i;
	uint8_t *want, *buf;
	int rc;

	gen_build(g, &o);
	want = gen_expect(g, &o, &ilen);
	rc = pe_parse(o.f, o.len, "t.exe", &pi, &err);
	EXPECT(rc == 0, "pe_parse: %d %s", rc, err.msg);
	buf = malloc(pi.total_len ? pi.total_len : 1);
	memset(buf, 0xcc, pi.total_len);
	rc = pe_load(o.f, o.len, "t.exe", buf, pi.total_len, &pi, &err);
	EXPECT(rc == 0, "pe_load: %d %s", rc, err.msg);
	EXPECT(pi.machine == machine, "machine 0x%x", pi.machine);
	EXPECT(pi.pe32plus == g->plus, "pe32plus");
	EXPECT(pi.image_base == g->base, "image_base 0x%llx", (unsigned long long)pi.image_base);
	EXPECT(pi.image_len == ilen, "image_len 0x%x want 0x%x", pi.image_len, ilen);
	EXPECT(pi.file_len == o.len, "file_len");
	EXPECT(pi.total_len == ilen + o.len, "total_len 0x%llx", (unsigned long long)pi.total_len);
	EXPECT(pi.entry == g->base + g->entry, "entry 0x%llx", (unsigned long long)pi.entry);
	EXPECT(pi.entry_rva == g->entry, "entry_rva");
	EXPECT(pi.subsystem == g->subsystem, "subsystem %u", pi.subsystem);
	EXPECT(pi.size_of_image == o.soi, "size_of_image");
	EXPECT(pi.size_of_headers == o.soh, "size_of_headers");
	EXPECT(pi.n_sections == g->n, "n_sections");
	EXPECT(rc == 0 && memcmp(buf, want, ilen + o.len) == 0, "loaded bytes differ");
	for (i = 0; i < g->n; i++) {
		struct pe_section s;
		EXPECT(pe_section(o.f, o.len, &pi, i, &s) == 0, "pe_section %u", i);
		EXPECT(strcmp(s.name, g->s[i].name) == 0, "name %s", s.name);
		EXPECT(s.va == g->s[i].va && s.vsize == g->s[i].vsize &&
		       s.raw_size == g->s[i].raw_size && s.raw_off == o.raw_off[i],
		       "section %u fields", i);
	}
	EXPECT(pe_section(o.f, o.len, &pi, g->n, &(struct pe_section){0}) == WP_ERANGE,
	       "pe_section past the end");
	/* one byte too small a buffer is refused */
	rc = pe_load(o.f, o.len, "t.exe", buf, pi.total_len - 1, &pi, &err);
	EXPECT(rc == WP_ERANGE, "short buffer rc %d", rc);
	free(buf);
	free(want);
	free(o.f);
	return h_bad;
}

static int test_load_pe32(void)
{
	h_bad = 0;
	return check_valid(&g32, PE_MACHINE_I386);
}

static int test_load_pe32plus(void)
{
	h_bad = 0;
	return check_valid(&g64, PE_MACHINE_AMD64);
}

static int test_load_small_alignment(void)
{
	h_bad = 0;
	return check_valid(&gsmall, PE_MACHINE_I386);
}

/* The short-buffer message is exact too. */
static int test_short_buffer_message(void)
{
	struct gout o;
	struct pe_info pi;
	struct wp_err err = { 0, "" };
	char want[128];
	uint8_t *buf;

	h_bad = 0;
	gen_build(&g32, &o);
	pe_parse(o.f, o.len, "bootmgr.exe", &pi, &err);
	buf = malloc(pi.total_len);
	EXPECT(pe_load(o.f, o.len, "bootmgr.exe", buf, 4096, &pi, &err) == WP_ERANGE, "rc");
	snprintf(want, sizeof(want),
		 "bootmgr.exe: load buffer of 4096 bytes too small (need %llu)",
		 (unsigned long long)pi.total_len);
	EXPECT(strcmp(err.msg, want) == 0, "got '%s'", err.msg);
	free(buf);
	free(o.f);
	return h_bad;
}

/* ---- malformations ------------------------------------------------------ */

enum { F_LEN = 1, F_PLUS = 2 };

struct bad {
	const char *what;
	int flags;
	void (*mutate)(struct gout *o);
	const char *msg;
	int code;
};

#define M(name, body) static void name(struct gout *o) { uint8_t *f = o->f; (void)f; body; }
M(m_len63, o->len = 63)
M(m_mz, f[1] = 'X')
M(m_lfa_small, wp_put32(f + 0x3c, 0x20))
M(m_lfa_unaligned, wp_put32(f + 0x3c, 0x82))
M(m_lfa_beyond, wp_put32(f + 0x3c, (uint32_t)o->len - 20))
M(m_lfa_huge, wp_put32(f + 0x3c, 0xfffffff0))
M(m_pesig, f[o->lfa + 2] = 1)
M(m_machine, wp_put16(f + o->lfa + 4, 0x01c0))
M(m_nsec0, wp_put16(f + o->lfa + 6, 0))
M(m_nsec97, wp_put16(f + o->lfa + 6, 97))
M(m_notexe, wp_put16(f + o->lfa + 22, 0x0100))
M(m_optsize_huge, wp_put16(f + o->lfa + 20, 0xffff); o->len = 0x1000)
M(m_optsize_1, wp_put16(f + o->lfa + 20, 1))
M(m_magic, wp_put16(f + o->opt, 0x107))
M(m_magic_plus_on_i386, wp_put16(f + o->opt, 0x20b))
M(m_magic_pe32_on_amd64, wp_put16(f + o->opt, 0x10b))
M(m_optsize_small, wp_put16(f + o->lfa + 20, 80))
M(m_optsize_small_plus, wp_put16(f + o->lfa + 20, 100))
M(m_ndirs17, wp_put32(f + o->opt + 92, 17))
M(m_optsize_dirs, wp_put16(f + o->lfa + 20, 96 + 8 * 15))
M(m_table_beyond, o->len = o->sect + 40 * 2 + 8)
M(m_sa_not_pow2, wp_put32(f + o->opt + 32, 0x1800))
M(m_sa_zero, wp_put32(f + o->opt + 32, 0))
M(m_sa_huge, wp_put32(f + o->opt + 32, 0x2000000))
M(m_fa_not_pow2, wp_put32(f + o->opt + 36, 0x300))
M(m_fa_huge, wp_put32(f + o->opt + 36, 0x20000); wp_put32(f + o->opt + 32, 0x40000))
M(m_fa_gt_sa, wp_put32(f + o->opt + 36, 0x2000))
M(m_base_unaligned, wp_put32(f + o->opt + 28, 0x400800))
M(m_base_unaligned_plus, wp_put64(f + o->opt + 24, 0x140000800ull))
M(m_soi_zero, wp_put32(f + o->opt + 56, 0))
M(m_soi_huge, wp_put32(f + o->opt + 56, 0x10001000))
M(m_base_wrap32, wp_put32(f + o->opt + 28, 0xffffa000))
M(m_base_wrap64, wp_put64(f + o->opt + 24, 0xfffffffffffff000ull))
M(m_soh_small, wp_put32(f + o->opt + 60, 0x100))
M(m_soh_beyond_file, wp_put32(f + o->opt + 60, (uint32_t)o->len + 0x200))
M(m_soh_beyond_image, wp_put32(f + o->opt + 60, 0x800); wp_put32(f + o->opt + 56, 0x600))
M(m_va_unaligned, wp_put32(f + o->sect + 40 + 12, 0x3010))
M(m_va_in_headers, wp_put32(f + o->sect + 12, 0))
M(m_va_overlap, wp_put32(f + o->sect + 40 + 12, 0x2000))
M(m_va_descending, wp_put32(f + o->sect + 80 + 12, 0x2000))
M(m_section_past_image, wp_put32(f + o->sect + 80 + 8, 0x3001))
M(m_section_vsize_wrap, wp_put32(f + o->sect + 80 + 8, 0xfffff000))
M(m_raw_unaligned, wp_put32(f + o->sect + 80 + 20, o->raw_off[2] + 0x10))
M(m_raw_beyond, wp_put32(f + o->sect + 80 + 16, 0x800))
M(m_raw_off_wrap, wp_put32(f + o->sect + 80 + 20, 0xfffffe00))
M(m_truncated, o->len -= 0x200)
M(m_entry0, wp_put32(f + o->opt + 16, 0))
M(m_entry_gap, wp_put32(f + o->opt + 16, 0x2800))
M(m_entry_beyond, wp_put32(f + o->opt + 16, 0x7fffffff))

static const struct bad bads[] = {
	{ "len63", 0, m_len63, "t.exe: too small for a DOS header (63 bytes)", WP_EFORMAT },
	{ "mz", 0, m_mz, "t.exe: no MZ signature", WP_EFORMAT },
	{ "lfa_small", 0, m_lfa_small, "t.exe: e_lfanew 0x20 inside the DOS header", WP_EFORMAT },
	{ "lfa_unaligned", 0, m_lfa_unaligned, "t.exe: e_lfanew 0x82 not 4-byte aligned", WP_EFORMAT },
	{ "lfa_beyond", 0, m_lfa_beyond, "t.exe: e_lfanew 0x1dec: PE header beyond end of file", WP_EFORMAT },
	{ "lfa_huge", 0, m_lfa_huge, "t.exe: e_lfanew 0xfffffff0: PE header beyond end of file", WP_EFORMAT },
	{ "pesig", 0, m_pesig, "t.exe: no PE signature at e_lfanew 0x80", WP_EFORMAT },
	{ "machine", 0, m_machine, "t.exe: unsupported machine 0x01c0 (want 0x014c or 0x8664)", WP_EUNSUPP },
	{ "nsec0", 0, m_nsec0, "t.exe: no sections", WP_EFORMAT },
	{ "nsec97", 0, m_nsec97, "t.exe: too many sections (97, at most 96)", WP_EFORMAT },
	{ "notexe", 0, m_notexe, "t.exe: not an executable image (Characteristics 0x0100)", WP_EFORMAT },
	{ "optsize_huge", 0, m_optsize_huge, "t.exe: optional header (SizeOfOptionalHeader 65535) beyond end of file", WP_EFORMAT },
	{ "optsize_1", 0, m_optsize_1, "t.exe: optional header (SizeOfOptionalHeader 1) beyond end of file", WP_EFORMAT },
	{ "magic", 0, m_magic, "t.exe: unknown optional header magic 0x107", WP_EFORMAT },
	{ "magic_plus_on_i386", 0, m_magic_plus_on_i386, "t.exe: optional header magic 0x20b does not match machine 0x014c", WP_EFORMAT },
	{ "magic_pe32_on_amd64", F_PLUS, m_magic_pe32_on_amd64, "t.exe: optional header magic 0x10b does not match machine 0x8664", WP_EFORMAT },
	{ "optsize_small", 0, m_optsize_small, "t.exe: SizeOfOptionalHeader 80 too small for PE32 (at least 96)", WP_EFORMAT },
	{ "optsize_small_plus", F_PLUS, m_optsize_small_plus, "t.exe: SizeOfOptionalHeader 100 too small for PE32+ (at least 112)", WP_EFORMAT },
	{ "ndirs17", 0, m_ndirs17, "t.exe: NumberOfRvaAndSizes 17 above 16", WP_EFORMAT },
	{ "optsize_dirs", 0, m_optsize_dirs, "t.exe: SizeOfOptionalHeader 216 too small for 16 data directories", WP_EFORMAT },
	{ "table_beyond", 0, m_table_beyond, "t.exe: section table beyond end of file", WP_EFORMAT },
	{ "sa_not_pow2", 0, m_sa_not_pow2, "t.exe: SectionAlignment 0x1800 not a power of two up to 16 MiB", WP_EFORMAT },
	{ "sa_zero", 0, m_sa_zero, "t.exe: SectionAlignment 0x0 not a power of two up to 16 MiB", WP_EFORMAT },
	{ "sa_huge", 0, m_sa_huge, "t.exe: SectionAlignment 0x2000000 not a power of two up to 16 MiB", WP_EFORMAT },
	{ "fa_not_pow2", 0, m_fa_not_pow2, "t.exe: FileAlignment 0x300 not a power of two up to 64 KiB", WP_EFORMAT },
	{ "fa_huge", 0, m_fa_huge, "t.exe: FileAlignment 0x20000 not a power of two up to 64 KiB", WP_EFORMAT },
	{ "fa_gt_sa", 0, m_fa_gt_sa, "t.exe: FileAlignment 0x2000 larger than SectionAlignment 0x1000", WP_EFORMAT },
	{ "base_unaligned", 0, m_base_unaligned, "t.exe: ImageBase 0x400800 not aligned to SectionAlignment 0x1000", WP_EFORMAT },
	{ "base_unaligned_plus", F_PLUS, m_base_unaligned_plus, "t.exe: ImageBase 0x140000800 not aligned to SectionAlignment 0x1000", WP_EFORMAT },
	{ "soi_zero", 0, m_soi_zero, "t.exe: SizeOfImage 0x0 is zero or above the 256 MiB limit", WP_EFORMAT },
	{ "soi_huge", 0, m_soi_huge, "t.exe: SizeOfImage 0x10001000 is zero or above the 256 MiB limit", WP_EFORMAT },
	{ "base_wrap32", 0, m_base_wrap32, "t.exe: ImageBase 0xffffa000 + SizeOfImage 0x7000 beyond the address space", WP_EFORMAT },
	{ "base_wrap64", F_PLUS, m_base_wrap64, "t.exe: ImageBase 0xfffffffffffff000 + SizeOfImage 0x9000 beyond the address space", WP_EFORMAT },
	{ "soh_small", 0, m_soh_small, "t.exe: SizeOfHeaders 0x100 does not cover the section table (ends at 0x1f0)", WP_EFORMAT },
	{ "soh_beyond_file", 0, m_soh_beyond_file, "t.exe: SizeOfHeaders 0x2000 beyond end of file", WP_EFORMAT },
	{ "soh_beyond_image", 0, m_soh_beyond_image, "t.exe: SizeOfHeaders 0x800 beyond SizeOfImage 0x600", WP_EFORMAT },
	{ "va_unaligned", 0, m_va_unaligned, "t.exe: section 2 (.data) VirtualAddress 0x3010 not aligned to SectionAlignment 0x1000", WP_EFORMAT },
	{ "va_in_headers", 0, m_va_in_headers, "t.exe: section 1 (.text) VirtualAddress 0x0 overlaps the headers (SizeOfHeaders 0x200)", WP_EFORMAT },
	{ "va_overlap", 0, m_va_overlap, "t.exe: section 2 (.data) VirtualAddress 0x2000 overlaps or precedes section 1", WP_EFORMAT },
	{ "va_descending", 0, m_va_descending, "t.exe: section 3 (.rsrc) VirtualAddress 0x2000 overlaps or precedes section 2", WP_EFORMAT },
	{ "section_past_image", 0, m_section_past_image, "t.exe: section 3 (.rsrc) ends at 0x7001 beyond SizeOfImage 0x7000", WP_EFORMAT },
	{ "section_vsize_wrap", 0, m_section_vsize_wrap, "t.exe: section 3 (.rsrc) ends at 0x100003000 beyond SizeOfImage 0x7000", WP_EFORMAT },
	{ "raw_unaligned", 0, m_raw_unaligned, "t.exe: section 3 (.rsrc) PointerToRawData 0x1810 not aligned to FileAlignment 0x200", WP_EFORMAT },
	{ "raw_beyond", 0, m_raw_beyond, "t.exe: section 3 (.rsrc) raw data beyond end of file", WP_EFORMAT },
	{ "raw_off_wrap", 0, m_raw_off_wrap, "t.exe: section 3 (.rsrc) raw data beyond end of file", WP_EFORMAT },
	{ "truncated", 0, m_truncated, "t.exe: section 3 (.rsrc) raw data beyond end of file", WP_EFORMAT },
	{ "entry0", 0, m_entry0, "t.exe: no entry point (AddressOfEntryPoint 0)", WP_EFORMAT },
	{ "entry_gap", 0, m_entry_gap, "t.exe: entry point 0x2800 outside every section", WP_EFORMAT },
	{ "entry_beyond", 0, m_entry_beyond, "t.exe: entry point 0x7fffffff outside every section", WP_EFORMAT },
};

/* Every malformation fails pe_parse and pe_load with the exact message. */
static int test_malformed(void)
{
	size_t i;

	h_bad = 0;
	for (i = 0; i < sizeof(bads) / sizeof(bads[0]); i++) {
		const struct bad *b = &bads[i];
		struct gout o;
		struct pe_info pi;
		struct wp_err err = { 0, "" };
		static uint8_t buf[1 << 20];
		int rc;

		gen_build(b->flags & F_PLUS ? &g64 : &g32, &o);
		/* the unmodified image must be valid */
		EXPECT(pe_parse(o.f, o.len, "t.exe", &pi, &err) == 0, "%s: base invalid: %s",
		       b->what, err.msg);
		b->mutate(&o);
		rc = pe_parse(o.f, o.len, "t.exe", &pi, &err);
		EXPECT(rc == b->code, "%s: pe_parse rc %d want %d (%s)", b->what, rc, b->code, err.msg);
		EXPECT(strcmp(err.msg, b->msg) == 0, "%s: got '%s' want '%s'", b->what,
		       err.msg, b->msg);
		err.msg[0] = 0;
		rc = pe_load(o.f, o.len, "t.exe", buf, sizeof(buf), &pi, &err);
		EXPECT(rc == b->code && strcmp(err.msg, b->msg) == 0,
		       "%s: pe_load rc %d '%s'", b->what, rc, err.msg);
		free(o.f);
	}
	return h_bad;
}

/* A NULL name still gives a message; section names with control bytes are sanitised. */
static int test_names(void)
{
	struct gout o;
	struct pe_info pi;
	struct wp_err err = { 0, "" };

	h_bad = 0;
	gen_build(&g32, &o);
	o.f[1] = 0;
	EXPECT(pe_parse(o.f, o.len, NULL, &pi, &err) == WP_EFORMAT, "rc");
	EXPECT(strcmp(err.msg, "PE image: no MZ signature") == 0, "got '%s'", err.msg);
	o.f[1] = 'Z';
	memcpy(o.f + o.sect + 80, "\x01\n.rsrcX", 8);
	wp_put32(o.f + o.sect + 80 + 16, 0x800);
	EXPECT(pe_parse(o.f, o.len, "x", &pi, &err) == WP_EFORMAT, "rc");
	EXPECT(strcmp(err.msg, "x: section 3 (??.rsrcX) raw data beyond end of file") == 0,
	       "got '%s'", err.msg);
	free(o.f);
	return h_bad;
}

/* Random byte corruption: the loader either refuses or stays inside its buffers. */
static int test_random_corruption(void)
{
	uint32_t r = 0x9e3779b9;
	unsigned iter, accepted = 0;

	h_bad = 0;
	for (iter = 0; iter < 20000; iter++) {
		struct gout o;
		struct pe_info pi;
		struct wp_err err;
		unsigned k, nflip;
		uint8_t *buf;
		int rc;

		gen_build(iter & 1 ? &g64 : &g32, &o);
		r ^= r << 13; r ^= r >> 17; r ^= r << 5;
		nflip = 1 + r % 4;
		for (k = 0; k < nflip; k++) {
			r ^= r << 13; r ^= r >> 17; r ^= r << 5;
			/* mostly hit the headers, where the checks are */
			o.f[(r >> 8) % (k & 1 ? o.len : o.soh)] = (uint8_t)r;
		}
		rc = pe_parse(o.f, o.len, "t", &pi, &err);
		if (rc == 0) {
			accepted++;
			EXPECT(pi.total_len == pi.image_len + (uint64_t)o.len, "total_len");
			EXPECT(pi.image_len <= ((pi.size_of_image + pi.section_alignment - 1) &
						~(pi.section_alignment - 1)), "image_len");
			EXPECT(pi.total_len < (64u << 20), "iteration %u: huge image", iter);
			buf = malloc(pi.total_len);
			rc = pe_load(o.f, o.len, "t", buf, pi.total_len, &pi, &err);
			EXPECT(rc == 0, "load after parse: %s", err.msg);
			EXPECT(memcmp(buf + pi.image_len, o.f, o.len) == 0, "raw copy");
			free(buf);
		} else {
			EXPECT(err.code == rc && err.msg[0] == 't', "message '%s'", err.msg);
		}
		free(o.f);
	}
	EXPECT(accepted > 100 && accepted < 20000, "accepted %u of 20000", accepted);
	return h_bad;
}

int main(void)
{
	RUN(test_load_pe32);
	RUN(test_load_pe32plus);
	RUN(test_load_small_alignment);
	RUN(test_short_buffer_message);
	RUN(test_malformed);
	RUN(test_names);
	RUN(test_random_corruption);
	return H_DONE();
}
