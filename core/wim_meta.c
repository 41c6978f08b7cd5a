/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * wim_meta.c - image metadata: security data, directory entries (every field
 * bounds-checked), extra stream entries, case-insensitive path lookup and a
 * walk over the whole tree.
 */
#include "wim_int.h"
#include "utf16.h"

#define DENTRY_FIXED 102
#define ATTR_DIRECTORY 0x10u
#define ATTR_REPARSE 0x400u

/* A parsed directory entry. */
struct dentry {
	size_t off;            /* where it starts in the metadata */
	size_t next;           /* the next sibling (after extra streams) */
	uint32_t attr;
	uint64_t subdir;
	const uint8_t *name;   /* UTF-16LE, name_units code units */
	size_t name_units;
	const uint8_t *hash;   /* SHA-1 of the unnamed data stream */
};

static const uint8_t zero_hash[20];

/* Round v up to a multiple of 8. */
static inline uint64_t align8(uint64_t v)
{
	return (v + 7) & ~(uint64_t)7;
}

/*
 * Parse the dentry at off.  Returns 1 for an entry, 0 for the end of a
 * sibling list, or a negative error.
 */
static int parse_dentry(struct wim *w, size_t off, struct dentry *d,
			struct wp_err *err)
{
	const uint8_t *p, *md = w->md;
	uint64_t len, need, q;
	unsigned nstreams, i, name_b, short_b;
	const uint8_t *main_hash, *extra_hash = NULL;

	if (off > w->md_len || w->md_len - off < 8)
		return wp_fail(err, WP_EFORMAT,
			       "%s: image %u: dentry at %zu beyond end of metadata",
			       w->name, w->image, off);
	p = md + off;
	len = wp_le64(p);
	if (!len) {
		d->next = off + 8;
		return 0;
	}
	if (len < DENTRY_FIXED || len > w->md_len - off)
		return wp_fail(err, WP_EFORMAT,
			       "%s: image %u: dentry at %zu: bad length %llu",
			       w->name, w->image, off, (unsigned long long)len);
	d->off = off;
	d->attr = wp_le32(p + 0x08);
	d->subdir = wp_le64(p + 0x10);
	main_hash = p + 0x40;
	nstreams = wp_le16(p + 0x60);
	short_b = wp_le16(p + 0x62);
	name_b = wp_le16(p + 0x64);
	if ((name_b | short_b) & 1)
		return wp_fail(err, WP_EFORMAT,
			       "%s: image %u: dentry at %zu: odd name length",
			       w->name, w->image, off);
	need = DENTRY_FIXED + (name_b ? name_b + 2u : 0) +
	       (short_b ? short_b + 2u : 0);
	if (need > len)
		return wp_fail(err, WP_EFORMAT,
			       "%s: image %u: dentry at %zu: names exceed its length",
			       w->name, w->image, off);
	d->name = p + DENTRY_FIXED;
	d->name_units = name_b / 2;
	q = align8(off + len);
	for (i = 0; i < nstreams; i++) {
		uint64_t elen;
		unsigned sname;

		if (q > w->md_len || w->md_len - q < 38)
			return wp_fail(err, WP_EFORMAT,
				       "%s: image %u: dentry at %zu: stream entry %u beyond end of metadata",
				       w->name, w->image, off, i);
		elen = wp_le64(md + q);
		sname = wp_le16(md + q + 36);
		if (elen < 38 || elen > w->md_len - q || 38u + sname > elen ||
		    (sname & 1))
			return wp_fail(err, WP_EFORMAT,
				       "%s: image %u: dentry at %zu: bad stream entry %u",
				       w->name, w->image, off, i);
		if (!sname && !extra_hash)
			extra_hash = md + q + 16;
		q += align8(elen);
	}
	if (q > w->md_len)
		q = w->md_len;   /* the next parse reports it */
	d->next = (size_t)q;
	if ((d->attr & ATTR_REPARSE) || wim_zero_hash(main_hash))
		d->hash = extra_hash ? extra_hash :
			  (d->attr & ATTR_REPARSE) ? zero_hash : main_hash;
	else
		d->hash = main_hash;
	return 1;
}

