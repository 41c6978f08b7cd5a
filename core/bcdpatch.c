/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * bcdpatch.c - structured BCD patching over core/hive.c: walks
 * Objects\{GUID}\Description\Type and Objects\{GUID}\Elements\<type>\Element.
 * Device element layout (ramdisk=[boot]PATH,{options}): u32 0 (block I/O)
 * at 0x10, u32 3 (RAM disk) at 0x20, total - 0x10 at 0x18, total - 0x38 at
 * 0x3C, the UTF-16LE path + NUL from 0x8C.
 */
#include "bcdpatch.h"
#include "hive.h"
#include "utf16.h"

#define EL_APP_PATH "12000002"
#define EL_DEVICE "11000001"
#define EL_OSDEVICE "21000001"
#define EL_DEFAULT "23000003"
#define EL_DISPLAYORDER "24000001"
#define EL_TIMEOUT "25000004"
#define RD_PATH 0x8Cu
#define MAX_EL 4096u

struct objs {
	uint32_t *key;
	unsigned n, cap;
	int rc;
};

/* hive_subkeys callback: collect the object keys. */
static int collect(void *ctx, uint32_t sub, const char *name)
{
	struct objs *o = ctx;

	if (o->n == o->cap) {
		unsigned nc = o->cap ? o->cap * 2 : 16;
		uint32_t *k = realloc(o->key, nc * sizeof(*k));
		if (!k) {
			o->rc = WP_ENOMEM;
			return 1;
		}
		o->key = k;
		o->cap = nc;
	}
	o->key[o->n++] = sub;
	return 0;
}

/* The Element value of element `code` of object obj; WP_ENOENT if absent. */
static int element(struct hive *h, uint32_t obj, const char *code,
		   struct hive_value *v, uint8_t *buf, long *n, struct wp_err *err)
{
	char path[32];
	uint32_t k;
	int rc;

	snprintf(path, sizeof(path), "Elements\\%s", code);
	rc = hive_path(h, obj, path, &k, err);
	if (!rc)
		rc = hive_value(h, k, "Element", v, err);
	if (rc)
		return rc;
	if (v->len > MAX_EL)
		return wp_fail(err, WP_EFORMAT, "%s: element %s too large", h->name, code);
	*n = hive_value_read(h, v, buf, MAX_EL, err);
	return *n < 0 ? (int)*n : WP_OK;
}

/* Switch a loader path's extension to .exe/.efi. */
static int fix_path(struct hive *h, uint32_t obj, bool efi, uint8_t *buf,
		    struct bcdpatch_stats *st, struct wp_err *err)
{
	struct hive_value v;
	long n, u;
	const char *want = efi ? "efi" : "exe", *other = efi ? "exe" : "efi";
	unsigned i;
	int rc = element(h, obj, EL_APP_PATH, &v, buf, &n, err);

	if (rc)
		return rc == WP_ENOENT ? WP_OK : rc;
	if (v.type != HIVE_REG_SZ || n % 2)
		return WP_OK;
	for (u = n / 2; u > 0 && !wp_le16(buf + 2 * (u - 1)); u--)
		;
	if (u < 4 || wp_le16(buf + 2 * (u - 4)) != '.')
		return WP_OK;
	for (i = 0; i < 3; i++) {
		uint16_t c = wp_le16(buf + 2 * (u - 3 + i));
		if (c >= 'A' && c <= 'Z')
			c = (uint16_t)(c - 'A' + 'a');
		if (c != (uint8_t)other[i])
			return WP_OK;
	}
	for (i = 0; i < 3; i++)
		wp_put16(buf + 2 * (u - 3 + i), (uint16_t)want[i]);
	st->paths++;
	return hive_value_write(h, &v, buf, (uint32_t)n, err);
}

/* Point a RAM-disk device element at the served WIM path (UTF-16LE wp, nw units). */
static int fix_device(struct hive *h, uint32_t obj, const char *code,
		      const uint8_t *wp, size_t nw, uint8_t *buf,
		      struct bcdpatch_stats *st, struct wp_err *err)
{
	struct hive_value v;
	long n;
	size_t u, total;
	int rc = element(h, obj, code, &v, buf, &n, err);

	if (rc)
		return rc == WP_ENOENT ? WP_OK : rc;
	if (v.type != HIVE_REG_BINARY || n < (long)RD_PATH + 2 || wp_le32(buf + 0x10) ||
	    wp_le32(buf + 0x20) != 3 || (n - RD_PATH) % 2)
		return WP_OK;
	for (u = 0; RD_PATH + 2 * u + 1 < (size_t)n && wp_le16(buf + RD_PATH + 2 * u); u++)
		;
	if (u == nw) {
		size_t i;
		for (i = 0; i < u; i++)
			if (utf16_upcase(wp_le16(buf + RD_PATH + 2 * i)) !=
			    utf16_upcase(wp_le16(wp + 2 * i)))
				break;
		if (i == u)
			return WP_OK;
	}
	total = RD_PATH + 2 * nw + 2;
	if (total > MAX_EL)
		return wp_fail(err, WP_EINVAL, "%s: WIM path too long", h->name);
	memcpy(buf + RD_PATH, wp, 2 * nw);
	wp_put16(buf + RD_PATH + 2 * nw, 0);
	wp_put32(buf + 0x18, (uint32_t)(total - 0x10));
	wp_put32(buf + 0x3C, (uint32_t)(total - 0x38));
	st->devices++;
	return hive_value_write(h, &v, buf, (uint32_t)total, err);
}

