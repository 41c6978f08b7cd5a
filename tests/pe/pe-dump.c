/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * pe-dump.c - test helper: run core/pe.c on a file, print what it found
 * (one "key value" line each, sections as "section IDX NAME VA VSIZE RAWOFF
 * RAWSIZE COPYSIZE", numbers in hex) and write the loaded image + raw copy
 * to OUT.  On rejection print the error message and exit 1.
 * Usage: pe-dump FILE [OUT]
 */
#include <stdio.h>
#include <stdlib.h>
#include "pe.h"

/* Read a whole file into memory. */
static uint8_t *slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	uint8_t *buf = NULL;
	long n;

	if (!f)
		return NULL;
	if (fseek(f, 0, SEEK_END) == 0 && (n = ftell(f)) >= 0 &&
	    fseek(f, 0, SEEK_SET) == 0 && (buf = malloc(n ? n : 1)) &&
	    fread(buf, 1, n, f) == (size_t)n) {
		*len = n;
	} else {
		free(buf);
		buf = NULL;
	}
	fclose(f);
	return buf;
}

/* Print the loader's view of FILE and write the loaded image to OUT. */
int main(int argc, char **argv)
{
	struct wp_err err = { 0, "" };
	struct pe_info pi;
	struct pe_section s;
	uint8_t *f, *img;
	size_t len;
	unsigned i;

	if (argc < 2 || argc > 3) {
		fprintf(stderr, "usage: pe-dump FILE [OUT]\n");
		return 2;
	}
	f = slurp(argv[1], &len);
	if (!f) {
		fprintf(stderr, "pe-dump: cannot read %s\n", argv[1]);
		return 2;
	}
	if (pe_parse(f, len, argv[1], &pi, &err)) {
		printf("error %s\n", err.msg);
		return 1;
	}
	img = malloc(pi.total_len);
	if (!img || pe_load(f, len, argv[1], img, pi.total_len, &pi, &err)) {
		printf("error %s\n", err.msg);
		return 1;
	}
	printf("machine %x\nmagic %s\nimage_base %llx\nentry %llx\nsubsystem %x\n"
	       "size_of_image %x\nsize_of_headers %x\nsection_alignment %x\n"
	       "file_alignment %x\nimage_len %x\nfile_len %llx\ntotal_len %llx\n",
	       pi.machine, pi.pe32plus ? "PE32+" : "PE32",
	       (unsigned long long)pi.image_base, (unsigned long long)pi.entry,
	       pi.subsystem, pi.size_of_image, pi.size_of_headers,
	       pi.section_alignment, pi.file_alignment, pi.image_len,
	       (unsigned long long)pi.file_len, (unsigned long long)pi.total_len);
	for (i = 0; i < pi.n_sections; i++) {
		pe_section(f, len, &pi, i, &s);
		printf("section %u %s %x %x %x %x %x\n", i, s.name, s.va, s.mem_size,
		       s.raw_off, s.raw_size, s.copy_size);
	}
	if (argc == 3) {
		FILE *o = fopen(argv[2], "wb");
		if (!o || fwrite(img, 1, pi.total_len, o) != pi.total_len || fclose(o)) {
			fprintf(stderr, "pe-dump: cannot write %s\n", argv[2]);
			return 2;
		}
	}
	free(img);
	free(f);
	return 0;
}
