/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * wimhdr.c - WIM header (image count at 0x2C, XML resource header at 0x48,
 * boot index at 0x78) and the uncompressed UTF-16LE XML, read from the media.
 */
#include "wimhdr.h"
#include "errfmt.h"
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>


/* Little-endian loads. */
static uint32_t le32(const uint8_t *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}
static uint64_t le56(const uint8_t *p)
{
	return le32(p) | (uint64_t)(p[4] | p[5] << 8 | p[6] << 16) << 32;
}

/* Value of <TAG> within <IMAGE INDEX="idx">...</IMAGE>. */
void wimhdr_xml_get(const char *xml, int idx, const char *tag, char *out, size_t cap)
{
	char open[64], t[64];
	out[0] = 0;
	snprintf(open, sizeof open, "<IMAGE INDEX=\"%d\"", idx);
	const char *s = strstr(xml, open), *end;
	if (!s || !(end = strstr(s, "</IMAGE>"))) return;
	snprintf(t, sizeof t, "<%s>", tag);
	const char *v = strstr(s, t);
	if (!v || v > end) return;
	v += strlen(t);
	const char *e = strchr(v, '<');
	if (!e || e > end) return;
	snprintf(out, cap, "%.*s", (int)(e - v), v);
}

/* Read the header and XML (see wimhdr.h). */
int wimhdr_read(const struct media *m, const struct media_entry *e, int idx, int *images,
		int *boot_index, struct wimimage *img, char *err, size_t cap)
{
	uint8_t h[208];
	if (e->size < sizeof h || media_read(m, e, 0, h, sizeof h))
		return fail(err, cap, "boot.wim: cannot read the WIM header");
	if (memcmp(h, "MSWIM\0\0\0", 8))
		return fail(err, cap, "boot.wim: not a WIM file (bad magic)");
	*images = (int)le32(h + 0x2C);
	*boot_index = (int)le32(h + 0x78);
	memset(img, 0, sizeof *img);
	if (idx <= 0 || idx > *images) return 0;
	uint64_t xsize = le56(h + 0x48), xoff = le32(h + 0x50) | (uint64_t)le32(h + 0x54) << 32;
	if (!xsize || xsize > (16u << 20)) return 0;
	uint8_t *x = malloc(xsize);
	char *a = malloc(xsize / 2 + 1);
	if (!x || !a || media_read(m, e, xoff, x, xsize)) {
		free(x);
		free(a);
		return 0;
	}
	size_t n = 0;
	for (uint64_t i = 0; i + 1 < xsize; i += 2) {
		uint16_t c = (uint16_t)(x[i] | x[i + 1] << 8);
		if (c == 0xFEFF) continue;
		a[n++] = c && c < 0x80 ? (char)c : '?';
	}
	a[n] = 0;
	char v[64];
	wimhdr_xml_get(a, idx, "NAME", img->name, sizeof img->name);
	wimhdr_xml_get(a, idx, "ARCH", v, sizeof v);
	if (v[0]) {
		long ar = strtol(v, NULL, 10);
		snprintf(img->arch, sizeof img->arch, "%s",
			 ar == 0 ? "x86" : ar == 9 ? "x64" : ar == 12 ? "arm64" : ar == 5 ? "arm" : "");
	}
	wimhdr_xml_get(a, idx, "MAJOR", v, sizeof v);
	img->major = (unsigned)strtoul(v, NULL, 10);
	wimhdr_xml_get(a, idx, "BUILD", v, sizeof v);
	img->build = (unsigned)strtoul(v, NULL, 10);
	free(x);
	free(a);
	return 0;
}