/* Check the security data and the root dentry of the loaded metadata. */
int wim_meta_init(struct wim *w, struct wp_err *err)
{
	uint64_t total = wp_le32(w->md), n = wp_le32(w->md + 4);
	struct dentry d;
	int rc;

	if (!total)
		total = 8;
	if (total < 8 || total > w->md_len || 8 + 8 * n > total)
		return wp_fail(err, WP_EFORMAT,
			       "%s: image %u: bad security data (length %llu, %llu entries)",
			       w->name, w->image, (unsigned long long)total,
			       (unsigned long long)n);
	w->root = (size_t)align8(total);
	rc = parse_dentry(w, w->root, &d, err);
	if (rc == 0)
		rc = wp_fail(err, WP_EFORMAT, "%s: image %u: no root directory",
			     w->name, w->image);
	return rc < 0 ? rc : WP_OK;
}

/* Fill f from dentry d (size and blob from the lookup table). */
static void fill_file(struct wim *w, const struct dentry *d, struct wim_file *f)
{
	int b = -1;

	memset(f, 0, sizeof(*f));
	f->attributes = d->attr;
	memcpy(f->sha1, d->hash, 20);
	if (!wim_zero_hash(d->hash))
		b = wim_find_blob(w, d->hash);
	f->blob = b;
	f->size = b >= 0 ? w->blobs[b].r.usize : 0;
}

/* Find the file or directory at path in the selected image. */
int wim_lookup(struct wim *w, const char *path, struct wim_file *f,
	       struct wp_err *err)
{
	struct dentry d;
	const char *p = path;
	int rc;

	if (!w->md)
		return wp_fail(err, WP_EINVAL, "%s: no image selected", w->name);
	rc = parse_dentry(w, w->root, &d, err);
	if (rc <= 0)
		return rc ? rc : WP_EFORMAT;
	for (;;) {
		const char *c;
		size_t clen, off;

		while (*p == '\\' || *p == '/')
			p++;
		if (!*p)
			break;
		for (c = p; *p && *p != '\\' && *p != '/'; p++)
			;
		clen = (size_t)(p - c);
		if (!(d.attr & ATTR_DIRECTORY) || !d.subdir)
			return wp_fail(err, WP_ENOENT, "%s: %s: not found in image %u",
				       w->name, path, w->image);
		if (d.subdir > w->md_len)
			return wp_fail(err, WP_EFORMAT,
				       "%s: image %u: dentry at %zu: bad subdirectory offset",
				       w->name, w->image, d.off);
		off = (size_t)d.subdir;
		for (;;) {
			rc = parse_dentry(w, off, &d, err);
			if (rc < 0)
				return rc;
			if (!rc)
				return wp_fail(err, WP_ENOENT,
					       "%s: %s: not found in image %u",
					       w->name, path, w->image);
			if (d.name_units &&
			    utf16le_eq_utf8_ci(d.name, d.name_units, c, clen))
				break;
			off = d.next;
		}
	}
	fill_file(w, &d, f);
	if (f->blob < 0 && !wim_zero_hash(f->sha1))
		return wp_fail(err, WP_EFORMAT,
			       "%s: %s: data blob missing from the lookup table",
			       w->name, path);
	return WP_OK;
}

/* Read len bytes at off of a file's data. */
int wim_read(struct wim *w, const struct wim_file *f, uint64_t off, void *buf,
	     size_t len, struct wp_err *err)
{
	if (off > f->size || len > f->size - off)
		return wp_fail(err, WP_ERANGE, "%s: read beyond end of file",
			       w->name);
	if (!len)
		return WP_OK;
	if (f->blob < 0 || (uint32_t)f->blob >= w->nblobs)
		return wp_fail(err, WP_ENOENT, "%s: file data missing", w->name);
	if (off + len > w->blobs[f->blob].r.usize)
		return wp_fail(err, WP_ERANGE, "%s: read beyond end of file",
			       w->name);
	return wim_res_read(w, &w->blobs[f->blob], off, buf, len, err);
}

/* One level of the walk: the next sibling to visit and the parent path. */
struct walk_level {
	size_t off;
	size_t plen;
};

/* Walk state kept on the heap. */
struct walk {
	struct walk_level *lv;
	size_t nlv, cap_lv;
	char *path;
	size_t cap_path;
};

