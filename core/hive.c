/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * hive.c - registry hive (regf) reader and minimal in-place writer.
 * Layout: a 4 KiB base block ("regf", sequence numbers at 4 and 8, root key
 * cell at 0x24, size of the hbin area at 0x28, checksum at 0x1FC), then
 * hbin blocks of 4 KiB multiples holding cells: a signed 32-bit size
 * (negative = allocated) followed by the cell data.  Cell offsets are
 * relative to the first hbin (file offset 0x1000).  Every access checks
 * that the cell lies inside the hbin area and is big enough for what is read.
 */
#include "hive.h"
#include "utf16.h"

#define BASE 0x1000u
#define BIG_SEG 16344u          /* bytes per big-data segment */
#define NK_NAME 0x4Cu
#define VK_NAME 0x14u
#define KEY_COMP_NAME 0x20u
#define VAL_COMP_NAME 0x01u
#define NAME_MAX8 800u          /* UTF-8 bytes of one key/value name */

/* The checksum of a base block: XOR of its first 127 32-bit words. */
uint32_t hive_checksum(const uint8_t *base)
{
	uint32_t x = 0;
	unsigned i;

	for (i = 0; i < 508; i += 4)
		x ^= wp_le32(base + i);
	return x;
}

/*
 * The data of the cell at rel (offset from the first hbin) and, in *cap, how
 * many bytes it holds; NULL (with err filled) when it lies outside the hbins.
 */
static uint8_t *cell(const struct hive *h, uint32_t rel, uint32_t *cap,
		     struct wp_err *err)
{
	size_t pos = (size_t)BASE + rel;
	uint32_t raw, sz;

	if (rel % 8 || rel > h->bins_end || pos + 4 > h->bins_end) {
		wp_fail(err, WP_EFORMAT, "%s: cell offset 0x%x outside the hive", h->name, rel);
		return NULL;
	}
	raw = wp_le32(h->data + pos);
	sz = (raw & 0x80000000u) ? 0u - raw : raw;
	if (sz < 8 || sz > h->bins_end - pos) {
		wp_fail(err, WP_EFORMAT, "%s: cell at 0x%x has a bad size", h->name, rel);
		return NULL;
	}
	*cap = sz - 4;
	return h->data + pos + 4;
}

/* The nk cell at rel, checked; NULL with err if it is not a key. */
static uint8_t *nk(const struct hive *h, uint32_t rel, struct wp_err *err)
{
	uint32_t cap;
	uint8_t *p = cell(h, rel, &cap, err);

	if (!p)
		return NULL;
	if (cap < NK_NAME || p[0] != 'n' || p[1] != 'k' ||
	    wp_le16(p + 0x48) > cap - NK_NAME) {
		wp_fail(err, WP_EFORMAT, "%s: cell 0x%x is not a valid key", h->name, rel);
		return NULL;
	}
	return p;
}

/* Validate the base block and the hbin chain. */
int hive_open(struct hive *h, uint8_t *data, size_t len, const char *name,
	      struct wp_err *err)
{
	size_t pos;
	uint32_t bins;

	memset(h, 0, sizeof(*h));
	h->data = data;
	h->len = len;
	h->name = name ? name : "hive";
	if (len < BASE + 32 || memcmp(data, "regf", 4))
		return wp_fail(err, WP_EFORMAT, "%s: not a registry hive", h->name);
	bins = wp_le32(data + 0x28);
	if (bins < 4096 || bins % 4096 || bins > len - BASE)
		return wp_fail(err, WP_EFORMAT, "%s: bad hbin area size %u", h->name, bins);
	h->bins_end = BASE + (size_t)bins;
	for (pos = BASE; pos < h->bins_end;) {
		uint32_t sz = wp_le32(data + pos + 8);

		if (memcmp(data + pos, "hbin", 4) || wp_le32(data + pos + 4) != pos - BASE ||
		    sz < 4096 || sz % 4096 || sz > h->bins_end - pos)
			return wp_fail(err, WP_EFORMAT, "%s: bad hbin at 0x%zx", h->name, pos);
		pos += sz;
	}
	h->root = wp_le32(data + 0x24);
	return nk(h, h->root, err) ? WP_OK : WP_EFORMAT;
}

