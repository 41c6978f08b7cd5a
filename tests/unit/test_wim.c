/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * test_wim.c - unit tests of the WIM reader (core/wim*.c) on WIM images
 * built in memory by a small generator: uncompressed, raw-chunk and really
 * compressed (libwim's compressors) resources, 4- and 8-byte chunk tables,
 * solid runs, extra streams, case-insensitive lookup and malformed tables.
 */
#include <wimlib.h>
#include "harness.h"
#include "wim_int.h"
#include "sha1.h"

static int h_bad;

/* ---- a growable byte buffer ---------------------------------------------- */

struct buf {
	uint8_t *b;
	size_t len, cap;
};

/* Append n bytes (NULL = zeros) and return their offset. */
static size_t put(struct buf *x, const void *p, size_t n)
{
	size_t off = x->len;

	if (x->len + n > x->cap) {
		x->cap = (x->len + n) * 2 + 64;
		x->b = realloc(x->b, x->cap);
		if (!x->b)
			abort();
	}
	if (p)
		memcpy(x->b + x->len, p, n);
	else
		memset(x->b + x->len, 0, n);
	x->len += n;
	return off;
}

/* Append zeros up to a multiple of 8. */
static void pad8(struct buf *x)
{
	while (x->len & 7)
		put(x, NULL, 1);
}

/* Encode a UTF-8 string as UTF-16LE into out; returns the byte count. */
static size_t to_utf16(const char *s, uint8_t *out)
{
	const uint8_t *p = (const uint8_t *)s;
	size_t n = 0;

	while (*p) {
		uint32_t c;

		if (*p < 0x80) {
			c = *p++;
		} else if ((*p & 0xE0) == 0xC0) {
			c = (uint32_t)(p[0] & 0x1F) << 6 | (p[1] & 0x3F);
			p += 2;
		} else if ((*p & 0xF0) == 0xE0) {
			c = (uint32_t)(p[0] & 0x0F) << 12 | (uint32_t)(p[1] & 0x3F) << 6 |
			    (p[2] & 0x3F);
			p += 3;
		} else {
			c = (uint32_t)(p[0] & 0x07) << 18 | (uint32_t)(p[1] & 0x3F) << 12 |
			    (uint32_t)(p[2] & 0x3F) << 6 | (p[3] & 0x3F);
			p += 4;
		}
		if (c >= 0x10000) {
			c -= 0x10000;
			wp_put16(out + n, (uint16_t)(0xD800 + (c >> 10)));
			wp_put16(out + n + 2, (uint16_t)(0xDC00 + (c & 0x3FF)));
			n += 4;
		} else {
			wp_put16(out + n, (uint16_t)c);
			n += 2;
		}
	}
	return n;
}

/* ---- metadata generator -------------------------------------------------- */

/* An extra stream entry of a generated dentry. */
struct xs {
	const char *name;       /* NULL or "" = unnamed */
	const uint8_t *hash;
};

/* Start a metadata resource: empty security data (total 8, 0 entries). */
static void md_init(struct buf *m)
{
	uint8_t sec[8] = { 8, 0, 0, 0, 0, 0, 0, 0 };

	memset(m, 0, sizeof(*m));
	put(m, sec, 8);
}

/* Append a dentry (and its extra streams); returns its offset. */
static size_t md_dentry(struct buf *m, uint32_t attr, const char *name,
			const uint8_t *hash, const struct xs *xs, unsigned nxs)
{
	uint8_t d[102], nm[1024];
	size_t nb = name ? to_utf16(name, nm) : 0, off, len;
	unsigned i;

	memset(d, 0, sizeof(d));
	len = (102 + (nb ? nb + 2 : 0) + 7) & ~(size_t)7;
	wp_put64(d, len);
	wp_put32(d + 8, attr);
	wp_put32(d + 12, 0xFFFFFFFF);
	wp_put64(d + 0x28, 0x01D0000000000000ull);
	if (hash)
		memcpy(d + 0x40, hash, 20);
	wp_put16(d + 0x60, (uint16_t)nxs);
	wp_put16(d + 0x64, (uint16_t)nb);
	off = put(m, d, sizeof(d));
	put(m, nm, nb);
	if (nb)
		put(m, NULL, 2);
	pad8(m);
	for (i = 0; i < nxs; i++) {
		uint8_t e[38], sn[256];
		size_t sb = xs[i].name ? to_utf16(xs[i].name, sn) : 0;
		size_t el = (38 + (sb ? sb + 2 : 0) + 7) & ~(size_t)7;

		memset(e, 0, sizeof(e));
		wp_put64(e, el);
		if (xs[i].hash)
			memcpy(e + 16, xs[i].hash, 20);
		wp_put16(e + 36, (uint16_t)sb);
		put(m, e, sizeof(e));
		put(m, sn, sb);
		if (sb)
			put(m, NULL, 2);
		pad8(m);
	}
	return off;
}

/* End a sibling list. */
static void md_end(struct buf *m)
{
	put(m, NULL, 8);
}

/* Point dentry d's subdir_offset at the current end (the next list). */
static void md_subdir_here(struct buf *m, size_t d)
{
	wp_put64(m->b + d + 0x10, m->len);
}

/* ---- WIM generator ------------------------------------------------------- */

struct wimgen {
	struct buf f;     /* the file */
	struct buf lt;    /* lookup table entries */
	uint32_t version, flags, chunk;
};

/* Start a WIM with a header placeholder. */
static void wg_init(struct wimgen *g, uint32_t version, uint32_t flags,
		    uint32_t chunk)
{
	memset(g, 0, sizeof(*g));
	g->version = version;
	g->flags = flags;
	g->chunk = chunk;
	put(&g->f, NULL, 208);
}

/* Append a raw lookup-table entry. */
static void wg_lte(struct wimgen *g, uint64_t stored, uint8_t flags,
		   uint64_t offset, uint64_t usize, uint16_t part,
		   uint32_t refcnt, const uint8_t *hash)
{
	uint8_t e[50];

	memset(e, 0, sizeof(e));
	wp_put64(e, stored);
	e[7] = flags;
	wp_put64(e + 8, offset);
	wp_put64(e + 16, usize);
	wp_put16(e + 24, part);
	wp_put32(e + 26, refcnt);
	if (hash)
		memcpy(e + 30, hash, 20);
	put(&g->lt, e, sizeof(e));
}

/* Store data uncompressed and add its entry (METADATA flag optional). */
static void wg_blob(struct wimgen *g, const void *data, size_t len,
		    uint8_t flags, uint32_t refcnt)
{
	uint8_t h[20];
	size_t off = put(&g->f, data, len);

	sha1(data, len, h);
	wg_lte(g, len, flags, off, len, 1, refcnt, h);
}

static struct wimlib_compressor *comp[4];
static uint32_t comp_chunk[4];

/* Compress one chunk with libwim; returns the size or 0 (store raw). */
static size_t compress_chunk(int fmt, uint32_t chunk, const uint8_t *in,
			     size_t n, uint8_t *out)
{
	if (fmt == WIM_FMT_NONE)
		return 0;
	if (comp[fmt] && comp_chunk[fmt] != chunk) {
		wimlib_free_compressor(comp[fmt]);
		comp[fmt] = NULL;
	}
	if (!comp[fmt]) {
		if (wimlib_create_compressor((enum wimlib_compression_type)fmt,
					     chunk, 0, &comp[fmt]))
			return 0;
		comp_chunk[fmt] = chunk;
	}
	return wimlib_compress(in, n, out, n - 1, comp[fmt]);
}

/*
 * Store data as a non-solid compressed resource with chunk size g->chunk
 * (chunks compressed with fmt, or raw when fmt is NONE or it does not
 * shrink); returns the file offset.
 */
static size_t wg_chunked(struct wimgen *g, const uint8_t *data, size_t len,
			 int fmt, uint8_t flags, uint32_t refcnt)
{
	size_t C = g->chunk, n = (len + C - 1) / C, k, off, tbl, pos = 0;
	uint8_t h[20], *tmp = malloc(C);

	sha1(data, len, h);
	off = put(&g->f, NULL, (n - 1) * 4);
	tbl = g->f.len;
	for (k = 0; k < n; k++) {
		size_t ul = k + 1 < n ? C : len - k * C;
		size_t cl = compress_chunk(fmt, g->chunk, data + k * C, ul, tmp);

		if (k)
			wp_put32(g->f.b + off + (k - 1) * 4, (uint32_t)pos);
		if (cl)
			put(&g->f, tmp, cl);
		else
			put(&g->f, data + k * C, cl = ul);
		pos += cl;
	}
	wg_lte(g, g->f.len - off, flags | WIM_RES_COMPRESSED, off, len, 1,
	       refcnt, h);
	(void)tbl;
	free(tmp);
	return off;
}

/*
 * Store a solid resource holding data (chunk size C, format fmt) and add its
 * resource entry; returns the file offset.
 */
static size_t wg_solid_res(struct wimgen *g, const uint8_t *data, size_t len,
			   uint32_t C, int fmt)
{
	size_t n = (len + C - 1) / C, k, off, tbl;
	uint8_t hdr[16], *tmp = malloc(C);

	wp_put64(hdr, len);
	wp_put32(hdr + 8, C);
	wp_put32(hdr + 12, (uint32_t)fmt);
	off = put(&g->f, hdr, 16);
	tbl = put(&g->f, NULL, n * 4);
	for (k = 0; k < n; k++) {
		size_t ul = k + 1 < n ? C : len - k * C;
		size_t cl = compress_chunk(fmt, C, data + k * C, ul, tmp);

		if (cl)
			put(&g->f, tmp, cl);
		else
			put(&g->f, data + k * C, cl = ul);
		wp_put32(g->f.b + tbl + 4 * k, (uint32_t)cl);
	}
	wg_lte(g, g->f.len - off, WIM_RES_SOLID, off, WIM_SOLID_MAGIC, 1, 1, NULL);
	free(tmp);
	return off;
}

/* Append the lookup table and write the header. */
static void wg_finish(struct wimgen *g, uint32_t images, uint32_t boot,
		      uint16_t part, uint16_t total)
{
	uint8_t *h;
	size_t lt = put(&g->f, g->lt.b, g->lt.len);

	h = g->f.b;
	memcpy(h, "MSWIM\0\0\0", 8);
	wp_put32(h + 8, 208);
	wp_put32(h + 0x0C, g->version);
	wp_put32(h + 0x10, g->flags);
	wp_put32(h + 0x14, g->chunk);
	wp_put16(h + 0x28, part);
	wp_put16(h + 0x2A, total);
	wp_put32(h + 0x2C, images);
	wp_put64(h + 0x30, g->lt.len);
	h[0x37] = WIM_RES_METADATA;
	wp_put64(h + 0x38, lt);
	wp_put64(h + 0x40, g->lt.len);
	wp_put32(h + 0x78, boot);
}

/* Free a generator. */
static void wg_free(struct wimgen *g)
{
	free(g->f.b);
	free(g->lt.b);
}

/* ---- helpers ------------------------------------------------------------- */

/* Fill p with seeded pseudo-random bytes, with runs every few KiB. */
static void fill(uint8_t *p, size_t n, uint32_t seed)
{
	size_t i;

	for (i = 0; i < n; i++) {
		seed = seed * 1103515245u + 12345u;
		p[i] = ((i >> 12) & 1) ? (uint8_t)(i / 97) : (uint8_t)(seed >> 16);
	}
}

/* Open g's bytes as a WIM and select image idx (0 = boot). */
static int open_mem(struct wimgen *g, struct wp_src *src, struct wim **w,
		    unsigned idx, struct wp_err *err)
{
	int rc;

	static unsigned seq;
	const char *dir = getenv("WIM_SEED_DIR");

	if (dir) {  /* tests/fuzz/wim-seeds.sh: keep the images as fuzz seeds */
		char path[512];
		FILE *o;

		snprintf(path, sizeof(path), "%s/unit-%03u.wim", dir, seq++);
		o = fopen(path, "wb");
		if (o) {
			fwrite(g->f.b, 1, g->f.len, o);
			fclose(o);
		}
	}
	*src = wp_src_mem(g->f.b, g->f.len);
	rc = wim_open(w, src, "t.wim", err);
	if (!rc && idx != (unsigned)-1)
		rc = wim_select_image(*w, idx, err);
	return rc;
}

/* Whether path reads back exactly as data (whole and at a few offsets). */
static int check_file(struct wim *w, const char *path, const uint8_t *data,
		      size_t len)
{
	struct wp_err err = { 0, "" };
	struct wim_file f;
	uint8_t *got;
	size_t offs[] = { 0, 1, 4095, 4096, 4097, 32767, 32768, 65537 };
	unsigned i;
	int bad = 0;

	if (wim_lookup(w, path, &f, &err)) {
		printf("  lookup %s: %s\n", path, err.msg);
		return 1;
	}
	if (f.size != len) {
		printf("  %s: size %llu, want %zu\n", path,
		       (unsigned long long)f.size, len);
		return 1;
	}
	got = malloc(len + 1);
	if (wim_read(w, &f, 0, got, len, &err) || memcmp(got, data, len)) {
		printf("  %s: whole read differs (%s)\n", path, err.msg);
		bad++;
	}
	for (i = 0; i < sizeof(offs) / sizeof(offs[0]) && !bad; i++) {
		size_t o = offs[i], n = 5000;

		if (o >= len)
			continue;
		if (n > len - o)
			n = len - o;
		if (wim_read(w, &f, o, got, n, &err) || memcmp(got, data + o, n)) {
			printf("  %s: read at %zu differs (%s)\n", path, o, err.msg);
			bad++;
		}
	}
	if (!wim_read(w, &f, len, got, 1, &err)) {
		printf("  %s: read past the end succeeded\n", path);
		bad++;
	}
	free(got);
	return bad;
}

/* Whether the message of err contains s. */
static int msg_has(const struct wp_err *err, const char *s)
{
	if (strstr(err->msg, s))
		return 1;
	printf("  message '%s' lacks '%s'\n", err->msg, s);
	return 0;
}

/* ---- a standard image ---------------------------------------------------- */

#define NFILES 6
static uint8_t *fdata[NFILES];
static const size_t fsize[NFILES] = { 1, 4095, 4096, 4097, 70000, 3 };
static uint8_t fhash[NFILES][20];

/* Generate the file contents used by the tests. */
static void make_data(void)
{
	unsigned i;

	for (i = 0; i < NFILES; i++) {
		fdata[i] = malloc(fsize[i]);
		fill(fdata[i], fsize[i], i + 1);
		sha1(fdata[i], fsize[i], fhash[i]);
	}
}

/*
 * Metadata of the standard tree:
 *   \Windows\System32\{a.bin, Éte.txt, Привет.dat}  \Windows\Boot\b.bin
 *   \empty.txt  \ads.txt (data in an unnamed extra stream, plus a named one)
 *   \link (reparse point: main hash = reparse data, data in extra stream)
 */
static void make_md(struct buf *m)
{
	size_t root, win, sys, boot;
	struct xs ads[2] = { { "stream:one", fhash[5] }, { NULL, fhash[4] } };
	struct xs lnk[1] = { { "", fhash[3] } };

	md_init(m);
	root = md_dentry(m, 0x10, NULL, NULL, NULL, 0);
	md_subdir_here(m, root);
	win = md_dentry(m, 0x10, "Windows", NULL, NULL, 0);
	md_dentry(m, 0x80, "empty.txt", NULL, NULL, 0);
	md_dentry(m, 0x20, "ads.txt", NULL, ads, 2);
	md_dentry(m, 0x420, "link", fhash[5], lnk, 1);
	md_end(m);
	md_subdir_here(m, win);
	sys = md_dentry(m, 0x10, "System32", NULL, NULL, 0);
	boot = md_dentry(m, 0x10, "Boot", NULL, NULL, 0);
	md_end(m);
	md_subdir_here(m, sys);
	md_dentry(m, 0x20, "a.bin", fhash[0], NULL, 0);
	md_dentry(m, 0x20, "\xc3\x89te.txt", fhash[1], NULL, 0);
	md_dentry(m, 0x20, "\xd0\x9f\xd1\x80\xd0\xb8\xd0\xb2\xd0\xb5\xd1\x82.dat",
		  fhash[2], NULL, 0);
	md_end(m);
	md_subdir_here(m, boot);
	md_dentry(m, 0x20, "b.bin", fhash[4], NULL, 0);
	md_end(m);
}

/* Check every file of the standard tree in w. */
static int check_tree(struct wim *w)
{
	struct wp_err err = { 0, "" };
	struct wim_file f;
	int bad = 0;

	bad += check_file(w, "\\Windows\\System32\\a.bin", fdata[0], fsize[0]);
	bad += check_file(w, "/windows/SYSTEM32/\xc3\xa9TE.TXT", fdata[1], fsize[1]);
	bad += check_file(w, "\\WINDOWS\\system32\\\xd0\xbf\xd0\xa0\xd0\x98\xd0\x92"
			  "\xd0\x95\xd0\xa2.DAT", fdata[2], fsize[2]);
	bad += check_file(w, "\\Windows\\Boot\\B.BIN", fdata[4], fsize[4]);
	bad += check_file(w, "\\ads.txt", fdata[4], fsize[4]);
	bad += check_file(w, "\\link", fdata[3], fsize[3]);
	if (wim_lookup(w, "\\empty.txt", &f, &err) || f.size || f.blob != -1) {
		printf("  empty.txt: %s size %llu\n", err.msg,
		       (unsigned long long)f.size);
		bad++;
	}
	if (wim_lookup(w, "\\Windows\\System32\\nope", &f, &err) != WP_ENOENT ||
	    !msg_has(&err, "not found"))
		bad++;
	if (wim_lookup(w, "\\empty.txt\\x", &f, &err) != WP_ENOENT)
		bad++;
	if (wim_lookup(w, "\\Windows\\System3", &f, &err) != WP_ENOENT)
		bad++;
	if (wim_lookup(w, "\\", &f, &err) || !(f.attributes & 0x10))
		bad++;
	return bad;
}

/* Build a WIM of the standard tree with blobs stored by `how`. */
static void build_std(struct wimgen *g, int how, uint32_t chunk)
{
	struct buf m;
	unsigned i;
	uint32_t flags = 0x80;

	if (how == 1)
		flags |= WIM_HDR_COMPRESSION | WIM_HDR_XPRESS;
	if (how == 2)
		flags |= WIM_HDR_COMPRESSION | WIM_HDR_LZX;
	wg_init(g, WIM_VERSION_DEFAULT, flags, how ? chunk : 0);
	make_md(&m);
	for (i = 0; i < 5; i++) {
		if (how)
			wg_chunked(g, fdata[i], fsize[i], WIM_FMT_NONE, 0, 1);
		else
			wg_blob(g, fdata[i], fsize[i], 0, 1);
	}
	if (how)
		wg_chunked(g, m.b, m.len, WIM_FMT_NONE, WIM_RES_METADATA, 1);
	else
		wg_blob(g, m.b, m.len, WIM_RES_METADATA, 1);
	wg_blob(g, fdata[5], fsize[5], 0, 1);
	wg_finish(g, 1, 1, 1, 1);
	free(m.b);
}

/* ---- tests --------------------------------------------------------------- */

/* Uncompressed WIM: lookup in any case, extra streams, reads at offsets. */
static int test_uncompressed(void)
{
	struct wimgen g;
	struct wp_src src;
	struct wim *w = NULL;
	struct wp_err err = { 0, "" };

	build_std(&g, 0, 0);
	if (open_mem(&g, &src, &w, 0, &err)) {
		EXPECT(0, "open: %s", err.msg);
	} else {
		EXPECT(wim_image_count(w) == 1, "count %u", wim_image_count(w));
		EXPECT(check_tree(w) == 0, "tree");
	}
	wim_close(w);
	wg_free(&g);
	return h_bad;
}

/* Compressed resources whose chunks are all stored raw, several chunk sizes. */
static int test_raw_chunks(void)
{
	static const uint32_t sizes[] = { 4096, 32768, 65536 };
	unsigned i;

	for (i = 0; i < 3; i++) {
		struct wimgen g;
		struct wp_src src;
		struct wim *w = NULL;
		struct wp_err err = { 0, "" };

		build_std(&g, 1, sizes[i]);
		if (open_mem(&g, &src, &w, 1, &err))
			EXPECT(0, "chunk %u: open: %s", sizes[i], err.msg);
		else
			EXPECT(check_tree(w) == 0, "chunk %u: tree", sizes[i]);
		wim_close(w);
		wg_free(&g);
	}
	return h_bad;
}

/* Walk callback: append "path size\n" to a buffer. */
static int walk_cb(void *ctx, const char *path, const struct wim_file *f)
{
	struct buf *b = ctx;
	char line[512];
	int n = snprintf(line, sizeof(line), "%s %llu\n", path,
			 (unsigned long long)f->size);

	put(b, line, (size_t)n);
	return 0;
}

/* The walk lists every entry with its full path and size. */
static int test_walk(void)
{
	static const char want[] =
		"\\Windows 0\n\\Windows\\System32 0\n"
		"\\Windows\\System32\\a.bin 1\n"
		"\\Windows\\System32\\\xc3\x89te.txt 4095\n"
		"\\Windows\\System32\\\xd0\x9f\xd1\x80\xd0\xb8\xd0\xb2\xd0\xb5\xd1\x82.dat 4096\n"
		"\\Windows\\Boot 0\n\\Windows\\Boot\\b.bin 70000\n"
		"\\empty.txt 0\n\\ads.txt 70000\n\\link 4097\n";
	struct wimgen g;
	struct wp_src src;
	struct wim *w = NULL;
	struct wp_err err = { 0, "" };
	struct buf out = { 0 };

	build_std(&g, 0, 0);
	if (open_mem(&g, &src, &w, 0, &err) || wim_walk(w, walk_cb, &out, &err)) {
		EXPECT(0, "walk: %s", err.msg);
	} else {
		put(&out, "", 1);
		EXPECT(!strcmp((char *)out.b, want), "got:\n%s", (char *)out.b);
	}
	free(out.b);
	wim_close(w);
	wg_free(&g);
	return h_bad;
}

/* Real compressed chunks (libwim's compressors) for XPRESS, LZX and LZMS. */
static int test_compressed(int fmt, uint32_t flag, uint32_t chunk,
			   uint32_t version, const char *name)
{
	struct wimgen g;
	struct buf m;
	struct wp_src src;
	struct wim *w = NULL;
	struct wp_err err = { 0, "" };
	unsigned i;
	int rc;

	wg_init(&g, version, 0x80 | WIM_HDR_COMPRESSION | flag, chunk);
	make_md(&m);
	for (i = 0; i < 5; i++)
		wg_chunked(&g, fdata[i], fsize[i], fmt, 0, 1);
	wg_chunked(&g, m.b, m.len, fmt, WIM_RES_METADATA, 1);
	wg_chunked(&g, fdata[5], fsize[5], fmt, 0, 1);
	wg_finish(&g, 1, 1, 1, 1);
	free(m.b);
	rc = open_mem(&g, &src, &w, 1, &err);
	if (rc == WP_EUNSUPP && strstr(err.msg, "not available")) {
		h_skip(name, err.msg);
		wim_close(w);
		wg_free(&g);
		return -1;
	}
	if (rc)
		EXPECT(0, "%s: open: %s", name, err.msg);
	else
		EXPECT(check_tree(w) == 0, "%s: tree", name);
	wim_close(w);
	wg_free(&g);
	return h_bad;
}

/* Run a compressed case, turning "decompressor missing" into SKIP. */
#define RUN_COMP(label, ...)                                                  \
	do {                                                                  \
		h_bad = 0;                                                    \
		int r_ = test_compressed(__VA_ARGS__, label);                 \
		if (r_ >= 0)                                                  \
			h_result(r_ == 0, label, "expectations failed (see above)"); \
	} while (0)

/* Solid runs: two solid resources (raw and compressed), blobs in both. */
static int test_solid(int fmt, uint32_t C, const char *name)
{
	struct wimgen g;
	struct buf m, cat1 = { 0 }, cat2 = { 0 };
	struct wp_src src;
	struct wim *w = NULL;
	struct wp_err err = { 0, "" };
	size_t o[NFILES];
	unsigned i;
	int rc;

	for (i = 0; i < 3; i++)
		o[i] = put(&cat1, fdata[i], fsize[i]);
	for (i = 3; i < 5; i++)
		o[i] = cat1.len + put(&cat2, fdata[i], fsize[i]);
	wg_init(&g, WIM_VERSION_SOLID, 0x80 | WIM_HDR_COMPRESSION | WIM_HDR_LZMS,
		131072);
	make_md(&m);
	wg_blob(&g, m.b, m.len, WIM_RES_METADATA, 1);
	/* a solid run: blob entries first, then the two resource entries */
	for (i = 0; i < 5; i++)
		wg_lte(&g, fsize[i], WIM_RES_SOLID, o[i], fsize[i], 1, 1, fhash[i]);
	wg_solid_res(&g, cat1.b, cat1.len, C, WIM_FMT_NONE);
	wg_solid_res(&g, cat2.b, cat2.len, C, fmt);
	wg_blob(&g, fdata[5], fsize[5], 0, 1);
	wg_finish(&g, 1, 1, 1, 1);
	rc = open_mem(&g, &src, &w, 1, &err);
	if (!rc) {
		struct wim_file f;
		uint8_t b1;

		/* a blob of the compressed resource: is its decoder built? */
		rc = wim_lookup(w, "\\Windows\\Boot\\b.bin", &f, &err);
		if (!rc)
			rc = wim_read(w, &f, 0, &b1, 1, &err);
		if (!rc)
			rc = check_tree(w) ? WP_EFORMAT : 0;
	}
	if (rc == WP_EUNSUPP && strstr(err.msg, "not available")) {
		h_skip(name, err.msg);
		rc = -1;
	} else {
		EXPECT(rc == 0, "%s: %s", name, err.msg);
		rc = h_bad;
	}
	wim_close(w);
	w = NULL;
	wg_free(&g);
	/* a blob spanning the two resources is rejected */
	if (rc >= 0 && fmt == WIM_FMT_NONE) {
		wg_init(&g, WIM_VERSION_SOLID, 0x80, 0);
		wg_lte(&g, 100, WIM_RES_SOLID, cat1.len - 50, 100, 1, 1, fhash[0]);
		wg_solid_res(&g, cat1.b, cat1.len, C, WIM_FMT_NONE);
		wg_solid_res(&g, cat2.b, cat2.len, C, WIM_FMT_NONE);
		wg_finish(&g, 0, 0, 1, 1);
		EXPECT(open_mem(&g, &src, &w, -1, &err) == WP_EFORMAT &&
		       msg_has(&err, "lookup table entry 0: blob outside its solid"),
		       "spanning blob: %s", err.msg);
		wim_close(w);
		wg_free(&g);
		rc = h_bad;
	}
	free(m.b);
	free(cat1.b);
	free(cat2.b);
	return rc;
}

/* Run a solid case, turning "decompressor missing" into SKIP. */
#define RUN_SOLID(label, ...)                                                 \
	do {                                                                  \
		h_bad = 0;                                                    \
		int r_ = test_solid(__VA_ARGS__, label);                      \
		if (r_ >= 0)                                                  \
			h_result(r_ == 0, label, "expectations failed (see above)"); \
	} while (0)

/* ---- 8-byte chunk tables: a > 4 GiB resource on a virtual source --------- */

#define BIG_C (1u << 21)
#define BIG_SIZE (0x100000000ull + 3 * BIG_C + 12345)

/* The virtual file: head (header+chunk table), generated data, tail. */
struct vfile {
	uint8_t *head;
	size_t head_len;   /* header + chunk table */
	uint8_t *tail;     /* metadata + lookup table */
	size_t tail_len;
};

/* Byte x of the generated big blob. */
static inline uint8_t big_byte(uint64_t x)
{
	return (uint8_t)((x * 0x9E3779B1u) >> 11 ^ (x >> 32));
}

/* Read callback of the virtual file. */
static int vread(void *ctx, uint64_t off, void *buf, size_t len)
{
	struct vfile *v = ctx;
	uint8_t *p = buf;

	while (len) {
		if (off < v->head_len) {
			*p = v->head[off];
		} else if (off < v->head_len + BIG_SIZE) {
			*p = big_byte(off - v->head_len);
		} else {
			uint64_t t = off - v->head_len - BIG_SIZE;
			if (t >= v->tail_len)
				return WP_EIO;
			*p = v->tail[t];
		}
		p++;
		off++;
		len--;
	}
	return WP_OK;
}

/* A raw-chunk LZX resource of 4 GiB + 3 chunks + 12345 bytes (8-byte table). */
static int test_chunk_table8(void)
{
	uint64_t n = (BIG_SIZE + BIG_C - 1) / BIG_C, k, lt_off, md_off, tbl;
	struct vfile v;
	struct buf m, t = { 0 };
	uint8_t bighash[20], h[20], got[300];
	struct wimgen g;
	struct wp_src src;
	struct wim *w = NULL;
	struct wp_err err = { 0, "" };
	struct wim_file f;
	static const uint64_t offs[] = { 0, BIG_C - 100, 0xFFFFFFFFull - 150,
					 0x100000000ull + 5, BIG_SIZE - 300 };
	unsigned i;

	memset(bighash, 0x42, 20);
	md_init(&m);
	i = (unsigned)md_dentry(&m, 0x10, NULL, NULL, NULL, 0);
	md_subdir_here(&m, i);
	md_dentry(&m, 0x20, "big.bin", bighash, NULL, 0);
	md_end(&m);
	sha1(m.b, m.len, h);

	wg_init(&g, WIM_VERSION_DEFAULT, WIM_HDR_COMPRESSION | WIM_HDR_LZX, BIG_C);
	tbl = put(&g.f, NULL, (n - 1) * 8);
	for (k = 1; k < n; k++)
		wp_put64(g.f.b + tbl + (k - 1) * 8, k * BIG_C);
	v.head_len = g.f.len;
	md_off = v.head_len + BIG_SIZE;
	put(&t, m.b, m.len);
	lt_off = md_off + t.len;
	wg_lte(&g, (n - 1) * 8 + BIG_SIZE, WIM_RES_COMPRESSED, tbl, BIG_SIZE, 1, 1,
	       bighash);
	wg_lte(&g, m.len, WIM_RES_METADATA, md_off, m.len, 1, 1, h);
	put(&t, g.lt.b, g.lt.len);
	/* header: written by wg_finish into g.f, then the lookup table moved */
	wg_finish(&g, 1, 1, 1, 1);
	wp_put64(g.f.b + 0x38, lt_off);
	v.head = g.f.b;
	v.tail = t.b;
	v.tail_len = t.len;
	src.size = lt_off + g.lt.len;
	src.mem = NULL;
	src.read = vread;
	src.ctx = &v;
	if (wim_open(&w, &src, "big.wim", &err) || wim_select_image(w, 1, &err) ||
	    wim_lookup(w, "\\BIG.bin", &f, &err)) {
		EXPECT(0, "open: %s", err.msg);
	} else {
		EXPECT(f.size == BIG_SIZE, "size %llu", (unsigned long long)f.size);
		for (i = 0; i < sizeof(offs) / sizeof(offs[0]); i++) {
			unsigned j;
			int same = 1;

			if (wim_read(w, &f, offs[i], got, sizeof(got), &err)) {
				EXPECT(0, "read at %llu: %s",
				       (unsigned long long)offs[i], err.msg);
				continue;
			}
			for (j = 0; j < sizeof(got); j++)
				same &= got[j] == big_byte(offs[i] + j);
			EXPECT(same, "data at %llu", (unsigned long long)offs[i]);
		}
	}
	wim_close(w);
	free(m.b);
	free(t.b);
	wg_free(&g);
	return h_bad;
}

/* ---- malformed and edge-case tables ------------------------------------- */

/* Open a mutated standard WIM; expect code rc and a message containing s. */
static int expect_open(struct wimgen *g, unsigned idx, int rc, const char *s)
{
	struct wp_src src;
	struct wim *w = NULL;
	struct wp_err err = { 0, "" };
	int got = open_mem(g, &src, &w, idx, &err), bad = 0;

	if (got != rc) {
		printf("  got %d (%s), want %d\n", got, err.msg, rc);
		bad = 1;
	} else if (rc && !msg_has(&err, s)) {
		bad = 1;
	}
	wim_close(w);
	return bad;
}

/* Header checks: magic, size, version, compression flags, part numbers. */
static int test_header(void)
{
	struct wimgen g;

	build_std(&g, 0, 0);
	memcpy(g.f.b, "WLPWM\0\0\0", 8);
	EXPECT(!expect_open(&g, 0, WP_EUNSUPP, "t.wim: pipable"), "pipable");
	memcpy(g.f.b, "MSWIN\0\0\0", 8);
	EXPECT(!expect_open(&g, 0, WP_EFORMAT, "bad magic"), "magic");
	memcpy(g.f.b, "MSWIM\0\0\0", 8);
	wp_put32(g.f.b + 8, 200);
	EXPECT(!expect_open(&g, 0, WP_EFORMAT, "header size 200"), "hdr size");
	wp_put32(g.f.b + 8, 208);
	wp_put32(g.f.b + 12, 0x10C00);
	EXPECT(!expect_open(&g, 0, WP_EUNSUPP, "version 0x10c00"), "version");
	wp_put32(g.f.b + 12, WIM_VERSION_DEFAULT);
	wp_put32(g.f.b + 0x10, WIM_HDR_COMPRESSION | WIM_HDR_LZX | WIM_HDR_XPRESS);
	EXPECT(!expect_open(&g, 0, WP_EUNSUPP, "compression scheme 0x00060002"),
	       "two algorithms");
	wp_put32(g.f.b + 0x10, WIM_HDR_COMPRESSION);
	EXPECT(!expect_open(&g, 0, WP_EUNSUPP, "compression scheme"), "no algorithm");
	wp_put32(g.f.b + 0x10, WIM_HDR_COMPRESSION | WIM_HDR_LZX);
	wp_put32(g.f.b + 0x14, 3000);
	EXPECT(!expect_open(&g, 0, WP_EFORMAT, "chunk size 3000"), "chunk size");
	wp_put32(g.f.b + 0x14, 1u << 22);
	EXPECT(!expect_open(&g, 0, WP_EFORMAT, "chunk size"), "LZX chunk 4M");
	wp_put32(g.f.b + 0x10, 0x80);
	wp_put16(g.f.b + 0x28, 0);
	EXPECT(!expect_open(&g, 0, WP_EFORMAT, "part number 0 of 1"), "part 0");
	wp_put16(g.f.b + 0x28, 2);
	wp_put16(g.f.b + 0x2A, 3);
	EXPECT(!expect_open(&g, 0, WP_EUNSUPP, "split WIM (part 2 of 3)"), "split");
	wp_put16(g.f.b + 0x28, 1);
	wp_put16(g.f.b + 0x2A, 1);
	EXPECT(!expect_open(&g, 0, 0, ""), "restored");
	g.f.len = 100;
	EXPECT(!expect_open(&g, 0, WP_EFORMAT, "too small"), "tiny file");
	wg_free(&g);
	return h_bad;
}

/* Offset of lookup entry i in the standard WIM. */
static uint8_t *lte(struct wimgen *g, unsigned i)
{
	return g->f.b + wp_le64(g->f.b + 0x38) + 50 * i;
}

/* Lookup table rules: bad offsets, truncation, zero hashes, part numbers. */
static int test_lookup_table(void)
{
	struct wimgen g;
	struct wp_src src;
	struct wim *w = NULL;
	struct wp_err err = { 0, "" };
	struct wim_file f;
	uint8_t save[50];

	build_std(&g, 0, 0);
	/* entry 1 beyond end of file */
	memcpy(save, lte(&g, 1), 50);
	wp_put64(lte(&g, 1) + 8, g.f.len);
	EXPECT(!expect_open(&g, 0, WP_EFORMAT,
			    "t.wim: lookup table entry 1: offset beyond end of file"),
	       "offset beyond EOF");
	wp_put64(lte(&g, 1) + 8, UINT64_MAX - 10);
	EXPECT(!expect_open(&g, 0, WP_EFORMAT, "entry 1: offset beyond end"),
	       "offset overflow");
	/* ... but ignored when its hash is zero (file then has no data) */
	memset(lte(&g, 1) + 30, 0, 20);
	EXPECT(!expect_open(&g, 0, 0, ""), "zero hash ignored");
	memcpy(lte(&g, 1), save, 50);
	/* uncompressed with stored != size */
	wp_put64(lte(&g, 1) + 16, fsize[1] + 1);
	EXPECT(!expect_open(&g, 0, WP_EFORMAT, "entry 1: uncompressed resource"),
	       "size mismatch");
	memcpy(lte(&g, 1), save, 50);
	/* wrong part number: entry ignored, its file's data is missing */
	wp_put16(lte(&g, 1) + 24, 2);
	if (open_mem(&g, &src, &w, 0, &err)) {
		EXPECT(0, "part 2: open: %s", err.msg);
	} else {
		EXPECT(wim_lookup(w, "\\Windows\\System32\\\xc3\x89te.txt", &f, &err) ==
			       WP_EFORMAT && msg_has(&err, "data blob missing"),
		       "part 2 lookup: %s", err.msg);
		EXPECT(check_file(w, "\\Windows\\System32\\a.bin", fdata[0], fsize[0]) == 0,
		       "other files still readable");
	}
	wim_close(w);
	w = NULL;
	memcpy(lte(&g, 1), save, 50);
	/* compressed flag in an uncompressed WIM */
	lte(&g, 1)[7] |= WIM_RES_COMPRESSED;
	EXPECT(!expect_open(&g, 0, WP_EFORMAT, "without compression"),
	       "compressed in none WIM");
	memcpy(lte(&g, 1), save, 50);
	/* truncated table: size not a multiple of 50, table beyond the file */
	wp_put64(g.f.b + 0x30, wp_le64(g.f.b + 0x30) - 1);
	wp_put64(g.f.b + 0x40, wp_le64(g.f.b + 0x40) - 1);
	EXPECT(!expect_open(&g, 0, WP_EFORMAT, "not a multiple of 50"), "table %% 50");
	wp_put64(g.f.b + 0x30, wp_le64(g.f.b + 0x30) + 51);
	wp_put64(g.f.b + 0x40, wp_le64(g.f.b + 0x40) + 51);
	EXPECT(!expect_open(&g, 0, WP_EFORMAT, "lookup table: offset beyond end"),
	       "table beyond EOF");
	wg_free(&g);
	return h_bad;
}

/* Duplicate hashes: the first entry wins. */
static int test_duplicates(void)
{
	struct wimgen g;
	struct buf m;
	struct wp_src src;
	struct wim *w = NULL;
	struct wp_err err = { 0, "" };
	unsigned i;
	size_t off;

	wg_init(&g, WIM_VERSION_DEFAULT, 0x80, 0);
	make_md(&m);
	/* a wrong-data entry claiming a.bin's hash, after the real one */
	for (i = 0; i < 5; i++)
		wg_blob(&g, fdata[i], fsize[i], 0, 1);
	off = put(&g.f, NULL, 1);
	g.f.b[off] = (uint8_t)~fdata[0][0];
	wg_lte(&g, 1, 0, off, 1, 1, 1, fhash[0]);
	wg_blob(&g, m.b, m.len, WIM_RES_METADATA, 1);
	wg_blob(&g, fdata[5], fsize[5], 0, 1);
	wg_finish(&g, 1, 1, 1, 1);
	if (open_mem(&g, &src, &w, 1, &err))
		EXPECT(0, "open: %s", err.msg);
	else
		EXPECT(check_tree(w) == 0, "tree");
	wim_close(w);
	wg_free(&g);
	free(m.b);
	return h_bad;
}

/* Images: table order, refcnt 0 ignored, refcnt 2 rejected, boot index. */
static int test_images(void)
{
	struct wimgen g;
	struct buf m1, m2;
	struct wp_src src;
	struct wim *w = NULL;
	struct wp_err err = { 0, "" };
	struct wim_file f;
	uint8_t h1[20], h2[20];
	size_t o1, o2, r;

	md_init(&m1);
	r = md_dentry(&m1, 0x10, NULL, NULL, NULL, 0);
	md_subdir_here(&m1, r);
	md_dentry(&m1, 0x20, "one", fhash[0], NULL, 0);
	md_end(&m1);
	md_init(&m2);
	r = md_dentry(&m2, 0x10, NULL, NULL, NULL, 0);
	md_subdir_here(&m2, r);
	md_dentry(&m2, 0x20, "two", fhash[1], NULL, 0);
	md_end(&m2);
	sha1(m1.b, m1.len, h1);
	sha1(m2.b, m2.len, h2);

	wg_init(&g, WIM_VERSION_DEFAULT, 0x80, 0);
	wg_blob(&g, fdata[0], fsize[0], 0, 1);
	wg_blob(&g, fdata[1], fsize[1], 0, 1);
	/* m2 is stored first in the file, but its entry comes second */
	o2 = put(&g.f, m2.b, m2.len);
	o1 = put(&g.f, m1.b, m1.len);
	wg_lte(&g, m1.len, WIM_RES_METADATA, o1, m1.len, 1, 0, h2); /* refcnt 0 */
	wg_lte(&g, m1.len, WIM_RES_METADATA, o1, m1.len, 1, 1, h1);
	wg_lte(&g, m2.len, WIM_RES_METADATA, o2, m2.len, 1, 1, h2);
	wg_finish(&g, 2, 2, 1, 1);
	if (open_mem(&g, &src, &w, -1, &err)) {
		EXPECT(0, "open: %s", err.msg);
	} else {
		EXPECT(wim_image_count(w) == 2 && wim_boot_index(w) == 2, "counts");
		EXPECT(!wim_select_image(w, 0, &err) &&
		       !wim_lookup(w, "\\TWO", &f, &err), "boot image: %s", err.msg);
		EXPECT(!wim_select_image(w, 1, &err) &&
		       !wim_lookup(w, "\\one", &f, &err), "image 1: %s", err.msg);
		EXPECT(wim_select_image(w, 3, &err) == WP_ENOENT &&
		       msg_has(&err, "image 3 does not exist"), "image 3");
	}
	wim_close(w);
	w = NULL;
	/* boot index beyond the count is ignored; index 0 then selects 1 */
	wp_put32(g.f.b + 0x78, 7);
	if (open_mem(&g, &src, &w, 0, &err))
		EXPECT(0, "open: %s", err.msg);
	else
		EXPECT(wim_boot_index(w) == 0 && !wim_lookup(w, "\\one", &f, &err),
		       "bad boot index: %s", err.msg);
	wim_close(w);
	w = NULL;
	/* more images claimed than metadata entries: count reduced */
	wp_put32(g.f.b + 0x2C, 5);
	wp_put32(g.f.b + 0x78, 0);
	if (open_mem(&g, &src, &w, -1, &err))
		EXPECT(0, "open: %s", err.msg);
	else
		EXPECT(wim_image_count(w) == 2, "count %u", wim_image_count(w));
	wim_close(w);
	w = NULL;
	wp_put32(g.f.b + 0x2C, 2);
	/* refcnt 2 on a metadata entry is rejected */
	wp_put32(lte(&g, 3) + 26, 2);
	EXPECT(!expect_open(&g, 0, WP_EFORMAT, "entry 3: metadata resource with refcnt 2"),
	       "refcnt 2");
	wp_put32(lte(&g, 3) + 26, 1);
	/* corrupted metadata: SHA-1 mismatch */
	g.f.b[o1 + 8 + 0x40] ^= 1;
	EXPECT(!expect_open(&g, 1, WP_EFORMAT, "image 1: metadata resource is corrupted"),
	       "metadata SHA-1");
	wg_free(&g);
	free(m1.b);
	free(m2.b);
	return h_bad;
}

/* Walk callback that counts entries. */
static int count_cb(void *ctx, const char *path, const struct wim_file *f)
{
	(*(unsigned *)ctx)++;
	return 0;
}

/* Re-hash metadata at offset o (len bytes) into lookup entry i. */
static void rehash(struct wimgen *g, unsigned i, size_t o, size_t len)
{
	sha1(g->f.b + o, len, lte(g, i) + 30);
}

/* Malformed dentries: bad lengths, names, streams, cycles. */
static int test_dentries(void)
{
	struct wimgen g;
	struct buf m;
	struct wp_src src;
	struct wim *w = NULL;
	struct wp_err err = { 0, "" };
	struct wim_file f;
	size_t mo, root, d1, d2, sub;
	unsigned cnt;

	md_init(&m);
	root = md_dentry(&m, 0x10, NULL, NULL, NULL, 0);
	md_subdir_here(&m, root);
	d1 = md_dentry(&m, 0x10, "dir", NULL, NULL, 0);
	d2 = md_dentry(&m, 0x20, "file", fhash[0], NULL, 0);
	md_end(&m);
	md_subdir_here(&m, d1);
	sub = md_dentry(&m, 0x10, "sub", NULL, NULL, 0);
	md_end(&m);
	wg_init(&g, WIM_VERSION_DEFAULT, 0x80, 0);
	wg_blob(&g, fdata[0], fsize[0], 0, 1);
	mo = g.f.len;
	wg_blob(&g, m.b, m.len, WIM_RES_METADATA, 1);
	wg_finish(&g, 1, 1, 1, 1);
#define MD(x) (g.f.b + mo + (x))
	EXPECT(!expect_open(&g, 1, 0, ""), "baseline");
	/* cycle: dir\sub's children = root's children */
	wp_put64(MD(sub) + 0x10, wp_le64(MD(root) + 0x10));
	rehash(&g, 1, mo, m.len);
	if (open_mem(&g, &src, &w, 1, &err)) {
		EXPECT(0, "open: %s", err.msg);
	} else {
		cnt = 0;
		EXPECT(wim_walk(w, count_cb, &cnt, &err) == WP_EFORMAT &&
		       msg_has(&err, "cycle"), "cycle walk");
		EXPECT(!wim_lookup(w, "\\dir\\sub\\dir\\sub\\dir\\sub\\file", &f, &err),
		       "cyclic lookup terminates: %s", err.msg);
	}
	wim_close(w);
	w = NULL;
	wp_put64(MD(sub) + 0x10, 0);
	/* subdir offset beyond the metadata */
	wp_put64(MD(sub) + 0x10, 1u << 30);
	rehash(&g, 1, mo, m.len);
	if (!open_mem(&g, &src, &w, 1, &err)) {
		cnt = 0;
		EXPECT(wim_walk(w, count_cb, &cnt, &err) == WP_EFORMAT &&
		       msg_has(&err, "bad subdirectory offset"), "bad subdir walk");
		EXPECT(wim_lookup(w, "\\dir\\sub\\x", &f, &err) == WP_EFORMAT,
		       "bad subdir lookup");
	}
	wim_close(w);
	w = NULL;
	wp_put64(MD(sub) + 0x10, 0);
	/* dentry length beyond the metadata */
	wp_put64(MD(d2), 1u << 20);
	rehash(&g, 1, mo, m.len);
	if (!open_mem(&g, &src, &w, 1, &err))
		EXPECT(wim_lookup(w, "\\file", &f, &err) == WP_EFORMAT &&
		       msg_has(&err, "bad length"), "long dentry");
	wim_close(w);
	w = NULL;
	/* dentry length below the fixed part */
	wp_put64(MD(d2), 64);
	rehash(&g, 1, mo, m.len);
	if (!open_mem(&g, &src, &w, 1, &err))
		EXPECT(wim_lookup(w, "\\file", &f, &err) == WP_EFORMAT, "short dentry");
	wim_close(w);
	w = NULL;
	wp_put64(MD(d2), wp_le64(MD(d1)));
	/* name longer than the dentry */
	wp_put16(MD(d2) + 0x64, 200);
	rehash(&g, 1, mo, m.len);
	if (!open_mem(&g, &src, &w, 1, &err))
		EXPECT(wim_lookup(w, "\\file", &f, &err) == WP_EFORMAT &&
		       msg_has(&err, "names exceed"), "long name");
	wim_close(w);
	w = NULL;
	wp_put16(MD(d2) + 0x64, 8);
	/* extra streams beyond the end */
	wp_put16(MD(d2) + 0x60, 3);
	rehash(&g, 1, mo, m.len);
	if (!open_mem(&g, &src, &w, 1, &err))
		EXPECT(wim_lookup(w, "\\file", &f, &err) == WP_EFORMAT &&
		       msg_has(&err, "stream entry"), "bad streams");
	wim_close(w);
	w = NULL;
	wp_put16(MD(d2) + 0x60, 0);
	/* security data longer than the metadata */
	wp_put32(MD(0), 1u << 20);
	rehash(&g, 1, mo, m.len);
	EXPECT(!expect_open(&g, 1, WP_EFORMAT, "bad security data"), "security");
	wp_put32(MD(0), 8);
	wp_put32(MD(4), 5);
	rehash(&g, 1, mo, m.len);
	EXPECT(!expect_open(&g, 1, WP_EFORMAT, "bad security data"), "sec entries");
	wp_put32(MD(4), 0);
	rehash(&g, 1, mo, m.len);
	EXPECT(!expect_open(&g, 1, 0, ""), "restored");
#undef MD
	wg_free(&g);
	free(m.b);
	return h_bad;
}

/* Truncated files: every prefix of a small WIM fails cleanly or works. */
static int test_truncation(void)
{
	struct wimgen g;
	size_t full, cut;
	unsigned ok = 0;

	build_std(&g, 1, 4096);
	full = g.f.len;
	for (cut = 0; cut < full; cut += 97) {
		struct wp_src src = wp_src_mem(g.f.b, cut);
		struct wim *w = NULL;
		struct wp_err err = { 0, "" };

		if (!wim_open(&w, &src, "t.wim", &err) &&
		    !wim_select_image(w, 1, &err))
			ok++;
		wim_close(w);
	}
	EXPECT(ok == 0, "%u truncated files opened", ok);
	wg_free(&g);
	return h_bad;
}

/* Run one test function with a fresh failure count. */
#define T_RUN(fn) do { h_bad = 0; RUN(fn); } while (0)

/* Run every test. */
int main(void)
{
	make_data();
	T_RUN(test_uncompressed);
	T_RUN(test_raw_chunks);
	T_RUN(test_walk);
	T_RUN(test_chunk_table8);
	T_RUN(test_header);
	T_RUN(test_lookup_table);
	T_RUN(test_duplicates);
	T_RUN(test_images);
	T_RUN(test_dentries);
	T_RUN(test_truncation);
	RUN_SOLID("test_solid_none", WIM_FMT_NONE, 4096);
	RUN_SOLID("test_solid_none_32k", WIM_FMT_NONE, 32768);
	RUN_COMP("test_xpress_4k", WIM_FMT_XPRESS, WIM_HDR_XPRESS, 4096, WIM_VERSION_DEFAULT);
	RUN_COMP("test_xpress_32k", WIM_FMT_XPRESS, WIM_HDR_XPRESS, 32768, WIM_VERSION_DEFAULT);
	RUN_COMP("test_lzx_32k", WIM_FMT_LZX, WIM_HDR_LZX, 32768, WIM_VERSION_DEFAULT);
	RUN_COMP("test_lzx_2m", WIM_FMT_LZX, WIM_HDR_LZX, 1u << 21, WIM_VERSION_DEFAULT);
	RUN_COMP("test_lzms_128k", WIM_FMT_LZMS, WIM_HDR_LZMS, 131072, WIM_VERSION_SOLID);
	RUN_SOLID("test_solid_xpress", WIM_FMT_XPRESS, 65536);
	RUN_SOLID("test_solid_lzx", WIM_FMT_LZX, 32768);
	RUN_SOLID("test_solid_lzms", WIM_FMT_LZMS, 1u << 20);
	return H_DONE();
}
