/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * media.c - index and read Windows media without mounting (see media.h).
 * UDF files are read through their allocation descriptors with pread() on
 * the image; ISO9660 files through their extent; directories through the
 * host file system.
 */
#define _GNU_SOURCE
#include "media.h"
#include "aiowrite.h"
#include "bghash.h"
#include "errfmt.h"
#include "hashcache.h"
#include <cdio/iso9660.h>
#include <cdio/logging.h>
#include <cdio/udf.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#define SECTOR 2048u


/* Human name of a media kind. */
const char *media_kind_name(enum media_kind k)
{
	return k == MEDIA_UDF ? "UDF" : k == MEDIA_ISO9660 ? "ISO9660" : "directory";
}

/* A name component is safe when it cannot escape or confuse the target. */
int media_name_ok(const char *name)
{
	if (!name[0] || !strcmp(name, ".") || !strcmp(name, "..")) return -1;
	for (const unsigned char *p = (const unsigned char *)name; *p; p++)
		if (*p == '/' || *p == '\\' || *p < 0x20 || *p == 0x7F) return -1;
	return 0;
}

/* Append an entry; returns it, or NULL when out of memory. */
static struct media_entry *add(struct media *m, const char *dir, const char *name)
{
	if (m->n == m->cap) {
		size_t nc = m->cap ? 2 * m->cap : 64;
		void *p = realloc(m->e, nc * sizeof *m->e);
		if (!p) return NULL;
		m->e = p;
		m->cap = nc;
	}
	struct media_entry *e = &m->e[m->n];
	memset(e, 0, sizeof *e);
	size_t l = strlen(dir) + strlen(name) + 2;
	e->path = malloc(l);
	if (!e->path) return NULL;
	snprintf(e->path, l, "%s%s%s", dir, *dir ? "/" : "", name);
	m->n++;
	return e;
}

/* Check that [off, off+len) lies inside the image. */
static int in_image(const struct media *m, uint64_t off, uint64_t len)
{
	return off <= m->image_size && len <= m->image_size - off;
}

/* ---- UDF ------------------------------------------------------------------ */

/* Record the allocation descriptors of a UDF file entry as extents. */
static int udf_extents(struct media *m, struct media_entry *e, const udf_dirent_t *d,
		       char *err, size_t cap)
{
	const udf_file_entry_t *fe = &d->fe;
	uint32_t ea = fe->i_extended_attr, nad = fe->i_alloc_descs;
	const uint8_t *ad = fe->u.ext_attr + ea;
	uint64_t left = e->size;
	if ((uint64_t)ea + nad > sizeof fe->u)
		return fail(err, cap, "%s: corrupt UDF file entry", e->path);
	switch (fe->icb_tag.flags & ICBTAG_FLAG_AD_MASK) {
	case ICBTAG_FLAG_AD_IN_ICB:
		if (e->size > nad) return fail(err, cap, "%s: corrupt embedded UDF file", e->path);
		e->inl = malloc(e->size ? e->size : 1);
		if (!e->inl) return fail(err, cap, "out of memory");
		memcpy(e->inl, ad, e->size);
		return 0;
	case ICBTAG_FLAG_AD_SHORT:
	case ICBTAG_FLAG_AD_LONG: {
		int lng = (fe->icb_tag.flags & ICBTAG_FLAG_AD_MASK) == ICBTAG_FLAG_AD_LONG;
		size_t step = lng ? 16 : 8;
		for (size_t o = 0; o + step <= nad && left; o += step) {
			uint32_t l = (uint32_t)ad[o] | (uint32_t)ad[o + 1] << 8 |
				     (uint32_t)ad[o + 2] << 16 | (uint32_t)ad[o + 3] << 24;
			uint32_t lbn = (uint32_t)ad[o + 4] | (uint32_t)ad[o + 5] << 8 |
				       (uint32_t)ad[o + 6] << 16 | (uint32_t)ad[o + 7] << 24;
			uint32_t type = l >> 30, bytes = l & 0x3FFFFFFF;
			if (bytes == 0) break;
			if (type == 3) return fail(err, cap, "%s: chained UDF extents are not supported", e->path);
			if (bytes > left) bytes = (uint32_t)left;
			void *p = realloc(e->ext, (e->next + 1) * sizeof *e->ext);
			if (!p) return fail(err, cap, "out of memory");
			e->ext = p;
			uint64_t off = ((uint64_t)d->i_part_start + lbn) * SECTOR;
			if (type != 0) off = UINT64_MAX; /* not recorded: reads as zeros */
			else if (!in_image(m, off, bytes))
				return fail(err, cap, "%s: claims %llu bytes beyond the end of the image",
					    e->path, (unsigned long long)e->size);
			e->ext[e->next].off = off;
			e->ext[e->next].len = bytes;
			e->next++;
			left -= bytes;
		}
		if (left)
			return fail(err, cap, "%s: claims %llu bytes but its extents hold less",
				    e->path, (unsigned long long)e->size);
		return 0;
	}
	default:
		return fail(err, cap, "%s: unsupported UDF allocation type", e->path);
	}
}

