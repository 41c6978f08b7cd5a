/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * wimhdr.c - image count, boot index and the UTF-16LE XML of a WIM on the
 * media, read through the core's WIM reader (core/wim.c) over media_read().
 */
#include "wimhdr.h"
#include "errfmt.h"
#include "wim.h"
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>


/* A media entry as a byte source of the core. */
struct media_src {
	const struct media *m;
	const struct media_entry *e;
};

/* wp_src.read over the media entry. */
static int media_src_read(void *ctx, uint64_t off, void *buf, size_t len)
{
	const struct media_src *s = ctx;

	return media_read(s->m, s->e, off, buf, len) ? WP_EIO : 0;
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

/* Read the header and XML through core/wim.c (see wimhdr.h). */
int wimhdr_read(const struct media *m, const struct media_entry *e, int idx, int *images,
		int *boot_index, struct wimimage *img, char *err, size_t cap)
{
	struct media_src ms = { m, e };
	struct wp_src src = { e->size, NULL, media_src_read, &ms };
	struct wp_err werr = { 0, "" };
	struct wim *w = NULL;
	uint8_t *x = NULL;
	size_t xsize = 0;

	if (wim_open(&w, &src, "boot.wim", &werr))
		return fail(err, cap, "%s", werr.msg);
	*images = (int)wim_image_count(w);
	*boot_index = (int)wim_boot_index(w);
	memset(img, 0, sizeof *img);
	if (idx <= 0 || idx > *images || wim_read_xml(w, &x, &xsize, &werr)) {
		wim_close(w);
		return 0;
	}
	wim_close(w);
	char *a = malloc(xsize / 2 + 1);
	if (!a) {
		free(x);
		return 0;
	}
	size_t n = 0;
	for (size_t i = 0; i + 1 < xsize; i += 2) {
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
