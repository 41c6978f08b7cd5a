/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * wim_res.c - reading WIM resources: uncompressed, non-solid compressed
 * (4- or 8-byte chunk tables, raw stored chunks) and solid resources
 * (16-byte header, per-chunk compressed sizes, own format and chunk size),
 * decompressing only the chunks a read touches, with a small chunk cache.
 */
#include "wim_int.h"
#include "decomp.h"

/* Name of a chunk format for messages. */
static const char *fmt_str(uint32_t fmt)
{
	static const char *const names[] = { "uncompressed", "XPRESS", "LZX", "LZMS" };

	return fmt <= WIM_FMT_LZMS ? names[fmt] : "unknown";
}

/* Whether v is a power of two within [lo, hi]. */
static bool pow2_in(uint64_t v, uint64_t lo, uint64_t hi)
{
	return v >= lo && v <= hi && !(v & (v - 1));
}

/* Whether chunk size c is valid for chunk format fmt (wimlib's limits). */
bool wim_chunk_size_ok(uint32_t fmt, uint64_t c)
{
	switch (fmt) {
	case WIM_FMT_XPRESS: return pow2_in(c, 1u << 12, 1u << 16);
	case WIM_FMT_LZX:    return pow2_in(c, 1u << 15, 1u << 21);
	case WIM_FMT_LZMS:   return pow2_in(c, 1u << 15, 1u << 30);
	case WIM_FMT_NONE:   return pow2_in(c, 1u << 9, 1u << 30);
	}
	return false;
}

/* Describe the resource of b for messages ("lookup table entry 12"). */
static void res_what(const struct wim_blob *b, char *buf, size_t cap)
{
	if (b->entry == UINT32_MAX)
		snprintf(buf, cap, "lookup table");
	else
		snprintf(buf, cap, "lookup table entry %u", b->entry);
}

/* Read and validate the header of solid resource s (lookup entry `entry`). */
int wim_solid_check(struct wim *w, struct wim_solid *s, uint32_t entry,
		    struct wp_err *err)
{
	uint8_t h[16];
	int rc;

	if (s->offset > w->src->size || s->stored > w->src->size - s->offset)
		return wp_fail(err, WP_EFORMAT,
			       "%s: lookup table entry %u: solid resource beyond end of file",
			       w->name, entry);
	if (s->stored < 16)
		return wp_fail(err, WP_EFORMAT,
			       "%s: lookup table entry %u: solid resource too small",
			       w->name, entry);
	rc = wp_src_read(w->src, s->offset, h, sizeof(h));
	if (rc)
		return wp_fail(err, rc, "%s: lookup table entry %u: cannot read solid header",
			       w->name, entry);
	s->usize = wp_le64(h);
	s->chunk_size = wp_le32(h + 8);
	s->format = wp_le32(h + 12);
	if (s->format > WIM_FMT_LZMS)
		return wp_fail(err, WP_EUNSUPP,
			       "%s: lookup table entry %u: unknown solid compression format %u",
			       w->name, entry, s->format);
	if (!wim_chunk_size_ok(s->format, s->chunk_size))
		return wp_fail(err, WP_EFORMAT,
			       "%s: lookup table entry %u: invalid solid chunk size %u for %s",
			       w->name, entry, s->chunk_size, fmt_str(s->format));
	s->nchunks = s->usize ? (s->usize - 1) / s->chunk_size + 1 : 0;
	if (s->nchunks > (s->stored - 16) / 4)
		return wp_fail(err, WP_EFORMAT,
			       "%s: lookup table entry %u: solid chunk table larger than the resource",
			       w->name, entry);
	return WP_OK;
}

/* Load the chunk table of a solid resource as file offsets (once). */
static int solid_load_table(struct wim *w, struct wim_solid *s,
			    struct wp_err *err)
{
	uint64_t n = s->nchunks, i, pos, limit, base;
	uint8_t *t;
	uint64_t *off;
	int rc;

