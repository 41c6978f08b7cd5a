/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * wimpatch.c - the patched WIM as extents: new header, original bytes,
 * injected contents (8-byte aligned), new lookup table (original entries +
 * the new image's metadata entry + one entry per new blob), new metadata
 * (wimpatch_meta.c) and new XML data (wimpatch_xml.c).  Every new resource
 * is uncompressed, part 1, refcnt 1, with its SHA-1, so wimlib and DISM
 * accept the result; the integrity table is dropped from the header.
 */
#include "wimpatch_int.h"
#include "sha1.h"

#define H_IMAGE_COUNT 0x2C
#define H_LT 0x30
#define H_XML 0x48
#define H_BOOT_MD 0x60
#define H_BOOT_INDEX 0x78
#define H_INTEGRITY 0x7C

/* Whether wimboot would leave this file out of the injection. */
bool wimpatch_is_boot_file(const char *name)
{
	static const char *const exact[] = { "bootmgr", "bootmgr.exe", "bcd",
					     "boot.stl", "wimboot" };
	static const char *const ext[] = { ".sdi", ".wim", ".efi", ".ttf" };
	const char *b = name, *p;
	unsigned i;

	for (p = name; *p; p++)
		if (*p == '\\' || *p == '/')
			b = p + 1;
	for (i = 0; i < sizeof(exact) / sizeof(exact[0]); i++)
		if (strlen(b) == strlen(exact[i]) && wp_ends_ci(b, exact[i]))
			return true;
	for (i = 0; i < sizeof(ext) / sizeof(ext[0]); i++)
		if (wp_ends_ci(b, ext[i]))
			return true;
	return false;
}

/* Encode a 24-byte resource header. */
static void put_reshdr(uint8_t *p, uint64_t stored, uint8_t flags,
		       uint64_t offset, uint64_t usize)
{
	wp_put64(p, stored & 0x00FFFFFFFFFFFFFFull);
	p[7] = flags;
	wp_put64(p + 8, offset);
	wp_put64(p + 16, usize);
}

/* Append an extent (empty ones are skipped). */
static void add_ext(struct wimpatch *p, uint64_t off, uint64_t len, uint64_t addr)
{
	if (!len)
		return;
	p->ext[p->n_ext].off = off;
	p->ext[p->n_ext].len = len;
	p->ext[p->n_ext].addr = addr;
	p->n_ext++;
}

/* Memory address of a pointer, as vdisk extents store it. */
static uint64_t addr_of(const void *ptr)
{
	return (uint64_t)(uintptr_t)ptr;
}

/* Free everything a patch holds. */
void wimpatch_free(struct wimpatch *p)
{
	free(p->ext);
	free(p->hdr);
	free(p->lt);
	free(p->md);
	free(p->xml);
	memset(p, 0, sizeof(*p));
}

/* Copy len bytes at off of the patched WIM into buf. */
int wimpatch_read(const struct wimpatch *p, uint64_t off, void *buf, size_t len)
{
	uint8_t *out = buf;
	unsigned i;

	if (off > p->size || len > p->size - off)
		return WP_ERANGE;
	for (i = 0; i < p->n_ext && len; i++) {
		const struct vdisk_extent *e = &p->ext[i];
		uint64_t in, n;

		if (off >= e->off + e->len || off < e->off)
			continue;
		in = off - e->off;
		n = e->len - in < len ? e->len - in : len;
		if (e->addr == VDISK_ADDR_ZERO)
			memset(out, 0, (size_t)n);
		else
			memcpy(out, (const void *)(uintptr_t)(e->addr + in), (size_t)n);
		out += n;
		off += n;
		len -= (size_t)n;
	}
	return len ? WP_ERANGE : WP_OK;
}

/*
 * Count the metadata entries wimlib will assign to images in the original
 * lookup table (n entries at lt).
 */
static unsigned count_metadata(const struct wim *w, const uint8_t *lt, size_t n)
{
	unsigned k = 0;
	size_t i;

	for (i = 0; i < n; i++) {
		const uint8_t *e = lt + i * WIM_LTE_SIZE;
		uint8_t flags = e[7];

		if (w->version == WIM_VERSION_DEFAULT)
			flags &= (uint8_t)~WIM_RES_SOLID;
		if ((flags & WIM_RES_METADATA) && !(flags & WIM_RES_SOLID) &&
		    !wim_zero_hash(e + 30) && wp_le64(e + 16) &&
		    wp_le16(e + 24) == w->part && wp_le32(e + 26))
			k++;
	}
	return k;
}

/* Only the boot image changes: header boot index and boot metadata. */
static int select_only(struct wimpatch *p, struct wim *w, const uint8_t *wim,
		       uint64_t len, unsigned idx, struct wp_err *err)
{
	const struct wim_blob *m = &w->meta[idx - 1];

	p->hdr = malloc(WIM_HDR_SIZE);
	p->ext = calloc(2, sizeof(*p->ext));
	if (!p->hdr || !p->ext)
		return wp_fail(err, WP_ENOMEM, "out of memory");
	memcpy(p->hdr, wim, WIM_HDR_SIZE);
	put_reshdr(p->hdr + H_BOOT_MD, m->r.stored, m->r.flags, m->r.offset,
		   m->r.usize);
	wp_put32(p->hdr + H_BOOT_INDEX, idx);
	add_ext(p, 0, WIM_HDR_SIZE, addr_of(p->hdr));
	add_ext(p, WIM_HDR_SIZE, len - WIM_HDR_SIZE, addr_of(wim + WIM_HDR_SIZE));
	p->patched = true;
	p->image_count = w->image_count;
	p->boot_index = idx;
	p->size = len;
	return WP_OK;
}

/* Where each injected file's contents go: offset, or 0 if not appended. */
struct placed {
	uint64_t off;
};

/* Inject the files into a copy of image idx, the new boot image N+1. */
static int inject(struct wimpatch *p, struct wim *w, const uint8_t *wim,
		  uint64_t len, unsigned idx, const struct wimpatch_file *files,
		  unsigned n, struct wp_err *err)
{
	uint8_t (*hash)[20] = NULL;
	uint64_t *at = NULL, pos, lt_off, md_off, xml_off;
	uint8_t *olt = NULL, *oxml = NULL, mdhash[20];
	size_t olt_len = 0, oxml_len = 0, nent;
	struct wimpatch_counts cnt;
	unsigned i, j, N = w->image_count;
	int rc;

	rc = wim_select_image(w, idx, err);
	if (rc)
		return rc;
	hash = calloc(n, sizeof(*hash));
	at = calloc(n, sizeof(*at));
	p->ext = calloc(2 * (size_t)n + 10, sizeof(*p->ext));
	if (!hash || !at || !p->ext) {
		rc = wp_fail(err, WP_ENOMEM, "out of memory");
		goto out;
	}
	/* hashes, once per file; contents appended only for new blobs */
	pos = wimpatch_align8(len);
	for (i = 0; i < n; i++) {
		if (!files[i].size)
			continue;
		sha1(files[i].data, (size_t)files[i].size, hash[i]);
		if (wim_find_blob(w, hash[i]) >= 0)
			continue;
		for (j = 0; j < i; j++)
			if (at[j] && !memcmp(hash[j], hash[i], 20))
				break;
		if (j < i)
			continue;
		at[i] = pos;
		pos = wimpatch_align8(pos + files[i].size);
		p->n_new_blobs++;
	}
	rc = wimpatch_meta(w, files, n, (const uint8_t (*)[20])hash, &p->md,
			   &p->md_len, &cnt, err);
	if (rc)
		goto out;
	sha1(p->md, p->md_len, mdhash);

	/* lookup table: the original entries, the new image, the new blobs */
	rc = wim_res_load(w, &w->lt, 256u << 20, "lookup table", &olt, &olt_len, err);
	if (rc)
		goto out;
	if (olt_len % WIM_LTE_SIZE) {
		rc = wp_fail(err, WP_EFORMAT, "%s: bad lookup table size", w->name);
		goto out;
	}
	nent = olt_len / WIM_LTE_SIZE;
	if (count_metadata(w, olt, nent) != N || wp_le32(wim + H_IMAGE_COUNT) != N) {
		rc = wp_fail(err, WP_EUNSUPP,
			     "%s: the lookup table's metadata resources do not match the %u images of the header",
			     w->name, wp_le32(wim + H_IMAGE_COUNT));
		goto out;
	}
	p->lt_len = olt_len + (1 + (size_t)p->n_new_blobs) * WIM_LTE_SIZE;
	p->lt = malloc(p->lt_len);
	if (!p->lt) {
		rc = wp_fail(err, WP_ENOMEM, "out of memory");
		goto out;
	}
	memcpy(p->lt, olt, olt_len);
	lt_off = pos;
	md_off = wimpatch_align8(lt_off + p->lt_len);
	xml_off = wimpatch_align8(md_off + p->md_len);
	{
		uint8_t *e = p->lt + olt_len;

		memset(e, 0, WIM_LTE_SIZE);
		put_reshdr(e, p->md_len, WIM_RES_METADATA, md_off, p->md_len);
		wp_put16(e + 24, w->part);
		wp_put32(e + 26, 1);
		memcpy(e + 30, mdhash, 20);
		e += WIM_LTE_SIZE;
		for (i = 0; i < n; i++) {
			if (!at[i])
				continue;
			memset(e, 0, WIM_LTE_SIZE);
			put_reshdr(e, files[i].size, 0, at[i], files[i].size);
			wp_put16(e + 24, w->part);
			wp_put32(e + 26, 1);
			memcpy(e + 30, hash[i], 20);
			e += WIM_LTE_SIZE;
		}
	}

	rc = wim_res_load(w, &w->xml, 64u << 20, "XML data", &oxml, &oxml_len, err);
	if (!rc)
		rc = wimpatch_xml(oxml, oxml_len, idx, N, &cnt, xml_off, &p->xml,
				  &p->xml_len, w->name, err);
	if (rc)
		goto out;

	/* header */
	p->hdr = malloc(WIM_HDR_SIZE);
	if (!p->hdr) {
		rc = wp_fail(err, WP_ENOMEM, "out of memory");
		goto out;
	}
	memcpy(p->hdr, wim, WIM_HDR_SIZE);
	wp_put32(p->hdr + H_IMAGE_COUNT, N + 1);
	put_reshdr(p->hdr + H_LT, p->lt_len, WIM_RES_METADATA, lt_off, p->lt_len);
	put_reshdr(p->hdr + H_XML, p->xml_len, WIM_RES_METADATA, xml_off, p->xml_len);
	put_reshdr(p->hdr + H_BOOT_MD, p->md_len, WIM_RES_METADATA, md_off, p->md_len);
	wp_put32(p->hdr + H_BOOT_INDEX, N + 1);
	memset(p->hdr + H_INTEGRITY, 0, 24);

	/* extents, in file order */
	add_ext(p, 0, WIM_HDR_SIZE, addr_of(p->hdr));
	add_ext(p, WIM_HDR_SIZE, len - WIM_HDR_SIZE, addr_of(wim + WIM_HDR_SIZE));
	pos = len;
	for (i = 0; i < n; i++) {
		if (!at[i])
			continue;
		add_ext(p, pos, at[i] - pos, VDISK_ADDR_ZERO);
		add_ext(p, at[i], files[i].size, addr_of(files[i].data));
		pos = at[i] + files[i].size;
	}
	add_ext(p, pos, lt_off - pos, VDISK_ADDR_ZERO);
	add_ext(p, lt_off, p->lt_len, addr_of(p->lt));
	add_ext(p, lt_off + p->lt_len, md_off - lt_off - p->lt_len, VDISK_ADDR_ZERO);
	add_ext(p, md_off, p->md_len, addr_of(p->md));
	add_ext(p, md_off + p->md_len, xml_off - md_off - p->md_len, VDISK_ADDR_ZERO);
	add_ext(p, xml_off, p->xml_len, addr_of(p->xml));
	p->size = xml_off + p->xml_len;
	p->patched = true;
	p->image_count = N + 1;
	p->boot_index = N + 1;
	rc = WP_OK;
out:
	free(hash);
	free(at);
	free(olt);
	free(oxml);
	return rc;
}

/* Patch a WIM (see wimpatch.h). */
int wimpatch_build(struct wimpatch *p, const uint8_t *wim, uint64_t len,
		   const char *name, unsigned index,
		   const struct wimpatch_file *files, unsigned n_files,
		   struct wp_err *err)
{
	struct wp_src src = wp_src_mem(wim, len);
	struct wim *w = NULL;
	unsigned idx;
	int rc;

	memset(p, 0, sizeof(*p));
	rc = wim_open(&w, &src, name, err);
	if (rc)
		return rc;
	idx = index ? index : (w->boot_index ? w->boot_index : 1);
	if (!w->image_count || idx > w->image_count) {
		rc = wp_fail(err, WP_ENOENT, "%s: image %u does not exist (%u images)",
			     w->name, idx, w->image_count);
		goto out;
	}
	p->image = idx;
	if (!n_files && !index) {
		p->ext = calloc(1, sizeof(*p->ext));
		if (!p->ext) {
			rc = wp_fail(err, WP_ENOMEM, "out of memory");
			goto out;
		}
		add_ext(p, 0, len, addr_of(wim));
		p->size = len;
		p->image_count = w->image_count;
		p->boot_index = w->boot_index;
	} else if (!n_files) {
		rc = select_only(p, w, wim, len, idx, err);
	} else {
		rc = inject(p, w, wim, len, idx, files, n_files, err);
	}
out:
	wim_close(w);
	if (rc)
		wimpatch_free(p);
	return rc;
}