/* Walk one UDF directory handle recursively.  udf_readdir() frees the
 * handle when it reaches the end; on an early exit we free it here. */
static int udf_walk(struct media *m, udf_dirent_t *d, const char *path, int depth, char *err,
		    size_t cap)
{
	int rc = 0;
	if (depth > 32) rc = fail(err, cap, "%s: directories nested too deep", path);
	while (!rc && udf_readdir(d)) {
		if (d->fid && (d->fid->file_characteristics & UDF_FILE_PARENT)) continue;
		const char *name = udf_get_filename(d);
		if (!name || media_name_ok(name)) {
			rc = fail(err, cap, "unsafe name in /%s: \"%s\"", path, name ? name : "");
			break;
		}
		uint8_t ft = d->fe.icb_tag.file_type;
		if (ft == ICBTAG_FILE_TYPE_SYMLINK) {
			rc = fail(err, cap, "%s%s%s is a symbolic link: refusing", path, *path ? "/" : "", name);
			break;
		}
		struct media_entry *e = add(m, path, name);
		if (!e) { rc = fail(err, cap, "out of memory"); break; }
		if (udf_is_dir(d)) {
			e->is_dir = 1;
			char *sub = strdup(e->path);
			udf_dirent_t *sd = udf_opendir(d);
			if (!sub) rc = fail(err, cap, "out of memory");
			else if (sd) rc = udf_walk(m, sd, sub, depth + 1, err, cap);
			free(sub);
		} else if (ft == ICBTAG_FILE_TYPE_REGULAR) {
			e->size = d->fe.info_len;
			rc = udf_extents(m, e, d, err, cap);
		} else {
			rc = fail(err, cap, "%s: not a regular file or directory", e->path);
		}
	}
	if (rc) udf_dirent_free(d);
	return rc;
}

/* Try to index the image as UDF: 1 indexed, 0 not UDF, -1 error. */
static int open_udf(struct media *m, const char *path, char *err, size_t cap)
{
	udf_t *u = udf_open(path);
	if (!u) return 0;
	udf_dirent_t *root = udf_get_root(u, true, 0);
	if (!root) { udf_close(u); return 0; }
	m->kind = MEDIA_UDF;
	if (udf_get_logical_volume_id(u, m->volid, sizeof m->volid) <= 0) m->volid[0] = 0;
	int rc = udf_walk(m, root, "", 0, err, cap); /* frees root */
	udf_close(u);
	return rc ? -1 : 1;
}

/* ---- ISO9660 -------------------------------------------------------------- */

/* Strip ";1" and a trailing '.' from a plain ISO9660/Joliet name. */
static void iso_clean(char *n)
{
	char *s = strrchr(n, ';');
	if (s) *s = 0;
	size_t l = strlen(n);
	if (l > 1 && n[l - 1] == '.') n[l - 1] = 0;
}

