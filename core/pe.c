/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * pe.c - PE32 / PE32+ validation and loading for the boot managers.
 *
 * Layout facts (Microsoft PE/COFF specification):
 *   DOS header: "MZ" at 0, e_lfanew (u32) at 0x3C
 *   at e_lfanew: "PE\0\0", then the 20-byte COFF header
 *     +0 Machine, +2 NumberOfSections, +16 SizeOfOptionalHeader,
 *     +18 Characteristics (0x0002 = executable image)
 *   optional header (offsets from its start; PE32 / PE32+):
 *     0 Magic (0x10B / 0x20B), 16 AddressOfEntryPoint, ImageBase 28 (u32) /
 *     24 (u64), 32 SectionAlignment, 36 FileAlignment, 56 SizeOfImage,
 *     60 SizeOfHeaders, 68 Subsystem, NumberOfRvaAndSizes 92 / 108,
 *     data directories from 96 / 112, 8 bytes each
 *   section headers, 40 bytes each, after the optional header:
 *     0 Name[8], 8 VirtualSize, 12 VirtualAddress, 16 SizeOfRawData,
 *     20 PointerToRawData, 36 Characteristics
 */
#include "pe.h"

#define PE_SECT_HDR 40u
#define PE_COFF_HDR 20u

/* True when x is a non-zero power of two. */
static bool is_pow2(uint32_t x)
{
	return x && !(x & (x - 1));
}

/* Round x up to a power-of-two alignment a. */
static uint64_t align_up(uint64_t x, uint32_t a)
{
	return (x + a - 1) & ~(uint64_t)(a - 1);
}

/* Decode section header i at h (already known to lie inside the file). */
static void read_section(const uint8_t *h, struct pe_section *s)
{
	unsigned k;

	for (k = 0; k < 8; k++) {
		uint8_t ch = h[k];
		s->name[k] = (char)(ch >= 0x20 && ch < 0x7f ? ch : (ch ? '?' : 0));
	}
	s->name[8] = 0;
	for (k = 0; k < 8 && s->name[k]; k++)
		;
	s->name[k] = 0;
	s->vsize = wp_le32(h + 8);
	s->va = wp_le32(h + 12);
	s->raw_size = wp_le32(h + 16);
	s->raw_off = wp_le32(h + 20);
	s->flags = wp_le32(h + 36);
	s->mem_size = s->vsize ? s->vsize : s->raw_size;
	s->copy_size = s->raw_size < s->mem_size ? s->raw_size : s->mem_size;
}

/* Validate the headers (DOS, PE, COFF, optional header); fill pi. */
static int parse_headers(const uint8_t *f, size_t len, const char *nm,
			 struct pe_info *pi, struct wp_err *err)
{
	uint32_t lfa, opt, opt_size, fixed, ndirs, ch;
	uint16_t magic;

	if (len < 64)
		return wp_fail(err, WP_EFORMAT, "%s: too small for a DOS header (%lu bytes)",
			       nm, (unsigned long)len);
	if (f[0] != 'M' || f[1] != 'Z')
		return wp_fail(err, WP_EFORMAT, "%s: no MZ signature", nm);
	lfa = wp_le32(f + 0x3c);
	if (lfa < 64)
		return wp_fail(err, WP_EFORMAT, "%s: e_lfanew 0x%x inside the DOS header",
			       nm, lfa);
	if (lfa & 3)
		return wp_fail(err, WP_EFORMAT, "%s: e_lfanew 0x%x not 4-byte aligned",
			       nm, lfa);
	if ((uint64_t)lfa + 4 + PE_COFF_HDR > len)
		return wp_fail(err, WP_EFORMAT, "%s: e_lfanew 0x%x: PE header beyond end of file",
			       nm, lfa);
	if (memcmp(f + lfa, "PE\0\0", 4))
		return wp_fail(err, WP_EFORMAT, "%s: no PE signature at e_lfanew 0x%x",
			       nm, lfa);
	pi->machine = wp_le16(f + lfa + 4);
	pi->n_sections = wp_le16(f + lfa + 6);
	opt_size = wp_le16(f + lfa + 20);
	ch = wp_le16(f + lfa + 22);
	if (pi->machine != PE_MACHINE_I386 && pi->machine != PE_MACHINE_AMD64)
		return wp_fail(err, WP_EUNSUPP,
			       "%s: unsupported machine 0x%04x (want 0x014c or 0x8664)",
			       nm, pi->machine);
	if (!pi->n_sections)
		return wp_fail(err, WP_EFORMAT, "%s: no sections", nm);
	if (pi->n_sections > PE_MAX_SECTIONS)
		return wp_fail(err, WP_EFORMAT, "%s: too many sections (%u, at most %u)",
			       nm, pi->n_sections, PE_MAX_SECTIONS);
	if (!(ch & 0x0002))
		return wp_fail(err, WP_EFORMAT,
			       "%s: not an executable image (Characteristics 0x%04x)", nm, ch);

