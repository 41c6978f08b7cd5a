/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * hashcache.h - SHA-256 digests taken while files were written, so that the
 * manifest does not read them a second time.  An entry is keyed by the file
 * (device, inode) and its size and modification time when it was noted; a
 * file changed since (other size or mtime) is hashed again from disk.
 * prep-tftproot never rewrites a copied file in place.
 * A digest may arrive later from the hashing thread (bghash.c): the key is
 * taken at once (hashcache_reserve, after the last write), the digest given
 * with hashcache_fill; a lookup of that file waits for it.  Thread-safe.
 */
#ifndef PT_HASHCACHE_H
#define PT_HASHCACHE_H
#include <stdint.h>

/* Record the digest of everything written to fd (call after the last write). */
void hashcache_note(int fd, const uint8_t digest[32]);
/* Key an entry for fd now (after the last write), digest to follow:
 * its id, or -1 (then the manifest reads the file). */
int hashcache_reserve(int fd);
/* Give the digest of entry id (from hashcache_reserve). */
void hashcache_fill(int id, const uint8_t digest[32]);
/* Lowercase hex digest and size of path if noted and unchanged: 0, else -1. */
int hashcache_lookup(const char *path, char hex[65], uint64_t *size);

#endif