/* Push a child list at off whose parent path has plen bytes. */
static int walk_push(struct wim *w, struct walk *k, size_t off, size_t plen,
		     struct wp_err *err)
{
	if (k->nlv == k->cap_lv) {
		size_t nc = k->cap_lv ? k->cap_lv * 2 : 16;
		struct walk_level *n = realloc(k->lv, nc * sizeof(*n));
		if (!n)
			return wp_fail(err, WP_ENOMEM, "%s: out of memory", w->name);
		k->lv = n;
		k->cap_lv = nc;
	}
	k->lv[k->nlv].off = off;
	k->lv[k->nlv].plen = plen;
	k->nlv++;
	return WP_OK;
}

/* Mark a child list as visited; fails if it was seen before (cycle). */
static int walk_visit(struct wim *w, uint64_t off, size_t from,
		      struct wp_err *err)
{
	size_t bit = (size_t)(off >> 3);

	if (off > w->md_len)
		return wp_fail(err, WP_EFORMAT,
			       "%s: image %u: dentry at %zu: bad subdirectory offset",
			       w->name, w->image, from);
	if (w->visited[bit >> 3] & (1u << (bit & 7)))
		return wp_fail(err, WP_EFORMAT,
			       "%s: image %u: dentry at %zu: directory cycle or shared directory",
			       w->name, w->image, from);
	w->visited[bit >> 3] |= (uint8_t)(1u << (bit & 7));
	return WP_OK;
}

/* Call fn for every file and directory of the selected image. */
int wim_walk(struct wim *w,
	     int (*fn)(void *ctx, const char *path, const struct wim_file *f),
	     void *ctx, struct wp_err *err)
{
	struct walk k;
	struct dentry d;
	size_t vlen;
	int rc;

	if (!w->md)
		return wp_fail(err, WP_EINVAL, "%s: no image selected", w->name);
	memset(&k, 0, sizeof(k));
	vlen = w->md_len / 64 + 1;
	free(w->visited);
	w->visited = calloc(vlen, 1);
	k.cap_path = 256;
	k.path = malloc(k.cap_path);
	if (!w->visited || !k.path) {
		rc = wp_fail(err, WP_ENOMEM, "%s: out of memory", w->name);
		goto out;
	}
	rc = parse_dentry(w, w->root, &d, err);
	if (rc <= 0)
		goto out;
	rc = WP_OK;
	if ((d.attr & ATTR_DIRECTORY) && d.subdir) {
		rc = walk_visit(w, d.subdir, d.off, err);
		if (!rc)
			rc = walk_push(w, &k, (size_t)d.subdir, 0, err);
	}
	while (!rc && k.nlv) {
		struct walk_level *top = &k.lv[k.nlv - 1];
		struct wim_file f;
		size_t plen = top->plen, nlen, need;

		rc = parse_dentry(w, top->off, &d, err);
		if (rc < 0)
			break;
		if (!rc) {
			k.nlv--;
			continue;
		}
		rc = WP_OK;
		top->off = d.next;
		if (!d.name_units)
			continue;   /* unnamed non-root entry: skip it */
		nlen = utf16le_to_utf8(d.name, d.name_units, NULL, 0);
		need = plen + 1 + nlen + 1;
		if (need > k.cap_path) {
			size_t nc = k.cap_path;
			char *np;

			while (nc < need)
				nc *= 2;
			np = realloc(k.path, nc);
			if (!np) {
				rc = wp_fail(err, WP_ENOMEM, "%s: out of memory",
					     w->name);
				break;
			}
			k.path = np;
			k.cap_path = nc;
		}
		k.path[plen] = '\\';
		utf16le_to_utf8(d.name, d.name_units, k.path + plen + 1, nlen);
		k.path[plen + 1 + nlen] = '\0';
		fill_file(w, &d, &f);
		rc = fn(ctx, k.path, &f);
		if (rc)
			break;
		if ((d.attr & ATTR_DIRECTORY) && d.subdir) {
			rc = walk_visit(w, d.subdir, d.off, err);
			if (!rc)
				rc = walk_push(w, &k, (size_t)d.subdir,
					       plen + 1 + nlen, err);
		}
	}
out:
	free(k.lv);
	free(k.path);
	free(w->visited);
	w->visited = NULL;
	return rc;
}
