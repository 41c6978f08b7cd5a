/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * wimpatch_meta.c - the metadata of the patched boot image: a copy of the
 * selected image's metadata in which every directory that receives files
 * (or new subdirectories) gets a new child list appended at the end:
 * its original children (minus the files being replaced, compared
 * case-insensitively), the injected file dentries and the new directories,
 * then the 8-byte terminator.  The directory's subdir_offset is pointed at
 * the new list; the old list stays in place, unreferenced.
 */
#include "wimpatch_int.h"
#include "utf16.h"

#define D_FIXED 102u
#define A_DIR 0x10u
#define A_NORMAL 0x80u
#define INJ_TIME 0x01A7B83D2AD93000ull /* fixed non-zero FILETIME (1978-12-10) */
#define MAX_UNITS 255u                 /* longest name component (UTF-16 units) */

/* A directory on the way to an injected file. */
struct mdir {
	uint8_t *name;   /* UTF-16LE component (NULL for the root) */
	size_t nu;
	int parent;
	bool exists;
	size_t orig;     /* existing: offset of its dentry */
	uint64_t list;   /* existing: offset of its child list, 0 if none */
	size_t loc;      /* offset of its dentry in the new metadata */
	bool rewrite;    /* gets a new child list */
};

/* An injected file placed in a directory. */
struct mfile {
	int dir;
	uint8_t *name;
	size_t nu;
	bool superseded; /* a later injection has the same target */
};

/* A parsed dentry of the original metadata. */
struct ment {
	size_t off, next;
	uint32_t attr;
	uint64_t subdir;
	const uint8_t *name;
	size_t nu;
	const uint8_t *hash;
};

struct mstate {
	struct wim *w;
	const uint8_t *md;
	size_t md_len;
	struct mdir *d;
	unsigned nd, capd;
	struct mfile *f;
	uint8_t *out;
	size_t len, cap;
	struct wp_err *err;
};

/* Case-insensitive equality of two UTF-16LE names. */
static bool u16eq(const uint8_t *a, size_t na, const uint8_t *b, size_t nb)
{
	size_t i;

	if (na != nb)
		return false;
	for (i = 0; i < na; i++)
		if (utf16_upcase(wp_le16(a + 2 * i)) != utf16_upcase(wp_le16(b + 2 * i)))
			return false;
	return true;
}

/*
 * Parse the original dentry at off (every field bounds-checked).  Returns 1
 * for an entry, 0 for the end of a list, or a negative error.
 */
static int ment_parse(struct mstate *s, size_t off, struct ment *e)
{
	const uint8_t *p;
	uint64_t len, q;
	unsigned i, ns, nb, sb;

	if (off > s->md_len || s->md_len - off < 8)
		return wp_fail(s->err, WP_EFORMAT,
			       "%s: image %u: dentry at %zu beyond end of metadata",
			       s->w->name, s->w->image, off);
	p = s->md + off;
	len = wp_le64(p);
	if (!len) {
		e->next = off + 8;
		return 0;
	}
	if (len < D_FIXED || len > s->md_len - off)
		return wp_fail(s->err, WP_EFORMAT,
			       "%s: image %u: dentry at %zu: bad length %llu",
			       s->w->name, s->w->image, off, (unsigned long long)len);
	ns = wp_le16(p + 0x60);
	sb = wp_le16(p + 0x62);
	nb = wp_le16(p + 0x64);
	if ((nb | sb) & 1 || D_FIXED + (nb ? nb + 2u : 0) + (sb ? sb + 2u : 0) > len)
		return wp_fail(s->err, WP_EFORMAT,
			       "%s: image %u: dentry at %zu: bad names",
			       s->w->name, s->w->image, off);
	e->off = off;
	e->attr = wp_le32(p + 0x08);
	e->subdir = wp_le64(p + 0x10);
	e->hash = p + 0x40;
	e->name = p + D_FIXED;
	e->nu = nb / 2;
	q = wimpatch_align8(off + len);
	for (i = 0; i < ns; i++) {
		uint64_t el;

		if (q > s->md_len || s->md_len - q < 38)
			return wp_fail(s->err, WP_EFORMAT,
				       "%s: image %u: dentry at %zu: stream entry beyond end of metadata",
				       s->w->name, s->w->image, off);
		el = wp_le64(s->md + q);
		if (el < 38 || el > s->md_len - q)
			return wp_fail(s->err, WP_EFORMAT,
				       "%s: image %u: dentry at %zu: bad stream entry",
				       s->w->name, s->w->image, off);
		q += wimpatch_align8(el);
	}
	if (q > s->md_len)
		return wp_fail(s->err, WP_EFORMAT,
			       "%s: image %u: dentry at %zu: streams beyond end of metadata",
			       s->w->name, s->w->image, off);
	e->next = (size_t)q;
	return 1;
}

