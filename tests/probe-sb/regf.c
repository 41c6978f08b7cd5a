/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * regf.c - minimal registry-hive walker of probe-sb.efi (see regf.h):
 * nk keys, lf/lh/li/ri subkey lists, vk values.  Every access is bounds
 * checked against the hive size; anything unexpected is "not found".
 */
#include "regf.h"

#define HBIN 0x1000u

/* Little-endian loads. */
static uint32_t u16(const uint8_t *p) { return (uint32_t)p[0] | (uint32_t)p[1] << 8; }
static uint32_t u32(const uint8_t *p) { return u16(p) | u16(p + 2) << 16; }

/* Pointer to the cell data at offset off with at least n bytes, or 0. */
static const uint8_t *cell(const struct regf *r, uint32_t off, uint32_t n)
{
	if (off == 0xFFFFFFFFu || off > r->len || HBIN + off + 4 + n > r->len) return 0;
	return r->d + HBIN + off + 4;
}

/* Check the base block (see regf.h). */
int regf_open(struct regf *r, const uint8_t *d, uint32_t len)
{
	r->d = d;
	r->len = len;
	if (len < HBIN + 32 || d[0] != 'r' || d[1] != 'e' || d[2] != 'g' || d[3] != 'f') return -1;
	r->root = u32(d + 0x24);
	const uint8_t *nk = cell(r, r->root, 0x50);
	return nk && nk[0] == 'n' && nk[1] == 'k' ? 0 : -1;
}

/* ASCII case-insensitive compare of n bytes of a with NUL-terminated b. */
static int name_eq(const uint8_t *a, uint32_t n, const char *b, uint32_t bn)
{
	if (n != bn) return 0;
	for (uint32_t i = 0; i < n; i++) {
		char x = (char)a[i], y = b[i];
		if (x >= 'A' && x <= 'Z') x = (char)(x + 32);
		if (y >= 'A' && y <= 'Z') y = (char)(y + 32);
		if (x != y) return 0;
	}
	return 1;
}

/* Does nk cell k carry this (compressed ASCII) name? */
static int key_is(const struct regf *r, uint32_t k, const char *name, uint32_t n)
{
	const uint8_t *nk = cell(r, k, 0x4C);
	if (!nk || nk[0] != 'n' || nk[1] != 'k' || !(u16(nk + 2) & 0x20)) return 0;
	uint32_t l = u16(nk + 0x48);
	return cell(r, k, 0x4C + l) && name_eq(nk + 0x4C, l, name, n);
}

/* Search one subkey list cell (lf/lh/li, or ri of those); 0 when found. */
static int search(const struct regf *r, uint32_t list, const char *name, uint32_t n, uint32_t *out,
		  int depth)
{
	const uint8_t *l = cell(r, list, 4);
	if (!l || depth > 2) return -1;
	uint32_t cnt = u16(l + 2);
	int stride = (l[0] == 'l' && (l[1] == 'f' || l[1] == 'h')) ? 8 :
		     (l[0] == 'l' && l[1] == 'i') || (l[0] == 'r' && l[1] == 'i') ? 4 : 0;
	if (!stride || !cell(r, list, 4 + cnt * (uint32_t)stride)) return -1;
	for (uint32_t i = 0; i < cnt; i++) {
		uint32_t k = u32(l + 4 + i * (uint32_t)stride);
		if (l[0] == 'r') {
			if (!search(r, k, name, n, out, depth + 1)) return 0;
		} else if (key_is(r, k, name, n)) {
			*out = k;
			return 0;
		}
	}
	return -1;
}

/* Follow a subkey path (see regf.h). */
int regf_path(const struct regf *r, uint32_t key, const char *path, uint32_t *out)
{
	while (*path) {
		uint32_t n = 0;
		while (path[n] && path[n] != '\\') n++;
		const uint8_t *nk = cell(r, key, 0x50);
		if (!nk || !u32(nk + 0x14) || search(r, u32(nk + 0x1C), path, n, &key, 0)) return -1;
		path += n;
		if (*path) path++;
	}
	*out = key;
	return 0;
}

/* A value's data (see regf.h). */
int regf_value(const struct regf *r, uint32_t key, const char *name, const uint8_t **data,
	       uint32_t *len)
{
	const uint8_t *nk = cell(r, key, 0x50);
	if (!nk) return -1;
	uint32_t cnt = u32(nk + 0x24);
	const uint8_t *vl = cell(r, u32(nk + 0x28), cnt * 4);
	uint32_t bn = 0;
	while (name[bn]) bn++;
	for (uint32_t i = 0; vl && i < cnt; i++) {
		uint32_t vo = u32(vl + 4 * i);
		const uint8_t *vk = cell(r, vo, 0x14);
		if (!vk || vk[0] != 'v' || vk[1] != 'k') continue;
		uint32_t nl = u16(vk + 2);
		if (!cell(r, vo, 0x14 + nl) || !name_eq(vk + 0x14, nl, name, bn)) continue;
		uint32_t dl = u32(vk + 4);
		if (dl & 0x80000000u) {         /* up to 4 bytes inline */
			*data = vk + 8;
			*len = dl & 0x7FFFFFFFu;
			return *len <= 4 ? 0 : -1;
		}
		if (dl > 16344) return -1;      /* big data: not needed here */
		*data = cell(r, u32(vk + 8), dl);
		*len = dl;
		return *data ? 0 : -1;
	}
	return -1;
}

/* UTF-16LE (ASCII content) to a C string; 0 on success. */
static int ascii(const uint8_t *d, uint32_t len, char *out)
{
	uint32_t n = 0;
	for (uint32_t i = 0; i + 1 < len && d[i]; i += 2) {
		if (n + 1 >= REGF_STR || d[i + 1]) return -1;
		out[n++] = (char)d[i];
	}
	out[n] = 0;
	return n ? 0 : -1;
}

/* A REG_SZ value as ASCII (see regf.h). */
int regf_string(const struct regf *r, uint32_t key, const char *name, char *out)
{
	const uint8_t *d;
	uint32_t len;
	return regf_value(r, key, name, &d, &len) ? -1 : ascii(d, len, out);
}

/* Decode the ramdisk device element (layout: windows-media-and-bcd.md 7.3). */
int regf_ramdisk(const uint8_t *d, uint32_t len, char *opt, char *path)
{
	static const char hx[] = "0123456789abcdef";
	/* Windows GUID byte order: Data1-3 little-endian, Data4 as stored */
	static const uint8_t order[16] = {3, 2, 1, 0, 5, 4, 7, 6, 8, 9, 10, 11, 12, 13, 14, 15};
	if (len < 0x8E || u32(d + 0x10) != 0 || u32(d + 0x20) != 3 || u32(d + 0x44) != 5) return -1;
	uint32_t n = 0;
	opt[n++] = '{';
	for (int i = 0; i < 16; i++) {
		if (i == 4 || i == 6 || i == 8 || i == 10) opt[n++] = '-';
		opt[n++] = hx[d[order[i]] >> 4];
		opt[n++] = hx[d[order[i]] & 15];
	}
	opt[n++] = '}';
	opt[n] = 0;
	return ascii(d + 0x8C, len - 0x8C, path);
}

/* out = a + b, bounded (see regf.h). */
void regf_cat(char *out, uint32_t cap, const char *a, const char *b)
{
	uint32_t n = 0;
	while (*a && n + 1 < cap) out[n++] = *a++;
	while (*b && n + 1 < cap) out[n++] = *b++;
	out[n] = 0;
}
