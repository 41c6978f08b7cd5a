/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * wim.c - WIM reader: header validation, lookup table (blob index by SHA-1,
 * solid runs, metadata resources in table order) and image selection.
 * Resources are read by wim_res.c, dentries are parsed by wim_meta.c.
 */
#include "wim_int.h"
#include "sha1.h"

/* Whether a SHA-1 field is all zero (an empty stream). */
bool wim_zero_hash(const uint8_t h[20])
{
	unsigned i;

	for (i = 0; i < 20; i++)
		if (h[i])
			return false;
	return true;
}

/* Decode a 24-byte resource header. */
void wim_reshdr_get(const uint8_t *p, struct wim_reshdr *r)
{
	r->stored = wp_le64(p) & 0x00FFFFFFFFFFFFFFull;
	r->flags = p[7];
	r->offset = wp_le64(p + 8);
	r->usize = wp_le64(p + 16);
}

/* Whether [off, off+len) lies inside the file. */
static bool in_file(const struct wim *w, uint64_t off, uint64_t len)
{
	return off <= w->src->size && len <= w->src->size - off;
}

/* Compare the SHA-1 of blobs a and b, then their table order. */
static int cmp_blob(const struct wim *w, uint32_t a, uint32_t b)
{
	int c = memcmp(w->blobs[a].sha1, w->blobs[b].sha1, 20);

	if (c)
		return c;
	return a < b ? -1 : a > b;
}

/* Restore the max-heap property below node i (heap sort helper). */
static void sift_down(const struct wim *w, uint32_t *v, size_t i, size_t n)
{
	for (;;) {
		size_t c = 2 * i + 1;
		uint32_t t;

		if (c >= n)
			return;
		if (c + 1 < n && cmp_blob(w, v[c + 1], v[c]) > 0)
			c++;
		if (cmp_blob(w, v[c], v[i]) <= 0)
			return;
		t = v[c];
		v[c] = v[i];
		v[i] = t;
		i = c;
	}
}

/* Build the SHA-1 index of the data blobs; later duplicates are dropped. */
static int build_index(struct wim *w, struct wp_err *err)
{
	size_t i, n = w->nblobs, k;
	uint32_t *v;

	v = malloc((n ? n : 1) * sizeof(*v));
	if (!v)
		return wp_fail(err, WP_ENOMEM, "%s: out of memory for the blob index",
			       w->name);
	for (i = 0; i < n; i++)
		v[i] = (uint32_t)i;
	for (i = n / 2; i-- > 0;)
		sift_down(w, v, i, n);
	for (i = n; i > 1; i--) {
		uint32_t t = v[0];
		v[0] = v[i - 1];
		v[i - 1] = t;
		sift_down(w, v, 0, i - 1);
	}
	for (i = 0, k = 0; i < n; i++)
		if (!k || memcmp(w->blobs[v[i]].sha1, w->blobs[v[k - 1]].sha1, 20))
			v[k++] = v[i];
	w->by_sha1 = v;
	w->nblobs_idx = (uint32_t)k;
	return WP_OK;
}

/* Find a data blob by SHA-1; returns its index or -1. */
int wim_find_blob(const struct wim *w, const uint8_t sha1[20])
{
	size_t lo = 0, hi = w->nblobs_idx;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int c = memcmp(w->blobs[w->by_sha1[mid]].sha1, sha1, 20);

		if (!c)
			return (int)w->by_sha1[mid];
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return -1;
}