/* A key's or value's name as UTF-8 (NUL-terminated, truncated to cap). */
static void name_utf8(const uint8_t *p, size_t n, bool comp, char *out, size_t cap)
{
	size_t i, o = 0;

	if (!comp) {
		o = utf16le_to_utf8(p, n / 2, out, cap - 1);
		if (o > cap - 1)
			o = cap - 1;
	} else {
		for (i = 0; i < n && o + 2 < cap; i++) {
			if (p[i] < 0x80) {
				out[o++] = (char)p[i];
			} else {
				out[o++] = (char)(0xC0 | p[i] >> 6);
				out[o++] = (char)(0x80 | (p[i] & 0x3F));
			}
		}
	}
	out[o] = 0;
}

/* ASCII case-insensitive equality of two strings. */
static bool eq_ci(const char *a, const char *b)
{
	for (;; a++, b++) {
		char x = *a, y = *b;
		if (x >= 'A' && x <= 'Z')
			x = (char)(x - 'A' + 'a');
		if (y >= 'A' && y <= 'Z')
			y = (char)(y - 'A' + 'a');
		if (x != y)
			return false;
		if (!x)
			return true;
	}
}

/* Walk a subkey list (lf, lh, li, or one level of ri). */
static int walk_list(const struct hive *h, uint32_t rel, int depth,
		     int (*fn)(void *ctx, uint32_t sub, const char *name),
		     void *ctx, struct wp_err *err)
{
	uint32_t cap, i, n, step;
	uint8_t *p = cell(h, rel, &cap, err);
	char *name;
	int rc = 0;

	if (!p)
		return WP_EFORMAT;
	if (cap < 4)
		return wp_fail(err, WP_EFORMAT, "%s: subkey list 0x%x too small", h->name, rel);
	n = wp_le16(p + 2);
	if (p[0] == 'r' && p[1] == 'i') {
		if (depth || 4 + 4 * n > cap)
			return wp_fail(err, WP_EFORMAT, "%s: bad index root 0x%x", h->name, rel);
		for (i = 0; i < n && !rc; i++)
			rc = walk_list(h, wp_le32(p + 4 + 4 * i), 1, fn, ctx, err);
		return rc;
	}
	if ((p[0] == 'l' && (p[1] == 'f' || p[1] == 'h')))
		step = 8;
	else if (p[0] == 'l' && p[1] == 'i')
		step = 4;
	else
		return wp_fail(err, WP_EFORMAT, "%s: cell 0x%x is not a subkey list", h->name, rel);
	if (4 + (uint64_t)step * n > cap)
		return wp_fail(err, WP_EFORMAT, "%s: subkey list 0x%x overflows its cell",
			       h->name, rel);
	name = malloc(NAME_MAX8);
	if (!name)
		return wp_fail(err, WP_ENOMEM, "out of memory");
	for (i = 0; i < n && !rc; i++) {
		uint32_t sub = wp_le32(p + 4 + step * i);
		const uint8_t *k = nk(h, sub, err);

		if (!k) {
			rc = WP_EFORMAT;
			break;
		}
		name_utf8(k + NK_NAME, wp_le16(k + 0x48), wp_le16(k + 2) & KEY_COMP_NAME,
			  name, NAME_MAX8);
		rc = fn(ctx, sub, name);
	}
	free(name);
	return rc;
}

/* Call fn for every subkey of key. */
int hive_subkeys(const struct hive *h, uint32_t key,
		 int (*fn)(void *ctx, uint32_t sub, const char *name), void *ctx,
		 struct wp_err *err)
{
	const uint8_t *k = nk(h, key, err);

	if (!k)
		return WP_EFORMAT;
	if (!wp_le32(k + 0x14))
		return WP_OK;
	return walk_list(h, wp_le32(k + 0x1C), 0, fn, ctx, err);
}

struct find_ctx {
	const char *name;
	uint32_t hit;
	bool found;
};

/* hive_subkeys callback: stop at the wanted name. */
static int find_cb(void *ctx, uint32_t sub, const char *name)
{
	struct find_ctx *f = ctx;

	if (!eq_ci(name, f->name))
		return 0;
	f->hit = sub;
	f->found = true;
	return 1;
}

/* The subkey of key with this name. */
int hive_subkey(const struct hive *h, uint32_t key, const char *name,
		uint32_t *out, struct wp_err *err)
{
	struct find_ctx f = { name, 0, false };
	int rc = hive_subkeys(h, key, find_cb, &f, err);

	if (rc < 0)
		return rc;
	if (!f.found)
		return wp_fail(err, WP_ENOENT, "%s: no key %s", h->name, name);
	*out = f.hit;
	return WP_OK;
}