/* Find name in the original child list at list; 1 found, 0 not, < 0 error. */
static int find_child(struct mstate *s, uint64_t list, const uint8_t *name,
		      size_t nu, struct ment *e)
{
	size_t off = (size_t)list;
	int rc;

	if (!list)
		return 0;
	if (list > s->md_len)
		return wp_fail(s->err, WP_EFORMAT,
			       "%s: image %u: bad subdirectory offset %llu",
			       s->w->name, s->w->image, (unsigned long long)list);
	for (;;) {
		rc = ment_parse(s, off, e);
		if (rc <= 0)
			return rc;
		if (u16eq(e->name, e->nu, name, nu))
			return 1;
		off = e->next;
	}
}

/* Convert one UTF-8 path component to a malloc'd UTF-16LE name. */
static int to16(struct mstate *s, const char *c, size_t clen, const char *target,
		uint8_t **name, size_t *nu)
{
	long n = utf8_to_utf16le(c, clen, NULL, 0);

	if (n <= 0 || (size_t)n > MAX_UNITS ||
	    (clen == 1 && c[0] == '.') || (clen == 2 && c[0] == '.' && c[1] == '.'))
		return wp_fail(s->err, WP_EINVAL, "inject %s: bad name component",
			       target);
	*name = malloc((size_t)n * 2);
	if (!*name)
		return wp_fail(s->err, WP_ENOMEM, "out of memory");
	utf8_to_utf16le(c, clen, *name, (size_t)n);
	*nu = (size_t)n;
	return WP_OK;
}

/* The child directory `name` of parent, created (as not yet resolved) if new. */
static int get_dir(struct mstate *s, int parent, uint8_t *name, size_t nu)
{
	unsigned i;

	for (i = 1; i < s->nd; i++)
		if (s->d[i].parent == parent && u16eq(s->d[i].name, s->d[i].nu, name, nu)) {
			free(name);
			return (int)i;
		}
	if (s->nd == s->capd) {
		unsigned nc = s->capd * 2;
		struct mdir *n = realloc(s->d, nc * sizeof(*n));
		if (!n) {
			free(name);
			return wp_fail(s->err, WP_ENOMEM, "out of memory");
		}
		s->d = n;
		s->capd = nc;
	}
	memset(&s->d[s->nd], 0, sizeof(s->d[0]));
	s->d[s->nd].name = name;
	s->d[s->nd].nu = nu;
	s->d[s->nd].parent = parent;
	return (int)s->nd++;
}

/* Split a target into directories (created in s->d) and the file name. */
static int place(struct mstate *s, const char *target, struct mfile *f)
{
	char *full = NULL;
	const char *p, *c;
	int dir = 0, rc = WP_OK;

	if (!target || !*target)
		return wp_fail(s->err, WP_EINVAL, "inject: empty target name");
	for (p = target; *p && *p != '\\' && *p != '/'; p++)
		;
	if (!*p) {
		size_t l = strlen(WIMPATCH_DEFAULT_DIR) + 1 + strlen(target) + 1;
		full = malloc(l);
		if (!full)
			return wp_fail(s->err, WP_ENOMEM, "out of memory");
		snprintf(full, l, "%s\\%s", WIMPATCH_DEFAULT_DIR, target);
		target = full;
	}
	p = target;
	for (;;) {
		uint8_t *name;
		size_t nu = 0, clen;

		while (*p == '\\' || *p == '/')
			p++;
		for (c = p; *p && *p != '\\' && *p != '/'; p++)
			;
		clen = (size_t)(p - c);
		if (!clen) {
			rc = wp_fail(s->err, WP_EINVAL, "inject %s: no file name", target);
			break;
		}
		rc = to16(s, c, clen, target, &name, &nu);
		if (rc)
			break;
		while (*p == '\\' || *p == '/')
			p++;
		if (!*p) {
			f->dir = dir;
			f->name = name;
			f->nu = nu;
			break;
		}
		dir = get_dir(s, dir, name, nu);
		if (dir < 0) {
			rc = dir;
			break;
		}
	}
	free(full);
	return rc;
}

/* Make room for more bytes in the output. */
static int grow(struct mstate *s, size_t more)
{
	size_t nc;
	uint8_t *n;

	if (more > WIM_MAX_METADATA || s->len + more > WIM_MAX_METADATA)
		return wp_fail(s->err, WP_ERANGE, "%s: patched metadata too large",
			       s->w->name);
	if (s->len + more <= s->cap)
		return WP_OK;
	nc = s->cap * 2;
	if (nc < s->len + more)
		nc = s->len + more;
	n = realloc(s->out, nc);
	if (!n)
		return wp_fail(s->err, WP_ENOMEM,
			       "%s: out of memory for the patched metadata", s->w->name);
	s->out = n;
	s->cap = nc;
	return WP_OK;
}