/* Walk one ISO9660 directory recursively. */
static int iso_walk(struct media *m, iso9660_t *iso, const char *path, int depth, char *err,
		    size_t cap)
{
	if (depth > 32) return fail(err, cap, "%s: directories nested too deep", path);
	char q[PATH_MAX];
	snprintf(q, sizeof q, "/%s", path);
	CdioList_t *l = iso9660_ifs_readdir(iso, q);
	if (!l) return fail(err, cap, "cannot read ISO9660 directory /%s", path);
	CdioListNode_t *node;
	int rc = 0, dots = 0;
	_CDIO_LIST_FOREACH(node, l) {
		iso9660_stat_t *st = _cdio_list_node_data(node);
		char name[1024];
		snprintf(name, sizeof name, "%s", st->filename);
		if (!strcmp(name, ".") || !strcmp(name, "..")) {
			if (++dots <= 2) continue; /* the directory's own self/parent records */
		}
		int rock = st->rr.b3_rock == yep;
		if (!rock) iso_clean(name);
		if (media_name_ok(name)) {
			rc = fail(err, cap, "unsafe name in /%s: \"%s\"", path, name);
			break;
		}
		if (rock && S_ISLNK(st->rr.st_mode)) {
			rc = fail(err, cap, "%s%s%s is a symbolic link (-> %s): refusing", path,
				  *path ? "/" : "", name, st->rr.psz_symlink ? st->rr.psz_symlink : "?");
			break;
		}
		struct media_entry *e = add(m, path, name);
		if (!e) { rc = fail(err, cap, "out of memory"); break; }
		if (st->type == _STAT_DIR) {
			e->is_dir = 1;
			char *sub = strdup(e->path);
			rc = sub ? iso_walk(m, iso, sub, depth + 1, err, cap) : fail(err, cap, "out of memory");
			free(sub);
		} else {
			e->size = st->size;
			e->ext = malloc(sizeof *e->ext);
			if (!e->ext) { rc = fail(err, cap, "out of memory"); break; }
			e->ext[0].off = (uint64_t)st->lsn * SECTOR;
			e->ext[0].len = st->size;
			e->next = 1;
			if (!in_image(m, e->ext[0].off, st->size))
				rc = fail(err, cap, "%s: claims %u bytes beyond the end of the image",
					  e->path, st->size);
		}
		if (rc) break;
	}
	iso9660_filelist_free(l);
	return rc;
}

/* Index the image as ISO9660 with Joliet/Rock Ridge names. */
static int open_iso(struct media *m, const char *path, char *err, size_t cap)
{
	iso9660_t *iso = iso9660_open_ext(path, ISO_EXTENSION_ALL);
	if (!iso) return fail(err, cap, "%s: neither a UDF nor an ISO9660 image", path);
	m->kind = MEDIA_ISO9660;
	char *v = NULL;
	if (iso9660_ifs_get_volume_id(iso, &v) && v) {
		snprintf(m->volid, sizeof m->volid, "%s", v);
		size_t l = strlen(m->volid);
		while (l && m->volid[l - 1] == ' ') m->volid[--l] = 0;
	}
	free(v);
	int rc = iso_walk(m, iso, "", 0, err, cap);
	iso9660_close(iso);
	return rc;
}

/* ---- directory ------------------------------------------------------------ */