	opt = lfa + 4 + PE_COFF_HDR;
	if (opt_size < 2 || (uint64_t)opt + opt_size > len)
		return wp_fail(err, WP_EFORMAT,
			       "%s: optional header (SizeOfOptionalHeader %u) beyond end of file",
			       nm, opt_size);
	magic = wp_le16(f + opt);
	if (magic != 0x10b && magic != 0x20b)
		return wp_fail(err, WP_EFORMAT, "%s: unknown optional header magic 0x%x",
			       nm, magic);
	pi->pe32plus = magic == 0x20b;
	if (pi->pe32plus != (pi->machine == PE_MACHINE_AMD64))
		return wp_fail(err, WP_EFORMAT,
			       "%s: optional header magic 0x%x does not match machine 0x%04x",
			       nm, magic, pi->machine);
	fixed = pi->pe32plus ? 112 : 96;
	if (opt_size < fixed)
		return wp_fail(err, WP_EFORMAT,
			       "%s: SizeOfOptionalHeader %u too small for %s (at least %u)",
			       nm, opt_size, pi->pe32plus ? "PE32+" : "PE32", fixed);
	ndirs = wp_le32(f + opt + (pi->pe32plus ? 108 : 92));
	if (ndirs > 16)
		return wp_fail(err, WP_EFORMAT, "%s: NumberOfRvaAndSizes %u above 16",
			       nm, ndirs);
	if (opt_size < fixed + 8 * ndirs)
		return wp_fail(err, WP_EFORMAT,
			       "%s: SizeOfOptionalHeader %u too small for %u data directories",
			       nm, opt_size, ndirs);

	pi->entry_rva = wp_le32(f + opt + 16);
	pi->image_base = pi->pe32plus ? wp_le64(f + opt + 24) : wp_le32(f + opt + 28);
	pi->section_alignment = wp_le32(f + opt + 32);
	pi->file_alignment = wp_le32(f + opt + 36);
	pi->size_of_image = wp_le32(f + opt + 56);
	pi->size_of_headers = wp_le32(f + opt + 60);
	pi->subsystem = wp_le16(f + opt + 68);
	pi->sect_off = opt + opt_size;
	if ((uint64_t)pi->sect_off + (uint64_t)pi->n_sections * PE_SECT_HDR > len)
		return wp_fail(err, WP_EFORMAT, "%s: section table beyond end of file", nm);
	return WP_OK;
}

/* Validate alignments, image size, image base and SizeOfHeaders. */
static int check_layout(size_t len, const char *nm, const struct pe_info *pi,
			struct wp_err *err)
{
	uint32_t sa = pi->section_alignment, fa = pi->file_alignment;
	uint64_t tab_end = pi->sect_off + (uint64_t)pi->n_sections * PE_SECT_HDR;

	if (!is_pow2(sa) || sa > (16u << 20))
		return wp_fail(err, WP_EFORMAT,
			       "%s: SectionAlignment 0x%x not a power of two up to 16 MiB",
			       nm, sa);
	if (!is_pow2(fa) || fa > 0x10000)
		return wp_fail(err, WP_EFORMAT,
			       "%s: FileAlignment 0x%x not a power of two up to 64 KiB", nm, fa);
	if (fa > sa)
		return wp_fail(err, WP_EFORMAT,
			       "%s: FileAlignment 0x%x larger than SectionAlignment 0x%x",
			       nm, fa, sa);
	if (pi->image_base & (sa - 1))
		return wp_fail(err, WP_EFORMAT,
			       "%s: ImageBase 0x%llx not aligned to SectionAlignment 0x%x",
			       nm, (unsigned long long)pi->image_base, sa);
	if (!pi->size_of_image || pi->size_of_image > PE_MAX_IMAGE)
		return wp_fail(err, WP_EFORMAT,
			       "%s: SizeOfImage 0x%x is zero or above the 256 MiB limit",
			       nm, pi->size_of_image);
	if (pi->pe32plus ? pi->image_base > UINT64_MAX - pi->size_of_image
			 : pi->image_base + pi->size_of_image > 0x100000000ull)
		return wp_fail(err, WP_EFORMAT,
			       "%s: ImageBase 0x%llx + SizeOfImage 0x%x beyond the address space",
			       nm, (unsigned long long)pi->image_base, pi->size_of_image);
	if (pi->size_of_headers < tab_end)
		return wp_fail(err, WP_EFORMAT,
			       "%s: SizeOfHeaders 0x%x does not cover the section table (ends at 0x%llx)",
			       nm, pi->size_of_headers, (unsigned long long)tab_end);
	if (pi->size_of_headers > len)
		return wp_fail(err, WP_EFORMAT, "%s: SizeOfHeaders 0x%x beyond end of file",
			       nm, pi->size_of_headers);
	if (pi->size_of_headers > pi->size_of_image)
		return wp_fail(err, WP_EFORMAT,
			       "%s: SizeOfHeaders 0x%x beyond SizeOfImage 0x%x",
			       nm, pi->size_of_headers, pi->size_of_image);
	return WP_OK;
}