/* Validate and decode the 208-byte header. */
static int parse_header(struct wim *w, struct wp_err *err)
{
	uint8_t h[WIM_HDR_SIZE];
	uint32_t algo;
	int rc;

	if (w->src->size < WIM_HDR_SIZE)
		return wp_fail(err, WP_EFORMAT,
			       "%s: too small for a WIM header (%llu bytes)",
			       w->name, (unsigned long long)w->src->size);
	rc = wp_src_read(w->src, 0, h, sizeof(h));
	if (rc)
		return wp_fail(err, rc, "%s: cannot read the header", w->name);
	if (!memcmp(h, "WLPWM\0\0\0", 8))
		return wp_fail(err, WP_EUNSUPP,
			       "%s: pipable WIM (wimlib --pipable) is not supported",
			       w->name);
	if (memcmp(h, "MSWIM\0\0\0", 8))
		return wp_fail(err, WP_EFORMAT, "%s: not a WIM file (bad magic)",
			       w->name);
	if (wp_le32(h + 8) != WIM_HDR_SIZE)
		return wp_fail(err, WP_EFORMAT, "%s: bad header size %u (want 208)",
			       w->name, wp_le32(h + 8));
	w->version = wp_le32(h + 0x0C);
	if (w->version != WIM_VERSION_DEFAULT && w->version != WIM_VERSION_SOLID)
		return wp_fail(err, WP_EUNSUPP, "%s: unknown WIM version 0x%x",
			       w->name, w->version);
	w->flags = wp_le32(h + 0x10);
	w->chunk_size = wp_le32(h + 0x14);
	w->part = wp_le16(h + 0x28);
	w->total_parts = wp_le16(h + 0x2A);
	w->image_count = wp_le32(h + 0x2C);
	wim_reshdr_get(h + 0x30, &w->lt);
	wim_reshdr_get(h + 0x48, &w->xml);
	w->boot_index = wp_le32(h + 0x78);

	w->hdr_format = WIM_FMT_NONE;
	if (w->flags & WIM_HDR_COMPRESSION) {
		algo = w->flags & (WIM_HDR_XPRESS | WIM_HDR_LZX | WIM_HDR_LZMS |
				   WIM_HDR_XPRESS2);
		if (algo == WIM_HDR_XPRESS || algo == WIM_HDR_XPRESS2 ||
		    algo == (WIM_HDR_XPRESS | WIM_HDR_XPRESS2))
			w->hdr_format = WIM_FMT_XPRESS;
		else if (algo == WIM_HDR_LZX)
			w->hdr_format = WIM_FMT_LZX;
		else if (algo == WIM_HDR_LZMS)
			w->hdr_format = WIM_FMT_LZMS;
		else
			return wp_fail(err, WP_EUNSUPP,
				       "%s: unknown compression scheme 0x%08x",
				       w->name, w->flags);
		if (!w->chunk_size)
			w->chunk_size = 32768;
		if (!wim_chunk_size_ok(w->hdr_format, w->chunk_size))
			return wp_fail(err, WP_EFORMAT,
				       "%s: invalid chunk size %u for its compression",
				       w->name, w->chunk_size);
	}
	if (!w->total_parts || !w->part || w->part > w->total_parts)
		return wp_fail(err, WP_EFORMAT, "%s: invalid part number %u of %u",
			       w->name, w->part, w->total_parts);
	if (w->total_parts != 1 || (w->flags & WIM_HDR_SPANNED))
		return wp_fail(err, WP_EUNSUPP,
			       "%s: split WIM (part %u of %u) is not supported",
			       w->name, w->part, w->total_parts);
	return WP_OK;
}

/* Validate the location of a non-solid resource named by ctx. */
static int check_res(struct wim *w, const struct wim_reshdr *r,
		     const char *what, uint32_t n, struct wp_err *err)
{
	if (!(r->flags & WIM_RES_COMPRESSED) && r->stored != r->usize)
		return wp_fail(err, WP_EFORMAT,
			       "%s: %s %u: uncompressed resource with stored size %llu != size %llu",
			       w->name, what, n, (unsigned long long)r->stored,
			       (unsigned long long)r->usize);
	if (!in_file(w, r->offset, r->stored))
		return wp_fail(err, WP_EFORMAT,
			       "%s: %s %u: offset beyond end of file", w->name,
			       what, n);
	if ((r->flags & WIM_RES_COMPRESSED) && w->hdr_format == WIM_FMT_NONE)
		return wp_fail(err, WP_EFORMAT,
			       "%s: %s %u: compressed resource in a WIM without compression",
			       w->name, what, n);
	return WP_OK;
}

/* Load the solid resources of the run starting at entry i (count them first). */
static int start_solid_run(struct wim *w, const uint8_t *lt, size_t i,
			   size_t n, uint32_t *first, uint32_t *count,
			   struct wp_err *err)
{
	size_t j, cnt = 0;
	struct wim_solid *ns;
	int rc;

	for (j = i; j < n; j++) {
		struct wim_reshdr r;

		wim_reshdr_get(lt + j * WIM_LTE_SIZE, &r);
		if (!(r.flags & WIM_RES_SOLID))
			break;
		if (r.usize == WIM_SOLID_MAGIC)
			cnt++;
	}
	*first = w->nsolids;
	*count = (uint32_t)cnt;
	if (!cnt)
		return WP_OK;
	ns = realloc(w->solids, (w->nsolids + cnt) * sizeof(*ns));
	if (!ns)
		return wp_fail(err, WP_ENOMEM, "%s: out of memory", w->name);
	w->solids = ns;
	for (j = i; cnt; j++) {
		struct wim_reshdr r;
		struct wim_solid *s;

		wim_reshdr_get(lt + j * WIM_LTE_SIZE, &r);
		if (r.usize != WIM_SOLID_MAGIC)
			continue;
		cnt--;
		s = &w->solids[w->nsolids++];
		memset(s, 0, sizeof(*s));
		s->offset = r.offset;
		s->stored = r.stored;
		rc = wim_solid_check(w, s, (uint32_t)j, err);
		if (rc)
			return rc;
	}
	return WP_OK;
}