/* Append a new dentry (file or directory) with exactly the minimal length. */
static int put_dentry(struct mstate *s, const uint8_t *name, size_t nu,
		      uint32_t attr, const uint8_t *hash, size_t *at)
{
	size_t dlen = (size_t)wimpatch_align8(D_FIXED + 2 * nu + 2);
	uint8_t *p;
	int rc = grow(s, dlen);

	if (rc)
		return rc;
	p = s->out + s->len;
	memset(p, 0, dlen);
	wp_put64(p, dlen);
	wp_put32(p + 0x08, attr);
	wp_put32(p + 0x0C, 0xFFFFFFFFu);
	wp_put64(p + 0x28, INJ_TIME);
	wp_put64(p + 0x30, INJ_TIME);
	wp_put64(p + 0x38, INJ_TIME);
	if (hash)
		memcpy(p + 0x40, hash, 20);
	wp_put16(p + 0x64, (uint16_t)(2 * nu));
	memcpy(p + D_FIXED, name, 2 * nu);
	*at = s->len;
	s->len += dlen;
	return WP_OK;
}

/* Append bytes to the output. */
static int put_bytes(struct mstate *s, const void *b, size_t n)
{
	int rc = grow(s, n);

	if (rc)
		return rc;
	if (b)
		memcpy(s->out + s->len, b, n);
	else
		memset(s->out + s->len, 0, n);
	s->len += n;
	return WP_OK;
}

/* Size of the blob a dentry's hash names (0 if empty or missing). */
static uint64_t blob_size(struct mstate *s, const uint8_t *hash)
{
	int b = wim_zero_hash(hash) ? -1 : wim_find_blob(s->w, hash);

	return b < 0 ? 0 : s->w->blobs[b].r.usize;
}

/* Find, for the existing dirs, their dentries and child lists. */
static int resolve(struct mstate *s, const struct wimpatch_file *files,
		   unsigned n)
{
	struct ment e;
	unsigned i, j;
	int rc;

	for (i = 1; i < s->nd; i++) {
		struct mdir *d = &s->d[i], *p = &s->d[d->parent];

		if (!p->exists)
			continue;
		rc = find_child(s, p->list, d->name, d->nu, &e);
		if (rc < 0)
			return rc;
		if (!rc)
			continue;
		if (!(e.attr & A_DIR))
			return wp_fail(s->err, WP_EINVAL,
				       "%s: cannot inject below a file of the same name as a directory on the way",
				       s->w->name);
		d->exists = true;
		d->orig = e.off;
		d->loc = e.off;
		d->list = e.subdir;
	}
	for (i = 0; i < n; i++) {
		struct mfile *f = &s->f[i];

		for (j = i + 1; j < n; j++)
			if (s->f[j].dir == f->dir && u16eq(s->f[j].name, s->f[j].nu, f->name, f->nu))
				f->superseded = true;
		for (j = 1; j < s->nd; j++)
			if (s->d[j].parent == f->dir && u16eq(s->d[j].name, s->d[j].nu, f->name, f->nu))
				return wp_fail(s->err, WP_EINVAL,
					       "inject %s: also used as a directory",
					       files[i].target);
		if (f->superseded)
			continue;
		s->d[f->dir].rewrite = true;
		if (s->d[f->dir].exists) {
			rc = find_child(s, s->d[f->dir].list, f->name, f->nu, &e);
			if (rc < 0)
				return rc;
			if (rc && (e.attr & A_DIR))
				return wp_fail(s->err, WP_EINVAL,
					       "inject %s: a directory of that name exists in the image",
					       files[i].target);
		}
	}
	for (i = 1; i < s->nd; i++)
		if (!s->d[i].exists) {
			s->d[i].rewrite = true;
			s->d[s->d[i].parent].rewrite = true;
		}
	return WP_OK;
}

/* Write the new child list of directory i and point its dentry at it. */
static int rewrite_dir(struct mstate *s, unsigned i, unsigned n,
		       const uint8_t (*hashes)[20], const struct wimpatch_file *files,
		       struct wimpatch_counts *c)
{
	struct mdir *d = &s->d[i];
	size_t start = s->len, at, off;
	unsigned k;
	struct ment e;
	int rc;