/* Validate every section and the entry point; compute the lengths. */
static int check_sections(const uint8_t *f, size_t len, const char *nm,
			  struct pe_info *pi, struct wp_err *err)
{
	struct pe_section s;
	uint64_t prev_end = pi->size_of_headers, end;
	unsigned i;
	bool entry_ok = false;

	for (i = 0; i < pi->n_sections; i++) {
		read_section(f + pi->sect_off + i * PE_SECT_HDR, &s);
		if (s.va & (pi->section_alignment - 1))
			return wp_fail(err, WP_EFORMAT,
				       "%s: section %u (%s) VirtualAddress 0x%x not aligned to SectionAlignment 0x%x",
				       nm, i + 1, s.name, s.va, pi->section_alignment);
		if (s.va < pi->size_of_headers)
			return wp_fail(err, WP_EFORMAT,
				       "%s: section %u (%s) VirtualAddress 0x%x overlaps the headers (SizeOfHeaders 0x%x)",
				       nm, i + 1, s.name, s.va, pi->size_of_headers);
		if (s.va < prev_end)
			return wp_fail(err, WP_EFORMAT,
				       "%s: section %u (%s) VirtualAddress 0x%x overlaps or precedes section %u",
				       nm, i + 1, s.name, s.va, i);
		end = (uint64_t)s.va + s.mem_size;
		if (end > pi->size_of_image)
			return wp_fail(err, WP_EFORMAT,
				       "%s: section %u (%s) ends at 0x%llx beyond SizeOfImage 0x%x",
				       nm, i + 1, s.name, (unsigned long long)end,
				       pi->size_of_image);
		if (s.raw_size) {
			if (s.raw_off & (pi->file_alignment - 1))
				return wp_fail(err, WP_EFORMAT,
					       "%s: section %u (%s) PointerToRawData 0x%x not aligned to FileAlignment 0x%x",
					       nm, i + 1, s.name, s.raw_off, pi->file_alignment);
			if ((uint64_t)s.raw_off + s.raw_size > len)
				return wp_fail(err, WP_EFORMAT,
					       "%s: section %u (%s) raw data beyond end of file",
					       nm, i + 1, s.name);
		}
		if (pi->entry_rva >= s.va && pi->entry_rva < end)
			entry_ok = true;
		prev_end = end;
	}
	if (!pi->entry_rva)
		return wp_fail(err, WP_EFORMAT, "%s: no entry point (AddressOfEntryPoint 0)", nm);
	if (!entry_ok)
		return wp_fail(err, WP_EFORMAT,
			       "%s: entry point 0x%x outside every section", nm, pi->entry_rva);
	pi->image_len = (uint32_t)align_up(prev_end, pi->section_alignment);
	pi->entry = pi->image_base + pi->entry_rva;
	pi->file_len = len;
	pi->total_len = pi->image_len + (uint64_t)len;
	return WP_OK;
}

/* Validate a PE32/PE32+ file in memory and describe it. */
int pe_parse(const void *file, size_t len, const char *name,
	     struct pe_info *pi, struct wp_err *err)
{
	const char *nm = name ? name : "PE image";
	int rc;

	memset(pi, 0, sizeof(*pi));
	rc = parse_headers(file, len, nm, pi, err);
	if (!rc)
		rc = check_layout(len, nm, pi, err);
	if (!rc)
		rc = check_sections(file, len, nm, pi, err);
	return rc;
}

/* Describe section i (0-based) of a file pe_parse() accepted. */
int pe_section(const void *file, size_t len, const struct pe_info *pi,
	       unsigned i, struct pe_section *s)
{
	if (i >= pi->n_sections ||
	    pi->sect_off + (uint64_t)(i + 1) * PE_SECT_HDR > len)
		return WP_ERANGE;
	read_section((const uint8_t *)file + pi->sect_off + i * PE_SECT_HDR, s);
	return WP_OK;
}

/* Validate the file and lay out image + raw copy in buf. */
int pe_load(const void *file, size_t len, const char *name, void *buf,
	    size_t buf_len, struct pe_info *pi, struct wp_err *err)
{
	const uint8_t *f = file;
	uint8_t *out = buf;
	struct pe_section s;
	unsigned i;
	int rc;

	rc = pe_parse(file, len, name, pi, err);
	if (rc)
		return rc;
	if (pi->total_len > buf_len)
		return wp_fail(err, WP_ERANGE,
			       "%s: load buffer of %lu bytes too small (need %llu)",
			       name ? name : "PE image", (unsigned long)buf_len,
			       (unsigned long long)pi->total_len);
	memset(out, 0, pi->image_len);
	memcpy(out, f, pi->size_of_headers);
	for (i = 0; i < pi->n_sections; i++) {
		read_section(f + pi->sect_off + i * PE_SECT_HDR, &s);
		if (s.copy_size)
			memcpy(out + s.va, f + s.raw_off, s.copy_size);
	}
	memcpy(out + pi->image_len, f, len);
	return WP_OK;
}
