/* SPDX-License-Identifier: GPL-2.0-or-later */
/* fatwalk.c - read a FAT32 partition of a virtual disk by walking the FAT. */
#include "fatwalk.h"

/* Read sectors of the disk, reporting failures. */
static int rd(struct fatwalk *w, uint64_t lba, uint32_t n, void *buf)
{
	int rc = vdisk_read(w->vd, lba, n, buf, w->io);

	if (rc)
		fprintf(stderr, "fatwalk: read of %u sectors at LBA %llu failed: %s\n",
			n, (unsigned long long)lba, wp_strerror(rc));
	return rc;
}

/* Locate the FAT32 partition and its regions from the MBR and VBR. */
int fatwalk_open(struct fatwalk *w, const struct vdisk *vd, const struct vdisk_io *io)
{
	uint8_t s[512];
	uint32_t total, fatsz;

	memset(w, 0, sizeof(*w));
	w->vd = vd;
	w->io = io;
	w->fat_cached = UINT32_MAX;
	if (rd(w, 0, 1, s))
		return -1;
	if (s[510] != 0x55 || s[511] != 0xAA || s[446 + 4] != 0x0C) {
		fprintf(stderr, "fatwalk: no FAT32 MBR partition\n");
		return -1;
	}
	w->part = wp_le32(s + 446 + 8);
	if (rd(w, w->part, 1, s))
		return -1;
	if (s[0] != 0xE9 || wp_le16(s + 11) != 512 || s[16] < 1 ||
	    wp_le16(s + 22) != 0 || s[510] != 0x55 || s[511] != 0xAA) {
		fprintf(stderr, "fatwalk: bad FAT32 boot sector\n");
		return -1;
	}
	w->spc = s[13];
	fatsz = wp_le32(s + 36);
	total = wp_le32(s + 32);
	w->fat_start = w->part + wp_le16(s + 14);
	w->data_start = w->fat_start + s[16] * fatsz;
	w->root = wp_le32(s + 44);
	w->n_clusters = (total - (w->data_start - w->part)) / w->spc;
	return 0;
}

/* The FAT entry of cluster c (cached per FAT sector). */
uint32_t fatwalk_next(struct fatwalk *w, uint32_t c)
{
	uint32_t sec = c / 128;

	if (sec != w->fat_cached) {
		if (rd(w, w->fat_start + sec, 1, w->fatbuf))
			return 0;
		w->fat_cached = sec;
	}
	return wp_le32(w->fatbuf + 4 * (c % 128)) & 0x0FFFFFFF;
}

/* LBA of cluster c. */
static uint64_t clus_lba(const struct fatwalk *w, uint32_t c)
{
	return w->data_start + (uint64_t)(c - 2) * w->spc;
}

/* Read a file by following its cluster chain; the chain must end exactly. */
int fatwalk_read(struct fatwalk *w, uint32_t first, uint32_t size, uint8_t *buf)
{
	uint32_t cs = w->spc * 512, c = first, done = 0;
	uint8_t *tmp;

	if (!size)
		return first ? -1 : 0;
	tmp = malloc(cs);
	if (!tmp)
		return -1;
	while (done < size) {
		uint32_t take = size - done < cs ? size - done : cs;

		if (c < 2 || c >= w->n_clusters + 2 || rd(w, clus_lba(w, c), w->spc, tmp)) {
			free(tmp);
			return -1;
		}
		memcpy(buf + done, tmp, take);
		done += take;
		c = fatwalk_next(w, c);
	}
	free(tmp);
	return c >= 0x0FFFFFF8 ? 0 : -1;   /* chain must end exactly here */
}

/* Append UTF-8 of code point cp to out (capacity cap). */
static size_t put_utf8(char *out, size_t len, size_t cap, uint32_t cp)
{
	char b[4];
	size_t n;

	if (cp < 0x80) {
		b[0] = (char)cp; n = 1;
	} else if (cp < 0x800) {
		b[0] = (char)(0xC0 | cp >> 6); b[1] = (char)(0x80 | (cp & 0x3F)); n = 2;
	} else if (cp < 0x10000) {
		b[0] = (char)(0xE0 | cp >> 12); b[1] = (char)(0x80 | (cp >> 6 & 0x3F));
		b[2] = (char)(0x80 | (cp & 0x3F)); n = 3;
	} else {
		b[0] = (char)(0xF0 | cp >> 18); b[1] = (char)(0x80 | (cp >> 12 & 0x3F));
		b[2] = (char)(0x80 | (cp >> 6 & 0x3F)); b[3] = (char)(0x80 | (cp & 0x3F)); n = 4;
	}
	if (len + n < cap) {
		memcpy(out + len, b, n);
		len += n;
		out[len] = 0;
	}
	return len;
}

/* UTF-16 (n units) to UTF-8 in out. */
static void utf16_to_utf8(const uint16_t *u, unsigned n, char *out, size_t cap)
{
	size_t len = 0;
	unsigned i;

	out[0] = 0;
	for (i = 0; i < n; i++) {
		uint32_t cp = u[i];
		if (cp >= 0xD800 && cp < 0xDC00 && i + 1 < n && u[i + 1] >= 0xDC00 &&
		    u[i + 1] < 0xE000) {
			cp = 0x10000 + ((cp - 0xD800) << 10) + (u[i + 1] - 0xDC00);
			i++;
		}
		len = put_utf8(out, len, cap, cp);
	}
}

