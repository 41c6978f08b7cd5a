/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * manifest.c - parser and checker of the prep-tftproot manifest.
 *
 * Format (version 1), a text file:
 *   - lines end in LF or CR LF; the last line may lack its end;
 *   - blank lines (spaces/tabs only) are ignored; a line whose first
 *     non-blank character is '#' is a comment;
 *   - every other line describes one file, fields separated by one or more
 *     spaces or tabs:
 *         sha256 HEX64 size DECIMAL path RELPATH
 *     HEX64 is the SHA-256 of the file, 64 hex digits (either case);
 *     DECIMAL its size in bytes (digits only, < 2^64);
 *     RELPATH the rest of the line: the path relative to the manifest's
 *     directory, '/'-separated, not starting with '/', without empty, "."
 *     or ".." components, backslashes, control characters or trailing
 *     blanks (inner spaces are allowed);
 *   - a path is listed once (compared ignoring ASCII case); at least one
 *     entry, at most MANIFEST_MAX_ENTRIES.
 * Example:
 *   # written by prep-tftproot
 *   sha256 e3b0c442...b855 size 0 path boot/fonts/empty.ttf
 *   sha256 9f86d081...0a08 size 4 path sources/boot.wim
 */
#include "manifest.h"

/* ASCII lower case. */
static int lower(int ch)
{
	return ch >= 'A' && ch <= 'Z' ? ch + 32 : ch;
}

/* Compare two paths ignoring ASCII case ('\' as '/'), qsort/strcmp style. */
static int path_cmp(const char *a, const char *b)
{
	for (;; a++, b++) {
		int x = *a == '\\' ? '/' : lower((unsigned char)*a);
		int y = *b == '\\' ? '/' : lower((unsigned char)*b);

		if (x != y || !x)
			return x - y;
	}
}

/* qsort comparator of entries by path. */
static int entry_cmp(const void *a, const void *b)
{
	const struct manifest_entry *x = a, *y = b;
	int r = path_cmp(x->path, y->path);

	return r ? r : (x->line > y->line) - (x->line < y->line);
}

/* Value of a hex digit, -1 if ch is not one. */
static int hexval(int ch)
{
	if (ch >= '0' && ch <= '9')
		return ch - '0';
	ch = lower(ch);
	if (ch >= 'a' && ch <= 'f')
		return ch - 'a' + 10;
	return -1;
}

/* True for the field separators. */
static bool blank(char ch)
{
	return ch == ' ' || ch == '\t';
}

/* One line being parsed: the cursor and the end. */
struct cur {
	const char *s, *e;
};

/* Skip separators; true when at least one was skipped. */
static bool skip_blank(struct cur *c)
{
	const char *s = c->s;

	while (c->s < c->e && blank(*c->s))
		c->s++;
	return c->s != s;
}

/* Consume one field; *n receives its length. */
static const char *field(struct cur *c, size_t *n)
{
	const char *s = c->s;

	while (c->s < c->e && !blank(*c->s))
		c->s++;
	*n = (size_t)(c->s - s);
	return s;
}

/* Consume keyword kw followed by separators. */
static bool keyword(struct cur *c, const char *kw)
{
	size_t n, k = strlen(kw);
	const char *f = field(c, &n);

	return n == k && !memcmp(f, kw, k) && skip_blank(c);
}

/* Validate RELPATH (path[0..n)); return a static reason or NULL if valid. */
static const char *bad_path(const char *p, size_t n)
{
	size_t i, start = 0;

	if (!n)
		return "empty path";
	if (p[0] == '/')
		return "path is absolute";
	if (blank(p[n - 1]))
		return "path ends in a blank";
	for (i = 0; i <= n; i++) {
		if (i < n) {
			unsigned char ch = (unsigned char)p[i];
			if (ch < 0x20 || ch == 0x7f)
				return "path contains a control character";
			if (ch == '\\')
				return "path contains a backslash";
			if (ch != '/')
				continue;
		}
		if (i == start)
			return "path has an empty component";
		if (i - start == 1 && p[start] == '.')
			return "path has a '.' component";
		if (i - start == 2 && p[start] == '.' && p[start + 1] == '.')
			return "path has a '..' component";
		start = i + 1;
	}
	return NULL;
}