/* Walk an extracted tree; symbolic links must resolve inside it. */
static int dir_walk(struct media *m, const char *rootreal, const char *host, const char *path,
		    int depth, char *err, size_t cap)
{
	if (depth > 32) return fail(err, cap, "%s: directories nested too deep", host);
	DIR *dh = opendir(host);
	if (!dh) return fail(err, cap, "%s: %s", host, strerror(errno));
	struct dirent *de;
	int rc = 0;
	size_t rl = strlen(rootreal);
	while (!rc && (de = readdir(dh)) != NULL) {
		if (!strcmp(de->d_name, ".") || !strcmp(de->d_name, "..")) continue;
		if (media_name_ok(de->d_name)) {
			rc = fail(err, cap, "unsafe name in %s: \"%s\"", host, de->d_name);
			break;
		}
		char hp[PATH_MAX], real[PATH_MAX];
		snprintf(hp, sizeof hp, "%s/%s", host, de->d_name);
		struct stat st;
		if (lstat(hp, &st) != 0) { rc = fail(err, cap, "%s: %s", hp, strerror(errno)); break; }
		if (S_ISLNK(st.st_mode)) {
			if (!realpath(hp, real) || strncmp(real, rootreal, rl) != 0 ||
			    (real[rl] != '/' && real[rl] != 0) || stat(real, &st) != 0 ||
			    S_ISDIR(st.st_mode)) {
				rc = fail(err, cap, "%s is a symbolic link leaving the tree: refusing", hp);
				break;
			}
		}
		struct media_entry *e = add(m, path, de->d_name);
		if (!e) { rc = fail(err, cap, "out of memory"); break; }
		if (S_ISDIR(st.st_mode)) {
			e->is_dir = 1;
			char *sub = strdup(e->path);
			rc = sub ? dir_walk(m, rootreal, hp, sub, depth + 1, err, cap)
				 : fail(err, cap, "out of memory");
			free(sub);
		} else if (S_ISREG(st.st_mode)) {
			e->size = (uint64_t)st.st_size;
			e->src = strdup(hp);
			if (!e->src) rc = fail(err, cap, "out of memory");
		} else {
			rc = fail(err, cap, "%s: not a regular file or directory", hp);
		}
	}
	closedir(dh);
	return rc;
}

/* ---- common --------------------------------------------------------------- */

/* libcdio log handler: its "++ WARN:" lines describe what our own error
 * message (naming the image) reports better; keep them off the terminal. */
static void cdio_quiet(cdio_log_level_t level, const char *message)
{
	(void)level;
	(void)message;
}

/* An image shorter than its ISO9660 volume says it is (a cut download or
 * copy): 1 and the sizes, else 0. */
static int truncated(const struct media *m, uint64_t *want)
{
	unsigned char pvd[2048];
	if (m->image_size < 17 * (uint64_t)SECTOR) {
		*want = 17 * (uint64_t)SECTOR;
		return 1;
	}
	if (pread(m->fd, pvd, sizeof pvd, 16 * SECTOR) != (ssize_t)sizeof pvd) return 0;
	if (pvd[0] != 1 || memcmp(pvd + 1, "CD001", 5)) return 0;
	uint64_t blocks = (uint64_t)pvd[80] | (uint64_t)pvd[81] << 8 | (uint64_t)pvd[82] << 16 |
			  (uint64_t)pvd[83] << 24;
	unsigned bs = (unsigned)pvd[128] | (unsigned)pvd[129] << 8;
	*want = blocks * (bs ? bs : SECTOR);
	return *want > m->image_size;
}

/* Open and index the media (see media.h). */
int media_open(struct media *m, const char *path, char *err, size_t cap)
{
	memset(m, 0, sizeof *m);
	m->fd = -1;
	struct stat st;
	if (stat(path, &st) != 0) return fail(err, cap, "%s: %s", path, strerror(errno));
	if (S_ISDIR(st.st_mode)) {
		char real[PATH_MAX];
		if (!realpath(path, real)) return fail(err, cap, "%s: %s", path, strerror(errno));
		m->kind = MEDIA_DIR;
		const char *b = strrchr(real, '/');
		snprintf(m->volid, sizeof m->volid, "%.63s", b && b[1] ? b + 1 : real);
		return dir_walk(m, real, real, "", 0, err, cap);
	}
	m->fd = open(path, O_RDONLY | O_CLOEXEC);
	if (m->fd < 0) return fail(err, cap, "%s: %s", path, strerror(errno));
	m->image_size = (uint64_t)st.st_size;
	cdio_log_set_handler(cdio_quiet);
	uint64_t want = 0;
	if (truncated(m, &want))
		return fail(err, cap, "%s is truncated: it has %llu bytes but its volume descriptor says %llu; "
			    "copy or download the image again", path, (unsigned long long)m->image_size,
			    (unsigned long long)want);
	char why[400];
	int r = open_udf(m, path, why, sizeof why);
	if (r == 0) {
		/* not UDF: drop nothing (nothing indexed) and read ISO9660 */
		r = open_iso(m, path, why, sizeof why);
	} else {
		r = r < 0 ? -1 : 0;
	}
	if (r == 0) return 0;
	if (!strncmp(why, path, strlen(path))) return fail(err, cap, "%s", why);
	return fail(err, cap, "%s: %s%s", path, why,
		    strstr(why, "beyond the end") || strstr(why, "cannot read") || strstr(why, "corrupt")
			    ? " (the image is damaged or cut short: copy or download it again)" : "");
}