	if (s->chunk_off)
		return WP_OK;
	if (n > SIZE_MAX / 8 - 1)
		return wp_fail(err, WP_ENOMEM, "%s: solid chunk table too large",
			       w->name);
	t = malloc(n ? (size_t)n * 4 : 1);
	off = malloc((size_t)(n + 1) * 8);
	if (!t || !off) {
		free(t);
		free(off);
		return wp_fail(err, WP_ENOMEM,
			       "%s: out of memory for a solid chunk table", w->name);
	}
	rc = wp_src_read(w->src, s->offset + 16, t, (size_t)n * 4);
	if (rc) {
		free(t);
		free(off);
		return wp_fail(err, rc, "%s: cannot read a solid chunk table",
			       w->name);
	}
	base = s->offset + 16 + n * 4;
	limit = s->stored - 16 - n * 4;
	pos = 0;
	for (i = 0; i < n; i++) {
		off[i] = base + pos;
		pos += wp_le32(t + 4 * i);
		if (pos > limit) {
			free(t);
			free(off);
			return wp_fail(err, WP_EFORMAT,
				       "%s: solid resource at %llu: chunk %llu beyond the resource",
				       w->name, (unsigned long long)s->offset,
				       (unsigned long long)i);
		}
	}
	off[n] = base + pos;
	free(t);
	s->chunk_off = off;
	return WP_OK;
}

/* Free the chunk cache and the scratch input buffer. */
void wim_cache_free(struct wim *w)
{
	unsigned i;

	for (i = 0; i < WIM_CACHE_SLOTS; i++) {
		free(w->cache[i].data);
		memset(&w->cache[i], 0, sizeof(w->cache[i]));
	}
	free(w->in);
	w->in = NULL;
	w->in_cap = 0;
	wp_dscratch_free(&w->dws);
}

/* Decompress one chunk of fmt into out (exactly ulen bytes), state in ws. */
static int decompress(uint32_t fmt, const uint8_t *in, size_t clen,
		      uint8_t *out, size_t ulen, uint32_t window, struct wp_dscratch *ws)
{
	switch (fmt) {
	case WIM_FMT_XPRESS: return xpress_decompress_ws(in, clen, out, ulen, ws);
	case WIM_FMT_LZX:    return lzx_decompress_ws(in, clen, out, ulen, window, ws);
	case WIM_FMT_LZMS:   return lzms_decompress_ws(in, clen, out, ulen, ws);
	}
	return WP_EFORMAT;
}

/* Where one chunk is and how to decode it. */
struct chunk_ref {
	uint64_t key_res, key_stored, index;
	uint64_t pos, clen;   /* compressed bytes in the file */
	size_t ulen;          /* uncompressed bytes */
	uint32_t fmt, window;
};

/*
 * Return the decompressed chunk c, from the cache or by reading and
 * decompressing it.  A chunk stored with ulen bytes is raw.
 */