/* Read the lookup table and build the blob table, solid list and images. */
static int read_lookup_table(struct wim *w, struct wp_err *err)
{
	struct wim_blob lt_blob;
	uint8_t *lt;
	size_t n, i;
	uint32_t nimg = 0, run_first = 0, run_count = 0;
	bool in_run = false;
	int rc;

	if (w->lt.flags & WIM_RES_SOLID)
		return wp_fail(err, WP_EFORMAT, "%s: solid lookup table", w->name);
	if (w->lt.usize % WIM_LTE_SIZE)
		return wp_fail(err, WP_EFORMAT,
			       "%s: lookup table size %llu is not a multiple of 50",
			       w->name, (unsigned long long)w->lt.usize);
	if (w->lt.usize > (256u << 20))
		return wp_fail(err, WP_ERANGE, "%s: lookup table too large (%llu bytes)",
			       w->name, (unsigned long long)w->lt.usize);
	if (!(w->lt.flags & WIM_RES_COMPRESSED) && w->lt.stored != w->lt.usize)
		return wp_fail(err, WP_EFORMAT,
			       "%s: lookup table: stored size %llu != size %llu",
			       w->name, (unsigned long long)w->lt.stored,
			       (unsigned long long)w->lt.usize);
	if (!in_file(w, w->lt.offset, w->lt.stored))
		return wp_fail(err, WP_EFORMAT,
			       "%s: lookup table: offset beyond end of file",
			       w->name);
	n = (size_t)(w->lt.usize / WIM_LTE_SIZE);
	lt = malloc(n ? n * WIM_LTE_SIZE : 1);
	w->blobs = malloc((n ? n : 1) * sizeof(*w->blobs));
	w->meta = malloc((w->image_count < n ? w->image_count : n) *
			 sizeof(*w->meta) + 1);
	if (!lt || !w->blobs || !w->meta) {
		free(lt);
		return wp_fail(err, WP_ENOMEM, "%s: out of memory for %zu lookup entries",
			       w->name, n);
	}
	memset(&lt_blob, 0, sizeof(lt_blob));
	lt_blob.r = w->lt;
	lt_blob.solid = -1;
	lt_blob.entry = UINT32_MAX;
	rc = wim_res_read(w, &lt_blob, 0, lt, (size_t)w->lt.usize, err);
	if (rc)
		goto out;

	for (i = 0; i < n; i++) {
		const uint8_t *e = lt + i * WIM_LTE_SIZE;
		struct wim_blob b;
		uint16_t part = wp_le16(e + 24);
		uint32_t refcnt = wp_le32(e + 26);
		uint64_t size;

		memset(&b, 0, sizeof(b));
		wim_reshdr_get(e, &b.r);
		memcpy(b.sha1, e + 30, 20);
		b.entry = (uint32_t)i;
		b.solid = -1;
		if (w->version == WIM_VERSION_DEFAULT)
			b.r.flags &= (uint8_t)~WIM_RES_SOLID;
		if (b.r.flags & WIM_RES_SOLID) {
			uint32_t k;
			uint64_t off = b.r.offset;

			if (!in_run) {
				rc = start_solid_run(w, lt, i, n, &run_first,
						     &run_count, err);
				if (rc)
					goto out;
				in_run = true;
			}
			if (b.r.usize == WIM_SOLID_MAGIC)
				continue;
			size = b.r.stored;
			for (k = 0; k < run_count; k++) {
				const struct wim_solid *s = &w->solids[run_first + k];

				if (off <= s->usize && size <= s->usize - off)
					break;
				if (off < s->usize) {
					k = run_count;
					break;
				}
				off -= s->usize;
			}
			if (k == run_count) {
				rc = wp_fail(err, WP_EFORMAT,
					     "%s: lookup table entry %zu: blob outside its solid resources",
					     w->name, i);
				goto out;
			}
			b.solid = (int32_t)(run_first + k);
			b.r.offset = off;
			b.r.usize = size;
		} else {
			in_run = false;
			size = b.r.usize;
		}
		if (wim_zero_hash(b.sha1) || !size || part != w->part)
			continue;
		if (b.solid < 0) {
			rc = check_res(w, &b.r, "lookup table entry", (uint32_t)i, err);
			if (rc)
				goto out;
		}
		if (b.r.flags & WIM_RES_METADATA) {
			if (!refcnt)
				continue;
			if (refcnt != 1) {
				rc = wp_fail(err, WP_EFORMAT,
					     "%s: lookup table entry %zu: metadata resource with refcnt %u",
					     w->name, i, refcnt);
				goto out;
			}
			if (b.solid >= 0) {
				rc = wp_fail(err, WP_EFORMAT,
					     "%s: lookup table entry %zu: metadata in a solid resource",
					     w->name, i);
				goto out;
			}
			if (nimg < w->image_count)
				w->meta[nimg++] = b;
			continue;
		}
		w->blobs[w->nblobs++] = b;
	}
	if (nimg < w->image_count)
		w->image_count = nimg;   /* wimlib does the same, with a warning */
	if (w->boot_index > w->image_count)
		w->boot_index = 0;
	rc = build_index(w, err);
out:
	free(lt);
	return rc;
}