/* Case-insensitive lookup of a "/"-separated path. */
const struct media_entry *media_find(const struct media *m, const char *path)
{
	for (size_t i = 0; i < m->n; i++)
		if (!strcasecmp(m->e[i].path, path)) return &m->e[i];
	return NULL;
}

/* Write all of buf to fd. */
static int write_all(int fd, const uint8_t *b, size_t n)
{
	while (n) {
		ssize_t w = write(fd, b, n);
		if (w < 0 && errno == EINTR) continue;
		if (w <= 0) return -1;
		b += w;
		n -= (size_t)w;
	}
	return 0;
}

#define WINDOW (8u << 20) /* bytes written, then handed to the hashing thread, at a time */
/* bytes of the input mapped at once: its page cache, so address space, not memory */
#define SPAN (sizeof(size_t) > 4 ? (size_t)1 << 30 : (size_t)64 << 20)

/* Direct I/O alignment of out (file offset, memory), from statx: 0 and the
 * sizes, or -1 where the file system does not say it supports direct I/O. */
static int dio_align(int out, uint64_t *offa, uint64_t *mema)
{
	struct statx sx;
	if (statx(out, "", AT_EMPTY_PATH, STATX_DIOALIGN, &sx) != 0 || !(sx.stx_mask & STATX_DIOALIGN) ||
	    !sx.stx_dio_offset_align || !sx.stx_dio_mem_align)
		return -1;
	/* whole file system blocks, so no block is shared with buffered bytes */
	*offa = sx.stx_dio_offset_align > sx.stx_blksize ? sx.stx_dio_offset_align : sx.stx_blksize;
	*mema = sx.stx_dio_mem_align;
	return 0;
}

/* pwrite all of b[0, n) at off. */
static int pwrite_all(int fd, const uint8_t *b, size_t n, uint64_t off)
{
	while (n) {
		ssize_t w = pwrite(fd, b, n, (off_t)off);
		if (w < 0 && errno == EINTR) continue;
		if (w <= 0) return -1;
		b += w;
		n -= (size_t)w;
		off += (uint64_t)w;
	}
	return 0;
}

/* Write map[0, n) to out at off, buffered, window by window: each queued for
 * hashing (unless hash is 0: already queued) and its write-back started. */
static int write_buffered(const uint8_t *map, size_t n, int out, uint64_t off, struct bghash *hc, int hash,
			  media_progress_fn fn, void *ctx, uint64_t *done)
{
	for (size_t at = 0; at < n;) {
		size_t chunk = n - at > WINDOW ? WINDOW : n - at;
		if (pwrite_all(out, map + at, chunk, off + at)) return -1;
		sync_file_range(out, (off_t)(off + at), (off_t)chunk, SYNC_FILE_RANGE_WRITE);
		if (hash) {
			bghash_map(hc, map + at, chunk);
			*done += chunk;
			if (fn) fn(ctx, *done);
		}
		at += chunk;
	}
	return 0;
}

/*
 * Write map[0, n) (a mapping of the media) to out at its file position, each
 * window queued for hashing once its write is under way.  The whole file
 * system blocks of a big span go out with direct I/O, a few windows in
 * flight (aiowrite.c), where the file system supports it: straight from the
 * media's page cache to the disk, with no second copy in the page cache, so
 * the tree's fsync finds only metadata and the tail left.  If a direct write
 * fails, everything queued is written again, buffered (the hashes stand: the
 * bytes are the same mapping).  The rest is buffered.  *done counts progress.
 */
