/* SPDX-License-Identifier: GPL-2.0-or-later */
/* hashcache.c - digests noted while copying, for the manifest (see hashcache.h). */
#include "hashcache.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

struct entry {
	dev_t dev;
	ino_t ino;
	off_t size;
	struct timespec mtime;
	uint8_t digest[32];
};

static struct entry *tab;
static size_t n, cap;

/* Does st still describe the file an entry was noted for? */
static int same(const struct entry *e, const struct stat *st)
{
	return e->dev == st->st_dev && e->ino == st->st_ino && e->size == st->st_size &&
	       e->mtime.tv_sec == st->st_mtim.tv_sec && e->mtime.tv_nsec == st->st_mtim.tv_nsec;
}

/* Record the digest of what was written to fd (see hashcache.h). */
void hashcache_note(int fd, const uint8_t digest[32])
{
	struct stat st;
	size_t i;

	if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode))
		return;
	for (i = 0; i < n; i++)
		if (tab[i].dev == st.st_dev && tab[i].ino == st.st_ino)
			break;
	if (i == n) {
		if (n == cap) {
			size_t nc = cap ? 2 * cap : 32;
			struct entry *t = realloc(tab, nc * sizeof(*t));
			if (!t)
				return; /* the manifest will read the file instead */
			tab = t;
			cap = nc;
		}
		n++;
	}
	tab[i].dev = st.st_dev;
	tab[i].ino = st.st_ino;
	tab[i].size = st.st_size;
	tab[i].mtime = st.st_mtim;
	memcpy(tab[i].digest, digest, 32);
}

/* Digest of path if noted and unchanged (see hashcache.h). */
int hashcache_lookup(const char *path, char hex[65], uint64_t *size)
{
	struct stat st;
	size_t i;
	int k;

	if (stat(path, &st) != 0)
		return -1;
	for (i = 0; i < n; i++) {
		if (!same(&tab[i], &st))
			continue;
		for (k = 0; k < 32; k++)
			snprintf(hex + 2 * k, 3, "%02x", tab[i].digest[k]);
		*size = (uint64_t)st.st_size;
		return 0;
	}
	return -1;
}