	if (d->exists && d->list) {
		off = (size_t)d->list;
		if (d->list > s->md_len)
			return wp_fail(s->err, WP_EFORMAT,
				       "%s: image %u: bad subdirectory offset", s->w->name,
				       s->w->image);
		for (;;) {
			bool drop = false;

			rc = ment_parse(s, off, &e);
			if (rc < 0)
				return rc;
			if (!rc)
				break;
			off = e.next;
			for (k = 0; k < n && !drop; k++)
				if (!s->f[k].superseded && s->f[k].dir == (int)i &&
				    u16eq(s->f[k].name, s->f[k].nu, e.name, e.nu))
					drop = true;
			if (drop) {
				c->removed_bytes += blob_size(s, e.hash);
				c->replaced_files++;
				continue;
			}
			for (k = 1; k < s->nd; k++)
				if (s->d[k].parent == (int)i && s->d[k].exists &&
				    s->d[k].orig == e.off)
					s->d[k].loc = s->len;
			rc = put_bytes(s, s->md + e.off, e.next - e.off);
			if (rc)
				return rc;
		}
	}
	for (k = 0; k < n; k++) {
		if (s->f[k].superseded || s->f[k].dir != (int)i)
			continue;
		rc = put_dentry(s, s->f[k].name, s->f[k].nu, A_NORMAL,
				files[k].size ? hashes[k] : NULL, &at);
		if (rc)
			return rc;
		c->new_files++;
		c->added_bytes += files[k].size;
	}
	for (k = 1; k < s->nd; k++) {
		if (s->d[k].parent != (int)i || s->d[k].exists)
			continue;
		rc = put_dentry(s, s->d[k].name, s->d[k].nu, A_DIR, NULL, &s->d[k].loc);
		if (rc)
			return rc;
		c->new_dirs++;
	}
	rc = put_bytes(s, NULL, 8);
	if (rc)
		return rc;
	wp_put64(s->out + d->loc + 0x10, start);
	return WP_OK;
}

/* Build the new metadata resource (see wimpatch_int.h). */
int wimpatch_meta(struct wim *w, const struct wimpatch_file *files,
		  unsigned n, const uint8_t (*hashes)[20], uint8_t **md,
		  size_t *md_len, struct wimpatch_counts *c, struct wp_err *err)
{
	struct mstate s;
	struct ment root;
	unsigned i;
	int rc;

	memset(&s, 0, sizeof(s));
	memset(c, 0, sizeof(*c));
	*md = NULL;
	*md_len = 0;
	s.w = w;
	s.md = w->md;
	s.md_len = w->md_len;
	s.err = err;
	s.capd = 8;
	s.d = calloc(s.capd, sizeof(*s.d));
	s.f = calloc(n ? n : 1, sizeof(*s.f));
	if (!s.d || !s.f) {
		rc = wp_fail(err, WP_ENOMEM, "out of memory");
		goto out;
	}
	s.nd = 1;
	rc = ment_parse(&s, w->root, &root);
	if (rc <= 0) {
		if (!rc)
			rc = wp_fail(err, WP_EFORMAT, "%s: no root directory", w->name);
		goto out;
	}
	if (!(root.attr & A_DIR)) {
		rc = wp_fail(err, WP_EFORMAT, "%s: image %u: root is not a directory",
			     w->name, w->image);
		goto out;
	}
	s.d[0].exists = true;
	s.d[0].parent = -1;
	s.d[0].orig = s.d[0].loc = root.off;
	s.d[0].list = root.subdir;
	for (i = 0; i < n; i++) {
		rc = place(&s, files[i].target, &s.f[i]);
		if (rc)
			goto out;
	}
	rc = resolve(&s, files, n);
	if (rc)
		goto out;
	s.cap = (size_t)wimpatch_align8(s.md_len) + 4096;
	s.out = malloc(s.cap);
	if (!s.out) {
		rc = wp_fail(err, WP_ENOMEM, "%s: out of memory for the patched metadata",
			     w->name);
		goto out;
	}
	memcpy(s.out, s.md, s.md_len);
	s.len = s.md_len;
	rc = put_bytes(&s, NULL, (size_t)(wimpatch_align8(s.len) - s.len));
	for (i = 0; !rc && i < s.nd; i++)
		if (s.d[i].rewrite)
			rc = rewrite_dir(&s, i, n, hashes, files, c);
	if (!rc) {
		*md = s.out;
		*md_len = s.len;
		s.out = NULL;
	}
out:
	for (i = 1; s.d && i < s.nd; i++)
		free(s.d[i].name);
	for (i = 0; s.f && i < n; i++)
		free(s.f[i].name);
	free(s.d);
	free(s.f);
	free(s.out);
	return rc;
}