/* Boot manager: timeout 0, display order = the default entry. */
static int fix_bootmgr(struct hive *h, uint32_t obj, uint8_t *buf,
		       struct bcdpatch_stats *st, struct wp_err *err)
{
	struct hive_value v, dv;
	uint8_t def[96];
	long n, dn, i;
	int rc = element(h, obj, EL_TIMEOUT, &v, buf, &n, err);

	if (rc && rc != WP_ENOENT)
		return rc;
	if (!rc && v.type == HIVE_REG_BINARY) {
		for (i = 0; i < n && !buf[i]; i++)
			;
		if (i < n) {
			memset(buf, 0, (size_t)n);
			st->timeouts++;
			rc = hive_value_write(h, &v, buf, (uint32_t)n, err);
			if (rc)
				return rc;
		}
	}
	rc = element(h, obj, EL_DEFAULT, &dv, buf, &dn, err);
	if (rc)
		return rc == WP_ENOENT ? WP_OK : rc;
	if (dv.type != HIVE_REG_SZ || dn < 4 || dn % 2 || (size_t)dn > sizeof(def) - 2)
		return WP_OK;
	memcpy(def, buf, (size_t)dn);
	while (dn >= 2 && !wp_le16(def + dn - 2))
		dn -= 2;
	rc = element(h, obj, EL_DISPLAYORDER, &v, buf, &n, err);
	if (rc)
		return rc == WP_ENOENT ? WP_OK : rc;
	if (v.type != HIVE_REG_MULTI_SZ || n <= dn + 4)
		return WP_OK;   /* missing, or at most one entry */
	/* reduce to the default when the list holds it */
	for (i = 0; i + dn <= n; i += 2) {
		long k;
		if (i && wp_le16(buf + i - 2))
			continue;   /* not the start of an entry */
		for (k = 0; k < dn && utf16_upcase(wp_le16(buf + i + k)) ==
					utf16_upcase(wp_le16(def + k)); k += 2)
			;
		if (k == dn && (i + dn + 2 > n || !wp_le16(buf + i + dn)))
			break;
	}
	if (i + dn > n)
		return WP_OK;
	memcpy(buf, def, (size_t)dn);
	memset(buf + dn, 0, 4);
	st->orders++;
	return hive_value_write(h, &v, buf, (uint32_t)(dn + 4), err);
}

/* The served WIM path as UTF-16LE ("\sources\NAME" for a bare name). */
static int wim_path16(const char *name, uint8_t **out, size_t *nu)
{
	char *p;
	size_t l = strlen(name) + 16, i;
	long n;

	p = malloc(l);
	if (!p)
		return WP_ENOMEM;
	if (strchr(name, '\\') || strchr(name, '/'))
		snprintf(p, l, "%s%s", (name[0] == '\\' || name[0] == '/') ? "" : "\\", name);
	else
		snprintf(p, l, "\\sources\\%s", name);
	for (i = 0; p[i]; i++)
		if (p[i] == '/')
			p[i] = '\\';
	n = utf8_to_utf16le(p, strlen(p), NULL, 0);
	*out = n > 0 ? malloc((size_t)n * 2) : NULL;
	if (*out)
		utf8_to_utf16le(p, strlen(p), *out, (size_t)n);
	free(p);
	*nu = n > 0 ? (size_t)n : 0;
	return *out ? WP_OK : WP_EINVAL;
}

/* Patch the store (see bcdpatch.h). */
int bcdpatch(uint8_t **data, size_t *len, bool efi, const char *wim_name,
	     struct bcdpatch_stats *st, struct wp_err *err)
{
	struct hive h;
	struct objs o = { NULL, 0, 0, 0 };
	uint32_t objects;
	uint8_t *buf = NULL, *wp = NULL;
	size_t nw = 0;
	unsigned i;
	int rc;

	memset(st, 0, sizeof(*st));
	rc = hive_open(&h, *data, *len, "BCD", err);
	if (rc)
		return rc;
	rc = hive_subkey(&h, h.root, "Objects", &objects, err);
	if (!rc)
		rc = hive_subkeys(&h, objects, collect, &o, err);
	if (!rc && o.rc)
		rc = wp_fail(err, o.rc, "BCD: out of memory");
	if (rc)
		goto out;
	buf = malloc(MAX_EL);
	if (!buf || (wim_name && wim_path16(wim_name, &wp, &nw))) {
		rc = wp_fail(err, buf ? WP_EINVAL : WP_ENOMEM, "BCD: bad WIM name or out of memory");
		goto out;
	}
	for (i = 0; i < o.n && !rc; i++) {
		struct hive_value v;
		uint32_t d;
		uint32_t type;
		uint8_t tb[4];

		if (hive_path(&h, o.key[i], "Description", &d, err) ||
		    hive_value(&h, d, "Type", &v, err) || v.type != HIVE_REG_DWORD ||
		    v.len != 4 || hive_value_read(&h, &v, tb, 4, err) != 4)
			continue;   /* not an object we understand */
		type = wp_le32(tb);
		if (type >> 28 != 1)
			continue;
		switch (type & 0xFFFFF) {
		case 2:  /* Windows boot manager */
			rc = fix_bootmgr(&h, o.key[i], buf, st, err);
			break;
		case 3:  /* OS loader */
		case 4:  /* resume loader */
			rc = fix_path(&h, o.key[i], efi, buf, st, err);
			if (!rc && wp)
				rc = fix_device(&h, o.key[i], EL_DEVICE, wp, nw, buf, st, err);
			if (!rc && wp)
				rc = fix_device(&h, o.key[i], EL_OSDEVICE, wp, nw, buf, st, err);
			break;
		}
	}
	if (!rc && (st->paths || st->devices || st->timeouts || st->orders))
		hive_finish(&h);
out:
	*data = h.data;
	*len = h.len;
	free(o.key);
	free(buf);
	free(wp);
	return rc;
}