/* Parse one entry line into e; on error fill err naming the line. */
static int parse_line(struct manifest *m, struct cur *c, unsigned line,
		      struct manifest_entry *e, struct wp_err *err)
{
	const char *f, *why;
	size_t n, i;

	if (!keyword(c, "sha256"))
		return wp_fail(err, WP_EFORMAT,
			       "%s line %u: expected 'sha256 HEX64 size DECIMAL path RELPATH'",
			       m->name, line);
	f = field(c, &n);
	if (n != 64)
		return wp_fail(err, WP_EFORMAT,
			       "%s line %u: SHA-256 must be 64 hex digits (got %lu characters)",
			       m->name, line, (unsigned long)n);
	for (i = 0; i < 32; i++) {
		int hi = hexval((unsigned char)f[2 * i]), lo = hexval((unsigned char)f[2 * i + 1]);
		if (hi < 0 || lo < 0)
			return wp_fail(err, WP_EFORMAT, "%s line %u: SHA-256 has a non-hex digit",
				       m->name, line);
		e->sha256[i] = (uint8_t)(hi << 4 | lo);
	}
	if (!skip_blank(c) || !keyword(c, "size"))
		return wp_fail(err, WP_EFORMAT, "%s line %u: expected 'size' after the SHA-256",
			       m->name, line);
	f = field(c, &n);
	if (!n)
		return wp_fail(err, WP_EFORMAT, "%s line %u: missing size", m->name, line);
	e->size = 0;
	for (i = 0; i < n; i++) {
		unsigned d = (unsigned)(f[i] - '0');
		if (d > 9)
			return wp_fail(err, WP_EFORMAT, "%s line %u: size is not a decimal number",
				       m->name, line);
		if (e->size > (UINT64_MAX - d) / 10)
			return wp_fail(err, WP_EFORMAT, "%s line %u: size too large",
				       m->name, line);
		e->size = e->size * 10 + d;
	}
	if (!skip_blank(c) || !keyword(c, "path"))
		return wp_fail(err, WP_EFORMAT, "%s line %u: expected 'path' after the size",
			       m->name, line);
	n = (size_t)(c->e - c->s);
	why = bad_path(c->s, n);
	if (why)
		return wp_fail(err, WP_EFORMAT, "%s line %u: %s", m->name, line, why);
	e->path = malloc(n + 1);
	if (!e->path)
		return wp_fail(err, WP_ENOMEM, "%s line %u: out of memory", m->name, line);
	memcpy(e->path, c->s, n);
	e->path[n] = 0;
	e->line = line;
	return WP_OK;
}

/* Parse the whole manifest text. */
int manifest_parse(const void *text, size_t len, const char *name,
		   struct manifest **out, struct wp_err *err)
{
	const char *s = text, *end = s + len;
	struct manifest *m;
	unsigned line = 0, cap = 0, i;
	int rc = WP_OK;

	*out = NULL;
	if (!name)
		name = "manifest";
	m = calloc(1, sizeof(*m));
	if (m)
		m->name = malloc(strlen(name) + 1);
	if (!m || !m->name) {
		free(m);
		return wp_fail(err, WP_ENOMEM, "%s: out of memory", name);
	}
	memcpy(m->name, name, strlen(name) + 1);