/* Follow a '\'-separated path of subkeys. */
int hive_path(const struct hive *h, uint32_t key, const char *path,
	      uint32_t *out, struct wp_err *err)
{
	char comp[128];
	const char *p = path;
	int rc;

	while (*p) {
		size_t n = 0;

		while (*p == '\\')
			p++;
		while (*p && *p != '\\') {
			if (n + 1 >= sizeof(comp))
				return wp_fail(err, WP_EINVAL, "%s: key name too long", h->name);
			comp[n++] = *p++;
		}
		comp[n] = 0;
		if (!n)
			break;
		rc = hive_subkey(h, key, comp, &key, err);
		if (rc)
			return rc;
	}
	*out = key;
	return WP_OK;
}

/* Describe the vk cell at rel in v. */
static int parse_vk(const struct hive *h, uint32_t rel, struct hive_value *v,
		    char *name, struct wp_err *err)
{
	uint32_t cap, raw, dcap;
	uint8_t *p = cell(h, rel, &cap, err), *d;

	if (!p)
		return WP_EFORMAT;
	if (cap < VK_NAME || p[0] != 'v' || p[1] != 'k' || wp_le16(p + 2) > cap - VK_NAME)
		return wp_fail(err, WP_EFORMAT, "%s: cell 0x%x is not a valid value", h->name, rel);
	name_utf8(p + VK_NAME, wp_le16(p + 2), wp_le16(p + 0x10) & VAL_COMP_NAME, name,
		  NAME_MAX8);
	memset(v, 0, sizeof(*v));
	v->vk = rel;
	v->type = wp_le32(p + 0x0C);
	raw = wp_le32(p + 4);
	v->len = raw & 0x7FFFFFFFu;
	if (raw & 0x80000000u) {
		if (v->len > 4)
			return wp_fail(err, WP_EFORMAT, "%s: value 0x%x: bad inline size", h->name, rel);
		v->inline_data = true;
		v->data_off = (size_t)(p + 8 - h->data);
		v->cell_cap = 4;
		return WP_OK;
	}
	if (!v->len)
		return WP_OK;
	d = cell(h, wp_le32(p + 8), &dcap, err);
	if (!d)
		return WP_EFORMAT;
	if (v->len <= dcap) {
		v->data_off = (size_t)(d - h->data);
		v->cell_cap = dcap;
		return WP_OK;
	}
	if (v->len > BIG_SEG && dcap >= 8 && d[0] == 'd' && d[1] == 'b') {
		v->big = true;
		v->data_off = (size_t)(d - h->data);
		return WP_OK;
	}
	return wp_fail(err, WP_EFORMAT, "%s: value 0x%x: data larger than its cell", h->name, rel);
}

/* The value of key with this name. */
int hive_value(const struct hive *h, uint32_t key, const char *name,
	       struct hive_value *v, struct wp_err *err)
{
	const uint8_t *k = nk(h, key, err), *list;
	uint32_t n, cap, i;
	char *vn;
	int rc = WP_ENOENT;

	if (!k)
		return WP_EFORMAT;
	n = wp_le32(k + 0x24);
	if (!n)
		return wp_fail(err, WP_ENOENT, "%s: no value %s", h->name, name);
	list = cell(h, wp_le32(k + 0x28), &cap, err);
	if (!list)
		return WP_EFORMAT;
	if ((uint64_t)n * 4 > cap)
		return wp_fail(err, WP_EFORMAT, "%s: value list of key 0x%x overflows its cell",
			       h->name, key);
	vn = malloc(NAME_MAX8);
	if (!vn)
		return wp_fail(err, WP_ENOMEM, "out of memory");
	for (i = 0; i < n; i++) {
		rc = parse_vk(h, wp_le32(list + 4 * i), v, vn, err);
		if (rc)
			break;
		if (eq_ci(vn, name))
			break;
		rc = WP_ENOENT;
	}
	free(vn);
	if (rc == WP_ENOENT)
		return wp_fail(err, rc, "%s: no value %s", h->name, name);
	return rc;
}

