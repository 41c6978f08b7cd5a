/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * bootmgr.c - unpack bootmgr.exe from a `bootmgr` container: a 16-bit stub
 * followed by the compressed PE.  Candidates are scanned from offset 16384
 * to len - 16384 in 8-byte steps; each is dry-run decompressed (length
 * only) and the first that succeeds and yields "MZ" is the result.
 */
#include "bootmgr.h"
#include "decomp.h"

#define BM_SKIP 16384u

/* LZNT1 candidate: 16-aligned, two literal tokens "MZ" first. */
static bool bm_is_lznt1(const uint8_t *d, size_t len, size_t c)
{
	return c % 16 == 0 && len - c >= 5 && (d[c + 2] & 3) == 0 &&
	       d[c + 3] == 'M' && d[c + 4] == 'Z';
}

/* XCA candidate: non-zero code lengths for 0x00, 'M', 'Z'; zeros before; table-like data after. */
static bool bm_is_xca(const uint8_t *d, size_t len, size_t c)
{
	static const size_t para[3] = { 0x400, 0x800, 0xC00 };
	unsigned i, j;

	if (c < 16 || len - c < 0xC10)
		return false;
	if (!(d[c] & 0x0F) || !(d[c + 0x26] & 0xF0) || !(d[c + 0x2D] & 0x0F))
		return false;
	for (i = 0; i < 16; i++)
		if (d[c - 16 + i])
			return false;
	for (j = 0; j < 3; j++) {
		bool any = false;
		for (i = 0; i < 16; i++)
			any |= d[c + para[j] + i] != 0;
		if (!any)
			return false;
	}
	return true;
}

/* Decompress (out NULL: measure) the payload of format f at data + c. */
static int bm_decode(enum bootmgr_fmt f, const uint8_t *data, size_t len, size_t c,
		     uint8_t *out, size_t cap, size_t *n)
{
	if (f == BOOTMGR_LZNT1)
		return lznt1_decompress(data + c, len - c, out, cap, n);
	return xca_decompress(data + c, len - c, out, cap, n);
}

/* Find, dry-run and unpack the embedded bootmgr.exe. */
int bootmgr_extract(const char *name, const uint8_t *data, size_t len, uint8_t **exe,
		    size_t *exe_len, enum bootmgr_fmt *fmt, size_t *offset,
		    struct wp_err *err)
{
	size_t c, n, got;
	unsigned tried = 0;

	*exe = NULL;
	*exe_len = 0;
	if (!name)
		name = "bootmgr";
	if (len < 2 * BM_SKIP)
		return wp_fail(err, WP_ENOENT, "%s: too short (%zu bytes) to hold a compressed bootmgr.exe",
			       name, len);
	for (c = BM_SKIP; c <= len - BM_SKIP; c += 8) {
		enum bootmgr_fmt f;
		uint8_t *buf;
		int rc;

		if (bm_is_lznt1(data, len, c))
			f = BOOTMGR_LZNT1;
		else if (bm_is_xca(data, len, c))
			f = BOOTMGR_XCA;
		else
			continue;
		tried++;
		if (bm_decode(f, data, len, c, NULL, 0, &n) || n < 2)
			continue;
		buf = malloc(n);
		if (!buf)
			return wp_fail(err, WP_ENOMEM, "%s: no memory for %zu bytes of bootmgr.exe",
				       name, n);
		rc = bm_decode(f, data, len, c, buf, n, &got);
		if (rc || got != n || buf[0] != 'M' || buf[1] != 'Z') {
			free(buf);
			continue;
		}
		*exe = buf;
		*exe_len = n;
		if (fmt)
			*fmt = f;
		if (offset)
			*offset = c;
		return WP_OK;
	}
	return wp_fail(err, WP_ENOENT,
		       "%s: no embedded bootmgr.exe found (%u candidate%s failed to decompress)",
		       name, tried, tried == 1 ? "" : "s");
}