static int get_chunk(struct wim *w, const struct chunk_ref *c,
		     const uint8_t **out, const char *what, struct wp_err *err)
{
	struct wim_cslot *slot = NULL;
	unsigned i;
	int rc;

	for (i = 0; i < WIM_CACHE_SLOTS; i++) {
		struct wim_cslot *s = &w->cache[i];
		if (s->key_res == c->key_res + 1 && s->key_stored == c->key_stored &&
		    s->key_chunk == c->index && s->len == c->ulen) {
			s->stamp = ++w->stamp;
			*out = s->data;
			return WP_OK;
		}
	}
	if (!c->clen || c->clen > c->ulen)
		return wp_fail(err, WP_EFORMAT,
			       "%s: %s: chunk %llu has invalid compressed size %llu",
			       w->name, what, (unsigned long long)c->index,
			       (unsigned long long)c->clen);
	if (c->fmt == WIM_FMT_NONE && c->clen != c->ulen)
		return wp_fail(err, WP_EFORMAT,
			       "%s: %s: chunk %llu: short chunk in an uncompressed solid resource",
			       w->name, what, (unsigned long long)c->index);
	/* least recently used slot; a big chunk is cached alone */
	for (i = 0; i < WIM_CACHE_SLOTS; i++) {
		struct wim_cslot *s = &w->cache[i];
		if (!slot || s->stamp < slot->stamp)
			slot = s;
	}
	if (c->ulen > WIM_BIG_CHUNK) {
		for (i = 0; i < WIM_CACHE_SLOTS; i++) {
			struct wim_cslot *s = &w->cache[i];
			if (s != slot) {
				free(s->data);
				memset(s, 0, sizeof(*s));
			}
		}
	}
	slot->key_res = 0;
	slot->len = 0;
	if (slot->cap < c->ulen) {
		free(slot->data);
		slot->cap = 0;
		slot->data = malloc(c->ulen);
		if (!slot->data)
			return wp_fail(err, WP_ENOMEM,
				       "%s: %s: out of memory for a %zu-byte chunk",
				       w->name, what, c->ulen);
		slot->cap = c->ulen;
	}
	if (c->clen == c->ulen) {
		rc = wp_src_read(w->src, c->pos, slot->data, c->ulen);
	} else {
		if (w->in_cap < c->clen) {
			free(w->in);
			w->in_cap = 0;
			w->in = malloc((size_t)c->clen);
			if (!w->in)
				return wp_fail(err, WP_ENOMEM,
					       "%s: %s: out of memory for a %llu-byte chunk",
					       w->name, what,
					       (unsigned long long)c->clen);
			w->in_cap = (size_t)c->clen;
		}
		rc = wp_src_read(w->src, c->pos, w->in, (size_t)c->clen);
		if (!rc) {
			rc = decompress(c->fmt, w->in, (size_t)c->clen, slot->data,
					c->ulen, c->window, &w->dws);
			if (rc == WP_EUNSUPP)
				return wp_fail(err, rc,
					       "%s: %s: %s decompression is not available in this build",
					       w->name, what, fmt_str(c->fmt));
			if (rc)
				return wp_fail(err, rc == WP_ENOMEM ? rc : WP_EFORMAT,
					       "%s: %s: chunk %llu: corrupt %s data (%s)",
					       w->name, what,
					       (unsigned long long)c->index,
					       fmt_str(c->fmt), wp_strerror(rc));
			rc = WP_OK;
		}
	}
	if (rc)
		return wp_fail(err, rc, "%s: %s: cannot read chunk %llu",
			       w->name, what, (unsigned long long)c->index);
	slot->key_res = c->key_res + 1;
	slot->key_stored = c->key_stored;
	slot->key_chunk = c->index;
	slot->len = c->ulen;
	slot->stamp = ++w->stamp;
	*out = slot->data;
	return WP_OK;
}

/* Read a little-endian 4- or 8-byte chunk table entry at pos. */
static int read_entry(struct wim *w, uint64_t pos, unsigned width,
		      uint64_t *v)
{
	uint8_t b[8];
	int rc = wp_src_read(w->src, pos, b, width);

	if (rc)
		return rc;
	*v = width == 8 ? wp_le64(b) : wp_le32(b);
	return WP_OK;
}

/* Locate chunk k of a non-solid compressed resource r. */
static int nonsolid_chunk(struct wim *w, const struct wim_reshdr *r,
			  uint64_t k, struct chunk_ref *c, const char *what,
			  struct wp_err *err)
{
	uint64_t C = w->chunk_size, n = (r->usize - 1) / C + 1;
	unsigned width = r->usize > 0xFFFFFFFFull ? 8 : 4;
	uint64_t tbl, data_len, start = 0, end = 0;
	int rc;

	if (n - 1 > r->stored / width)
		return wp_fail(err, WP_EFORMAT,
			       "%s: %s: chunk table larger than the resource",
			       w->name, what);
	tbl = (n - 1) * width;
	data_len = r->stored - tbl;
	rc = k ? read_entry(w, r->offset + (k - 1) * width, width, &start) : 0;
	if (!rc)
		rc = k + 1 < n ? read_entry(w, r->offset + k * width, width, &end) : 0;
	if (k + 1 >= n)
		end = data_len;
	if (rc)
		return wp_fail(err, rc, "%s: %s: cannot read the chunk table",
			       w->name, what);
	if (start > end || end > data_len)
		return wp_fail(err, WP_EFORMAT,
			       "%s: %s: chunk %llu: bad chunk table entry",
			       w->name, what, (unsigned long long)k);
	c->key_res = r->offset;
	c->key_stored = r->stored << 8 | 1;
	c->index = k;
	c->pos = r->offset + tbl + start;
	c->clen = end - start;
	c->ulen = (size_t)(k + 1 < n ? C : r->usize - (n - 1) * C);
	c->fmt = w->hdr_format;
	c->window = (uint32_t)C;
	return WP_OK;
}