	while (!rc && s < end) {
		struct cur c;
		/* no memchr(): syslinux 6.04's libcom32 memchr never advances */
		const char *nl = s;

		while (nl < end && *nl != '\n')
			nl++;
		if (nl == end)
			nl = NULL;

		line++;
		c.s = s;
		c.e = nl ? nl : end;
		s = nl ? nl + 1 : end;
		if (c.e > c.s && c.e[-1] == '\r')
			c.e--;
		skip_blank(&c);
		if (c.s == c.e || *c.s == '#')
			continue;
		if (m->n == MANIFEST_MAX_ENTRIES) {
			rc = wp_fail(err, WP_ERANGE, "%s line %u: more than %u entries",
				     name, line, MANIFEST_MAX_ENTRIES);
			break;
		}
		if (m->n == cap) {
			unsigned nc = cap ? 2 * cap : 16;
			struct manifest_entry *ne = realloc(m->e, nc * sizeof(*ne));
			if (!ne) {
				rc = wp_fail(err, WP_ENOMEM, "%s: out of memory", name);
				break;
			}
			m->e = ne;
			cap = nc;
		}
		rc = parse_line(m, &c, line, &m->e[m->n], err);
		if (!rc)
			m->n++;
	}
	if (!rc && !m->n)
		rc = wp_fail(err, WP_EFORMAT, "%s: no entries", name);
	if (!rc) {
		qsort(m->e, m->n, sizeof(*m->e), entry_cmp);
		for (i = 1; i < m->n; i++)
			if (!path_cmp(m->e[i - 1].path, m->e[i].path)) {
				rc = wp_fail(err, WP_EFORMAT,
					     "%s line %u: path '%s' already listed on line %u",
					     name, m->e[i].line, m->e[i].path, m->e[i - 1].line);
				break;
			}
	}
	if (rc) {
		manifest_free(m);
		return rc;
	}
	*out = m;
	return WP_OK;
}

/* Free a manifest and its strings. */
void manifest_free(struct manifest *m)
{
	unsigned i;

	if (!m)
		return;
	for (i = 0; i < m->n; i++)
		free(m->e[i].path);
	free(m->e);
	free(m->name);
	free(m);
}

/* Binary search for a path (case-insensitive, leading separators ignored). */
const struct manifest_entry *manifest_find(const struct manifest *m,
					   const char *path)
{
	unsigned lo = 0, hi = m->n;

	while (*path == '/' || *path == '\\')
		path++;
	while (lo < hi) {
		unsigned mid = lo + (hi - lo) / 2;
		int r = path_cmp(path, m->e[mid].path);

		if (!r)
			return &m->e[mid];
		if (r < 0)
			hi = mid;
		else
			lo = mid + 1;
	}
	return NULL;
}

/* Hex of the first 8 bytes of a digest, for messages. */
static void short_hex(const uint8_t *d, char out[17])
{
	static const char hx[] = "0123456789abcdef";
	unsigned i;

	for (i = 0; i < 8; i++) {
		out[2 * i] = hx[d[i] >> 4];
		out[2 * i + 1] = hx[d[i] & 15];
	}
	out[16] = 0;
}

/* Compare a fetched file's size and SHA-256 with its entry. */
int manifest_check(const struct manifest *m, const struct manifest_entry *e,
		   uint64_t size, const uint8_t digest[SHA256_DIGEST_SIZE],
		   const char *what, struct wp_err *err)
{
	char got[17], want[17];

	if (!what)
		what = e->path;
	if (size != e->size)
		return wp_fail(err, WP_EIO,
			       "%s: %llu bytes, but %s line %u says %llu (transfer corrupted?)",
			       what, (unsigned long long)size, m->name, e->line,
			       (unsigned long long)e->size);
	if (memcmp(digest, e->sha256, SHA256_DIGEST_SIZE)) {
		short_hex(digest, got);
		short_hex(e->sha256, want);
		return wp_fail(err, WP_EIO,
			       "%s: SHA-256 %s... does not match %s line %u (%s...; transfer corrupted?)",
			       what, got, m->name, e->line, want);
	}
	return WP_OK;
}

/* Look path up, hash data and compare. */
int manifest_verify(const struct manifest *m, const char *path,
		    const void *data, size_t len, struct wp_err *err)
{
	const struct manifest_entry *e = manifest_find(m, path);
	uint8_t d[SHA256_DIGEST_SIZE];

	if (!e)
		return wp_fail(err, WP_ENOENT, "%s: not listed in %s", path, m->name);
	if (len != e->size) /* no need to hash */
		return manifest_check(m, e, len, e->sha256, path, err);
	sha256(data, len, d);
	return manifest_check(m, e, len, d, path, err);
}
