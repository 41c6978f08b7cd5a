/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * manifest.h - the checksum manifest prep-tftproot writes next to the tree
 * it lays out; winpe.c32 checks every fetched file against it.  The format
 * is defined at the top of manifest.c.
 */
#ifndef WP_MANIFEST_H
#define WP_MANIFEST_H
#include "wp.h"
#include "sha256.h"

#define MANIFEST_MAX_ENTRIES 65536u

struct manifest_entry {
	char *path;                           /* relative, '/'-separated */
	uint64_t size;
	uint8_t sha256[SHA256_DIGEST_SIZE];
	unsigned line;                        /* 1-based line in the manifest */
};

struct manifest {
	char *name;                           /* for messages, e.g. "winpe/manifest" */
	struct manifest_entry *e;             /* sorted by case-folded path */
	unsigned n;
};

/* Parse len bytes of manifest text; *out is owned by the caller. */
int manifest_parse(const void *text, size_t len, const char *name,
		   struct manifest **out, struct wp_err *err);
void manifest_free(struct manifest *m);
/*
 * The entry of a relative path, ignoring ASCII case; '\' counts as '/' and
 * leading separators are ignored.  NULL when not listed.
 */
const struct manifest_entry *manifest_find(const struct manifest *m,
					   const char *path);
/* Compare a size and SHA-256 digest with an entry; what names the file. */
int manifest_check(const struct manifest *m, const struct manifest_entry *e,
		   uint64_t size, const uint8_t digest[SHA256_DIGEST_SIZE],
		   const char *what, struct wp_err *err);
/* Hash data and compare it with the entry of path (WP_ENOENT if unlisted). */
int manifest_verify(const struct manifest *m, const char *path,
		    const void *data, size_t len, struct wp_err *err);

#endif