/* Locate chunk k of solid resource s. */
static int solid_chunk(struct wim *w, struct wim_solid *s, uint64_t k,
		       struct chunk_ref *c, struct wp_err *err)
{
	int rc = solid_load_table(w, s, err);

	if (rc)
		return rc;
	c->key_res = s->offset;
	c->key_stored = s->stored << 8 | 2;
	c->index = k;
	c->pos = s->chunk_off[k];
	c->clen = s->chunk_off[k + 1] - s->chunk_off[k];
	c->ulen = (size_t)(k + 1 < s->nchunks ? s->chunk_size :
			   s->usize - (s->nchunks - 1) * s->chunk_size);
	c->fmt = s->format;
	c->window = s->chunk_size;
	return WP_OK;
}

/* Read len bytes at off of the uncompressed data of blob or resource b. */
int wim_res_read(struct wim *w, const struct wim_blob *b, uint64_t off,
		 void *buf, size_t len, struct wp_err *err)
{
	struct wim_solid *s = NULL;
	uint8_t *out = buf;
	uint64_t C, pos;
	char what[48];
	int rc;

	res_what(b, what, sizeof(what));
	if (off > b->r.usize || len > b->r.usize - off)
		return wp_fail(err, WP_ERANGE, "%s: %s: read beyond the end of the data",
			       w->name, what);
	if (!len)
		return WP_OK;
	if (b->solid >= 0) {
		s = &w->solids[b->solid];
		C = s->chunk_size;
		pos = b->r.offset + off;
	} else if (!(b->r.flags & WIM_RES_COMPRESSED)) {
		rc = wp_src_read(w->src, b->r.offset + off, buf, len);
		if (rc)
			return wp_fail(err, rc, "%s: %s: read error", w->name, what);
		return WP_OK;
	} else {
		if (w->hdr_format == WIM_FMT_NONE)
			return wp_fail(err, WP_EFORMAT,
				       "%s: %s: compressed resource in a WIM without compression",
				       w->name, what);
		C = w->chunk_size;
		pos = off;
	}
	while (len) {
		struct chunk_ref c;
		const uint8_t *data = NULL;
		uint64_t k = pos / C;
		size_t in_chunk = (size_t)(pos % C), n;

		memset(&c, 0, sizeof(c));

		rc = s ? solid_chunk(w, s, k, &c, err)
		       : nonsolid_chunk(w, &b->r, k, &c, what, err);
		if (!rc)
			rc = get_chunk(w, &c, &data, what, err);
		if (rc)
			return rc;
		if (in_chunk >= c.ulen)
			return wp_fail(err, WP_EFORMAT, "%s: %s: chunk %llu too short",
				       w->name, what, (unsigned long long)k);
		n = c.ulen - in_chunk;
		if (n > len)
			n = len;
		memcpy(out, data + in_chunk, n);
		out += n;
		pos += n;
		len -= n;
	}
	return WP_OK;
}

/* Load a whole non-solid resource (see wim_int.h). */
int wim_res_load(struct wim *w, const struct wim_reshdr *r, size_t max, const char *what,
		 uint8_t **out, size_t *out_len, struct wp_err *err)
{
	uint64_t file_len = w->src->size;
	struct wim_blob b;
	int rc;

	memset(&b, 0, sizeof(b));
	b.r = *r;
	b.solid = -1;
	b.entry = UINT32_MAX;
	if ((b.r.flags & WIM_RES_SOLID) || b.r.offset > file_len ||
	    b.r.stored > file_len - b.r.offset || b.r.usize > max ||
	    (!(b.r.flags & WIM_RES_COMPRESSED) && b.r.stored != b.r.usize))
		return wp_fail(err, WP_EFORMAT, "%s: bad %s resource header", w->name, what);
	*out = malloc(b.r.usize ? (size_t)b.r.usize : 1);
	if (!*out)
		return wp_fail(err, WP_ENOMEM, "%s: out of memory for the %s", w->name, what);
	rc = wim_res_read(w, &b, 0, *out, (size_t)b.r.usize, err);
	if (rc) {
		free(*out);
		*out = NULL;
		return rc;
	}
	*out_len = (size_t)b.r.usize;
	return WP_OK;
}
