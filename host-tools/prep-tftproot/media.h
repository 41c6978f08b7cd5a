/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * media.h - read-only view of Windows media: an ISO image (UDF first, else
 * ISO9660/Joliet/Rock Ridge, via libudf/libiso9660, no mount) or an extracted
 * directory.  The whole tree is indexed and checked at open time (hostile
 * names, symbolic links, extents past the end of the image are refused).
 */
#ifndef PT_MEDIA_H
#define PT_MEDIA_H
#include <stddef.h>
#include <stdint.h>

enum media_kind { MEDIA_DIR = 1, MEDIA_UDF, MEDIA_ISO9660 };

struct media_extent {
	uint64_t off; /* byte offset in the image */
	uint64_t len; /* bytes */
};

struct media_entry {
	char *path;              /* "/"-separated, relative, as stored on the media */
	int is_dir;
	uint64_t size;
	struct media_extent *ext; /* image files: where the bytes are */
	size_t next;
	uint8_t *inl;            /* UDF data embedded in the file entry */
	char *src;               /* directory media: host path */
};

struct media {
	enum media_kind kind;
	int fd;                  /* image file */
	uint64_t image_size;
	char volid[64];
	struct media_entry *e;
	size_t n, cap;
};

/* Progress callback: bytes done so far for the current file. */
typedef void (*media_progress_fn)(void *ctx, uint64_t done);

/* Human name of a media kind ("UDF", "ISO9660", "directory"). */
const char *media_kind_name(enum media_kind k);
/* Open and index an ISO image or a directory. 0 or -1 with err. */
int media_open(struct media *m, const char *path, char *err, size_t cap);
/* Find a file or directory by path, ASCII case-insensitively. */
const struct media_entry *media_find(const struct media *m, const char *path);
/* Copy one file's bytes to outfd. 0 or -1 with err. */
int media_copy(const struct media *m, const struct media_entry *e, int outfd,
	       media_progress_fn fn, void *ctx, char *err, size_t cap);
/* Read len bytes at off of one file into buf. 0 or -1. */
int media_read(const struct media *m, const struct media_entry *e, uint64_t off, void *buf,
	       size_t len);
/* Release everything. */
void media_close(struct media *m);
/* Check one name component: 0 if safe, -1 for "", ".", "..", '/', '\\', control chars. */
int media_name_ok(const char *name);

#endif