/* Open a WIM: validate the header and load the lookup table. */
int wim_open(struct wim **wp, const struct wp_src *src, const char *name,
	     struct wp_err *err)
{
	struct wim *w;
	int rc;

	*wp = NULL;
	w = calloc(1, sizeof(*w));
	if (!w)
		return wp_fail(err, WP_ENOMEM, "%s: out of memory", name);
	w->src = src;
	snprintf(w->name, sizeof(w->name), "%s", name ? name : "WIM");
	rc = parse_header(w, err);
	if (!rc)
		rc = read_lookup_table(w, err);
	if (rc) {
		wim_close(w);
		return rc;
	}
	*wp = w;
	return WP_OK;
}

/* Free a reader and everything it holds. */
void wim_close(struct wim *w)
{
	uint32_t i;

	if (!w)
		return;
	wim_cache_free(w);
	for (i = 0; i < w->nsolids; i++)
		free(w->solids[i].chunk_off);
	free(w->solids);
	free(w->blobs);
	free(w->by_sha1);
	free(w->meta);
	free(w->md);
	free(w->visited);
	free(w);
}

/* Number of images with a metadata resource. */
unsigned wim_image_count(const struct wim *w)
{
	return w->image_count;
}

/* The header's boot index (1-based), 0 if none. */
unsigned wim_boot_index(const struct wim *w)
{
	return w->boot_index;
}

/* The XML data, as stored (UTF-16LE), malloc'd. */
int wim_read_xml(struct wim *w, uint8_t **xml, size_t *len, struct wp_err *err)
{
	return wim_res_load(w, &w->xml, 64u << 20, "XML data", xml, len, err);
}

/* Load and verify the metadata of image index (0 = boot image, else 1). */
int wim_select_image(struct wim *w, unsigned index, struct wp_err *err)
{
	const struct wim_blob *m;
	uint8_t digest[20];
	uint8_t *md;
	size_t len;
	int rc;

	if (!index)
		index = w->boot_index ? w->boot_index : 1;
	if (index > w->image_count)
		return wp_fail(err, WP_ENOENT, "%s: image %u does not exist (%u images)",
			       w->name, index, w->image_count);
	if (w->md && w->image == index)
		return WP_OK;
	free(w->md);
	w->md = NULL;
	w->image = 0;
	m = &w->meta[index - 1];
	if (m->r.usize < 8 || m->r.usize > WIM_MAX_METADATA)
		return wp_fail(err, WP_EFORMAT,
			       "%s: image %u: bad metadata resource size %llu",
			       w->name, index, (unsigned long long)m->r.usize);
	len = (size_t)m->r.usize;
	md = malloc(len);
	if (!md)
		return wp_fail(err, WP_ENOMEM,
			       "%s: image %u: out of memory for %zu bytes of metadata",
			       w->name, index, len);
	rc = wim_res_read(w, m, 0, md, len, err);
	if (rc) {
		free(md);
		return rc;
	}
	sha1(md, len, digest);
	if (memcmp(digest, m->sha1, 20)) {
		free(md);
		return wp_fail(err, WP_EFORMAT,
			       "%s: image %u: metadata resource is corrupted (SHA-1 mismatch)",
			       w->name, index);
	}
	w->md = md;
	w->md_len = len;
	w->image = index;
	rc = wim_meta_init(w, err);
	if (rc) {
		free(w->md);
		w->md = NULL;
		w->image = 0;
	}
	return rc;
}
