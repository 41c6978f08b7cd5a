/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * pe.h - PE32 / PE32+ validation and loading (bootmgr.exe, bootmgfw.efi).
 *
 * pe_parse() checks every header and section bound and fills struct pe_info;
 * pe_load() lays the image out in a caller-given buffer the way the boot
 * manager expects it (bios-boot-application.md section 2):
 *
 *   [0, image_len)           headers and sections at their RVAs, gaps zeroed
 *   [image_len, total_len)   a verbatim copy of the whole file
 *
 * image_len is the end of the last section rounded up to SectionAlignment.
 * No relocations are applied: the image is meant to run at image_base.
 * Errors name the file and the failed check, sections counted from 1:
 * "bootmgr.exe: section 3 (.rsrc) raw data beyond end of file".
 */
#ifndef WP_PE_H
#define WP_PE_H
#include "wp.h"

#define PE_MACHINE_I386  0x014c
#define PE_MACHINE_AMD64 0x8664
#define PE_SUBSYSTEM_EFI_APPLICATION 10
#define PE_SUBSYSTEM_BOOT_APPLICATION 16
#define PE_MAX_SECTIONS 96
#define PE_MAX_IMAGE (256u << 20)  /* SizeOfImage limit: 256 MiB */

struct pe_info {
	uint16_t machine;        /* PE_MACHINE_I386 or PE_MACHINE_AMD64 */
	bool pe32plus;           /* optional header magic 0x20B */
	uint16_t subsystem;
	uint16_t n_sections;
	uint64_t image_base;
	uint32_t size_of_image;
	uint32_t size_of_headers;
	uint32_t section_alignment;
	uint32_t file_alignment;
	uint32_t entry_rva;      /* AddressOfEntryPoint */
	uint64_t entry;          /* image_base + entry_rva */
	uint32_t image_len;      /* end of last section rounded to SectionAlignment */
	uint64_t file_len;
	uint64_t total_len;      /* image_len + file_len: the buffer pe_load needs */
	uint32_t sect_off;       /* file offset of the section table */
};

struct pe_section {
	char name[9];            /* NUL-terminated copy of the 8-byte name */
	uint32_t va;             /* VirtualAddress (RVA) */
	uint32_t vsize;          /* VirtualSize as stored */
	uint32_t mem_size;       /* bytes occupied in memory (VirtualSize, or SizeOfRawData if 0) */
	uint32_t raw_off;        /* PointerToRawData */
	uint32_t raw_size;       /* SizeOfRawData */
	uint32_t copy_size;      /* bytes copied from the file: min(raw_size, mem_size) */
	uint32_t flags;          /* Characteristics */
};

/* Validate a PE file in memory; name is used in error messages. */
int pe_parse(const void *file, size_t len, const char *name,
	     struct pe_info *pi, struct wp_err *err);
/* Section i (0-based) of a file pe_parse() accepted. */
int pe_section(const void *file, size_t len, const struct pe_info *pi,
	       unsigned i, struct pe_section *s);
/*
 * Validate and lay out the file in buf (buf_len >= pi->total_len, which a
 * previous pe_parse() reports).  Fills *pi like pe_parse().
 */
int pe_load(const void *file, size_t len, const char *name, void *buf,
	    size_t buf_len, struct pe_info *pi, struct wp_err *err);

#endif