/* Copy a value's data (big data reassembled from its segments). */
long hive_value_read(const struct hive *h, const struct hive_value *v,
		     uint8_t *buf, size_t cap, struct wp_err *err)
{
	const uint8_t *db = h->data + v->data_off, *segs;
	uint32_t n, scap, i, left = v->len;
	size_t got = 0;

	if (!v->big) {
		size_t c = v->len < cap ? v->len : cap;
		memcpy(buf, h->data + v->data_off, c);
		return (long)c;
	}
	n = wp_le16(db + 2);
	segs = cell(h, wp_le32(db + 4), &scap, err);
	if (!segs)
		return WP_EFORMAT;
	if ((uint64_t)n * 4 > scap || (uint64_t)n * BIG_SEG < v->len)
		return wp_fail(err, WP_EFORMAT, "%s: value 0x%x: bad big-data list", h->name, v->vk);
	for (i = 0; i < n && left && got < cap; i++) {
		uint32_t dcap, take = left < BIG_SEG ? left : BIG_SEG;
		const uint8_t *d = cell(h, wp_le32(segs + 4 * i), &dcap, err);

		if (!d)
			return WP_EFORMAT;
		if (take > dcap)
			return wp_fail(err, WP_EFORMAT, "%s: value 0x%x: short big-data segment",
				       h->name, v->vk);
		if (take > cap - got)
			take = (uint32_t)(cap - got);
		memcpy(buf + got, d, take);
		got += take;
		left -= take;
	}
	return (long)got;
}

/* Append an hbin holding one allocated cell of len data bytes; returns its rel. */
static int append_cell(struct hive *h, uint32_t len, uint32_t *rel, struct wp_err *err)
{
	uint32_t need = (uint32_t)((len + 4 + 7) & ~7u);
	uint32_t size = (32 + need + 4095) & ~4095u;
	size_t at = h->bins_end, tail = h->len - h->bins_end;
	uint8_t *n;

	if (len > (64u << 20) || h->len > SIZE_MAX - size)
		return wp_fail(err, WP_ERANGE, "%s: value too large", h->name);
	n = realloc(h->data, h->len + size);
	if (!n)
		return wp_fail(err, WP_ENOMEM, "%s: out of memory", h->name);
	h->data = n;
	memmove(n + at + size, n + at, tail);
	memset(n + at, 0, size);
	memcpy(n + at, "hbin", 4);
	wp_put32(n + at + 4, (uint32_t)(at - BASE));
	wp_put32(n + at + 8, size);
	wp_put32(n + at + 32, 0u - need);
	if (size - 32 > need)
		wp_put32(n + at + 32 + need, size - 32 - need);
	h->len += size;
	h->bins_end += size;
	wp_put32(n + 0x28, (uint32_t)(h->bins_end - BASE));
	*rel = (uint32_t)(at + 32 - BASE);
	return WP_OK;
}

/* Replace a value's data (in place when it fits). */
int hive_value_write(struct hive *h, struct hive_value *v, const void *data,
		   uint32_t len, struct wp_err *err)
{
	uint32_t cap, rel = 0;
	uint8_t *vk = cell(h, v->vk, &cap, err);
	int rc;

	if (!vk)
		return WP_EFORMAT;
	if (v->big)
		return wp_fail(err, WP_EUNSUPP, "%s: cannot rewrite a big-data value", h->name);
	if (v->inline_data && len <= 4) {
		memset(vk + 8, 0, 4);
		memcpy(vk + 8, data, len);
		wp_put32(vk + 4, len | 0x80000000u);
	} else if (!v->inline_data && v->len && len <= v->cell_cap) {
		memcpy(h->data + v->data_off, data, len);
		wp_put32(vk + 4, len);
	} else {
		size_t vk_off = (size_t)(vk - h->data);

		rc = append_cell(h, len, &rel, err);
		if (rc)
			return rc;
		vk = h->data + vk_off;
		memcpy(h->data + BASE + rel + 4, data, len);
		wp_put32(vk + 4, len);
		wp_put32(vk + 8, rel);
		v->data_off = BASE + rel + 4;
		v->cell_cap = (uint32_t)((len + 4 + 7) & ~7u) - 4;
		v->inline_data = false;
	}
	v->len = len;
	return WP_OK;
}

/* Make the sequence numbers equal and recompute the base block checksum. */
void hive_finish(struct hive *h)
{
	wp_put32(h->data + 8, wp_le32(h->data + 4));
	wp_put32(h->data + 0x1FC, hive_checksum(h->data));
}