/* The LFN checksum of an 8.3 name. */
static uint8_t sfn_sum(const uint8_t *s)
{
	uint8_t sum = 0;
	int i;

	for (i = 0; i < 11; i++)
		sum = (uint8_t)(((sum & 1) << 7) + (sum >> 1) + s[i]);
	return sum;
}

/* Decode a directory (following its chain): long names, 8.3 names, sizes. */
int fatwalk_readdir(struct fatwalk *w, uint32_t first, struct fatwalk_ent **ents,
		    unsigned *n)
{
	static const uint16_t pos[13] = { 1, 3, 5, 7, 9, 14, 16, 18, 20, 22, 24, 28, 30 };
	uint32_t cs = w->spc * 512, c = first, guard = 0;
	uint8_t *buf = malloc(cs);
	struct fatwalk_ent *out = NULL;
	unsigned cnt = 0, cap = 0, lfn_n = 0, i, k;
	uint16_t lfn[20 * 13];
	int lfn_sum = -1, lfn_total = 0;
	bool end = false;

	if (!buf)
		return -1;
	while (!end && c >= 2 && c < 0x0FFFFFF8 && guard++ < 4096) {
		if (rd(w, clus_lba(w, c), w->spc, buf))
			goto fail;
		for (i = 0; i < cs && !end; i += 32) {
			uint8_t *d = buf + i;
			struct fatwalk_ent *e;

			if (d[0] == 0) {
				end = true;
				break;
			}
			if (d[0] == 0xE5) {
				lfn_sum = -1;
				continue;
			}
			if (d[11] == 0x0F) {
				unsigned ord = d[0] & 0x1F;
				if (d[0] & 0x40) {
					lfn_total = (int)ord;
					lfn_sum = d[13];
					lfn_n = 0;
					for (k = 0; k < 20 * 13; k++)
						lfn[k] = 0xFFFF;
				}
				if (ord < 1 || ord > 20 || lfn_sum != d[13]) {
					lfn_sum = -1;
					continue;
				}
				for (k = 0; k < 13; k++)
					lfn[(ord - 1) * 13 + k] = wp_le16(d + pos[k]);
				lfn_n++;
				continue;
			}
			if (d[0] == '.' ) {
				lfn_sum = -1;
				continue;
			}
			if (cnt == cap) {
				cap = cap ? cap * 2 : 64;
				e = realloc(out, cap * sizeof(*out));
				if (!e)
					goto fail;
				out = e;
			}
			e = &out[cnt++];
			memset(e, 0, sizeof(*e));
			{
				size_t l = 0;
				for (k = 0; k < 8 && d[k] != ' '; k++)
					e->sfn[l++] = (char)d[k];
				if (d[8] != ' ')
					e->sfn[l++] = '.';
				for (k = 8; k < 11 && d[k] != ' '; k++)
					e->sfn[l++] = (char)d[k];
				e->sfn[l] = 0;
			}
			e->attr = d[11];
			e->cluster = (uint32_t)wp_le16(d + 20) << 16 | wp_le16(d + 26);
			e->size = wp_le32(d + 28);
			if (lfn_sum == sfn_sum(d) && (int)lfn_n == lfn_total) {
				unsigned len = 0;
				while (len < (unsigned)lfn_total * 13 && lfn[len] != 0 &&
				       lfn[len] != 0xFFFF)
					len++;
				utf16_to_utf8(lfn, len, e->name, sizeof(e->name));
				e->has_lfn = true;
			} else {
				snprintf(e->name, sizeof(e->name), "%s", e->sfn);
			}
			lfn_sum = -1;
		}
		c = fatwalk_next(w, c);
	}
	free(buf);
	*ents = out;
	*n = cnt;
	return 0;
fail:
	free(buf);
	free(out);
	return -1;
}

/* Walk directory at cluster c with path prefix, depth-first. */
static int walk(struct fatwalk *w, uint32_t c, const char *prefix, int depth,
		int (*cb)(void *, const char *, const struct fatwalk_ent *), void *ctx)
{
	struct fatwalk_ent *ents;
	unsigned n, i;
	int rc = 0;

	if (depth > 32 || fatwalk_readdir(w, c, &ents, &n))
		return -1;
	for (i = 0; i < n && !rc; i++) {
		size_t len = strlen(prefix) + strlen(ents[i].name) + 2;
		char *path = malloc(len);

		if (!path) {
			rc = -1;
			break;
		}
		snprintf(path, len, "%s\\%s", prefix, ents[i].name);
		rc = cb(ctx, path, &ents[i]);
		if (!rc && (ents[i].attr & 0x10))
			rc = walk(w, ents[i].cluster, path, depth + 1, cb, ctx);
		free(path);
	}
	free(ents);
	return rc;
}

/* Walk the whole tree from the root directory. */
int fatwalk_tree(struct fatwalk *w,
		 int (*cb)(void *ctx, const char *path, const struct fatwalk_ent *e),
		 void *ctx)
{
	return walk(w, w->root, "", 0, cb, ctx);
}
