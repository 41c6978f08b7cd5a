/* SPDX-License-Identifier: GPL-2.0-or-later */
/* pe32.c - validate bootmgr.exe as PE32 (i386) and lay out its image. */
#include "pe32.h"

#define PE_MAX_IMAGE (256u << 20)

/* Round v up to a multiple of a (a power of two or any non-zero value). */
static uint64_t round_up(uint64_t v, uint64_t a)
{
	return (v + a - 1) / a * a;
}

/* See pe32.h. */
int pe32_load(const char *name, const uint8_t *d, uint64_t size,
	      struct pe32_image *img, struct wp_err *err)
{
	uint32_t lfanew, opt, sects, nsect, optsz, salign, hdrs, ep, base, i;
	uint64_t end, img_len;

	memset(img, 0, sizeof *img);
	if (size < 0x40 || d[0] != 'M' || d[1] != 'Z')
		return wp_fail(err, WP_EFORMAT, "%s is not a PE image (no MZ header)", name);
	lfanew = wp_le32(d + 0x3c);
	if ((uint64_t)lfanew + 24 + 96 > size || memcmp(d + lfanew, "PE\0\0", 4))
		return wp_fail(err, WP_EFORMAT, "%s is not a PE image (no PE signature)", name);
	if (wp_le16(d + lfanew + 4) != 0x014c)
		return wp_fail(err, WP_EUNSUPP, "%s is not an i386 PE image (machine 0x%x); "
			       "the BIOS boot manager is always 32-bit", name, wp_le16(d + lfanew + 4));
	nsect = wp_le16(d + lfanew + 6);
	optsz = wp_le16(d + lfanew + 20);
	opt = lfanew + 24;
	if (optsz < 96 || wp_le16(d + opt) != 0x10b)
		return wp_fail(err, WP_EUNSUPP, "%s is not a PE32 image (optional header magic 0x%x)",
			       name, optsz >= 2 ? wp_le16(d + opt) : 0);
	ep = wp_le32(d + opt + 16);
	base = wp_le32(d + opt + 28);
	salign = wp_le32(d + opt + 32);
	hdrs = wp_le32(d + opt + 60);
	sects = opt + optsz;
	if (!salign)
		salign = 4096;
	if ((uint64_t)sects + (uint64_t)nsect * 40 > size || !nsect)
		return wp_fail(err, WP_EFORMAT, "%s: section table out of bounds", name);
	if (base & 0xfff)
		return wp_fail(err, WP_EFORMAT, "%s: ImageBase 0x%x is not page-aligned", name, base);
	if (hdrs > size)
		return wp_fail(err, WP_EFORMAT, "%s: SizeOfHeaders %u exceeds the file", name, hdrs);
	end = hdrs;
	for (i = 0; i < nsect; i++) {
		const uint8_t *s = d + sects + i * 40;
		uint64_t va = wp_le32(s + 12), vs = wp_le32(s + 8);
		uint64_t raw = wp_le32(s + 16), ptr = wp_le32(s + 20);

		if (raw && ptr + raw > size)
			return wp_fail(err, WP_EFORMAT, "%s: section %u data beyond the end of the file",
				       name, i);
		if (va + (vs > raw ? vs : raw) > end)
			end = va + (vs > raw ? vs : raw);
	}
	img_len = round_up(end, salign);
	if (wp_le32(d + opt + 56) > img_len)
		img_len = round_up(wp_le32(d + opt + 56), salign);
	if (img_len > PE_MAX_IMAGE || size > PE_MAX_IMAGE)
		return wp_fail(err, WP_ERANGE, "%s: image too large (%llu bytes)", name,
			       (unsigned long long)img_len);
	if (ep >= img_len)
		return wp_fail(err, WP_EFORMAT, "%s: entry point 0x%x outside the image", name, ep);
	if ((uint64_t)base + img_len + size > 0xffffffffull)
		return wp_fail(err, WP_ERANGE, "%s: image at 0x%x does not fit below 4 GiB", name, base);

	img->buf = calloc(1, img_len + size);
	if (!img->buf)
		return wp_fail(err, WP_ENOMEM, "%s: out of memory for the %llu-byte image", name,
			       (unsigned long long)(img_len + size));
	memcpy(img->buf, d, hdrs);
	for (i = 0; i < nsect; i++) {
		const uint8_t *s = d + sects + i * 40;
		uint32_t va = wp_le32(s + 12), raw = wp_le32(s + 16), ptr = wp_le32(s + 20);

		if (raw)
			memcpy(img->buf + va, d + ptr, raw);
	}
	memcpy(img->buf + img_len, d, size);
	img->base = base;
	img->entry = base + ep;
	img->img_len = (uint32_t)img_len;
	img->total_len = (uint32_t)(img_len + size);
	return 0;
}