static int write_span(const uint8_t *map, size_t n, int out, struct bghash *hc,
		      media_progress_fn fn, void *ctx, uint64_t *done)
{
	off_t pos = lseek(out, 0, SEEK_CUR);
	uint64_t start = (uint64_t)pos, offa = 0, mema = 0;
	size_t head = 0, bulk = 0, sent = 0; /* direct: [head, head + bulk) */
	struct aiowrite *a = NULL;
	if (pos < 0) return -1;
	if (n >= WINDOW && dio_align(out, &offa, &mema) == 0) {
		head = (size_t)((offa - start % offa) % offa); /* up to the next block boundary */
		if ((uintptr_t)(map + head) % mema != 0) head = 0;
		else if (write_buffered(map, head, out, start, hc, 1, fn, ctx, done)) return -1;
		else if ((a = aiowrite_begin(out, start + n)) != NULL) bulk = (n - head) / offa * offa;
	}
	const uint8_t *d = map + head;
	while (sent < bulk) {
		size_t chunk = bulk - sent > WINDOW ? WINDOW : bulk - sent;
		if (aiowrite_put(a, d + sent, chunk, start + head + sent)) break;
		bghash_map(hc, d + sent, chunk);
		sent += chunk;
		*done += chunk;
		if (fn) fn(ctx, *done);
	}
	if (a && aiowrite_end(a) != 0) {
		/* refused or failed: everything queued so far again, buffered, then the rest */
		if (write_buffered(d, sent, out, start + head, hc, 0, NULL, NULL, NULL) ||
		    write_buffered(d + sent, bulk - sent, out, start + head + sent, hc, 1, fn, ctx, done))
			return -1;
	}
	if (write_buffered(d + bulk, n - head - bulk, out, start + head + bulk, hc, 1, fn, ctx, done)) return -1;
	return lseek(out, (off_t)(start + n), SEEK_SET) < 0 ? -1 : 0;
}

/*
 * Copy [off, off+len) of fd in to out and hash it: the input is mapped (no
 * copy to user space) a span at a time and written from the mapping; each
 * written window is hashed by the hashing thread (bghash.c) with the core's
 * SHA-256 while the next one is written, and the thread unmaps the span
 * after hashing it.  pread() into a buffer (hashed in this thread, after
 * the windows before it) where a mapping is not possible.
 */
static int copy_range(int in, uint64_t off, uint64_t len, int out, struct bghash *hc,
		      media_progress_fn fn, void *ctx, uint64_t *done)
{
	static uint8_t buf[1 << 20];
	struct stat st;
	int can_map = fstat(in, &st) == 0 && S_ISREG(st.st_mode) &&
		      off + len <= (uint64_t)st.st_size;
	uint64_t page = (uint64_t)sysconf(_SC_PAGESIZE);

	while (len) {
		if (can_map) {
			size_t n = len > SPAN ? SPAN : (size_t)len;
			uint64_t base = off & ~(page - 1);
			size_t skip = (size_t)(off - base);
			uint8_t *map = mmap(NULL, skip + n, PROT_READ, MAP_SHARED, in, (off_t)base);
			if (map != MAP_FAILED) {
				madvise(map, skip + n, MADV_SEQUENTIAL);
				int bad = write_span(map + skip, n, out, hc, fn, ctx, done);
				bghash_unmap(map, skip + n); /* after the windows queued */
				if (bad) return -1;
				off += n;
				len -= n;
				continue;
			}
			can_map = 0;
		}
		size_t c = len > sizeof buf ? sizeof buf : (size_t)len;
		ssize_t r = pread(in, buf, c, (off_t)off);
		if (r < 0 && errno == EINTR) continue;
		if (r <= 0) return -1;
		bghash_data(hc, buf, (size_t)r);
		if (write_all(out, buf, (size_t)r)) return -1;
		off += (uint64_t)r;
		len -= (uint64_t)r;
		*done += (uint64_t)r;
		if (fn) fn(ctx, *done);
	}
	return 0;
}

/* Copy the bytes of one file to outfd, hashing them into hc. */
static int copy_file(const struct media *m, const struct media_entry *e, int outfd, struct bghash *hc,
		     media_progress_fn fn, void *ctx, char *err, size_t cap)
{
	uint64_t done = 0;
	if (e->src) {
		int in = open(e->src, O_RDONLY | O_CLOEXEC);
		if (in < 0) return fail(err, cap, "%s: %s", e->src, strerror(errno));
		int rc = copy_range(in, 0, e->size, outfd, hc, fn, ctx, &done);
		close(in);
		if (rc) return fail(err, cap, "copying %s: %s", e->path, strerror(errno));
	} else if (e->inl) {
		if (write_all(outfd, e->inl, e->size)) return fail(err, cap, "write: %s", strerror(errno));
		bghash_data(hc, e->inl, (size_t)e->size);
	} else {
		for (size_t i = 0; i < e->next; i++) {
			if (e->ext[i].off == UINT64_MAX) {
				static const uint8_t z[SECTOR];
				for (uint64_t l = e->ext[i].len; l;) {
					size_t c = l > SECTOR ? SECTOR : (size_t)l;
					if (write_all(outfd, z, c))
						return fail(err, cap, "write: %s", strerror(errno));
					bghash_data(hc, z, c);
					l -= c;
				}
				continue;
			}
			if (copy_range(m->fd, e->ext[i].off, e->ext[i].len, outfd, hc, fn, ctx, &done))
				return fail(err, cap, "copying %s: %s", e->path, strerror(errno));
		}
	}
	return 0;
}

/* Copy one file (see media.h); its SHA-256, taken by the hashing thread from
 * the bytes written, is noted for the manifest (which waits for it). */
int media_copy(const struct media *m, const struct media_entry *e, int outfd,
	       media_progress_fn fn, void *ctx, char *err, size_t cap)
{
	if (e->is_dir) return fail(err, cap, "%s is a directory", e->path);
	struct bghash *hc = bghash_open();
	if (!hc) return fail(err, cap, "copying %s: out of memory", e->path);
	int rc = copy_file(m, e, outfd, hc, fn, ctx, err, cap);
	bghash_close(hc, rc ? -1 : hashcache_reserve(outfd));
	return rc;
}

/* Random-access read of a file's bytes. */
int media_read(const struct media *m, const struct media_entry *e, uint64_t off, void *buf,
	       size_t len)
{
	uint8_t *b = buf;
	if (off > e->size || len > e->size - off) return -1;
	if (e->src) {
		int fd = open(e->src, O_RDONLY | O_CLOEXEC);
		if (fd < 0) return -1;
		ssize_t r = pread(fd, buf, len, (off_t)off);
		close(fd);
		return r == (ssize_t)len ? 0 : -1;
	}
	if (e->inl) {
		memcpy(buf, e->inl + off, len);
		return 0;
	}
	uint64_t base = 0;
	for (size_t i = 0; i < e->next && len; i++) {
		const struct media_extent *x = &e->ext[i];
		if (off < base + x->len) {
			uint64_t in = off - base;
			size_t c = x->len - in < len ? (size_t)(x->len - in) : len;
			if (x->off == UINT64_MAX) memset(b, 0, c);
			else if (pread(m->fd, b, c, (off_t)(x->off + in)) != (ssize_t)c) return -1;
			b += c;
			off += c;
			len -= c;
		}
		base += x->len;
	}
	return len ? -1 : 0;
}

/* Release the index and the image. */
void media_close(struct media *m)
{
	bghash_stop();
	for (size_t i = 0; i < m->n; i++) {
		free(m->e[i].path);
		free(m->e[i].ext);
		free(m->e[i].inl);
		free(m->e[i].src);
	}
	free(m->e);
	if (m->fd >= 0) close(m->fd);
	memset(m, 0, sizeof *m);
	m->fd = -1;
}
