/* SPDX-License-Identifier: GPL-2.0-or-later */
/* hashcache.c - digests noted while copying, for the manifest (see hashcache.h). */
#include "hashcache.h"
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

struct entry {
	dev_t dev;
	ino_t ino;
	off_t size;
	struct timespec mtime;
	int ready; /* digest filled in */
	uint8_t digest[32];
};

static pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t filled = PTHREAD_COND_INITIALIZER;
static struct entry *tab;
static size_t n, cap;

/* Does st still describe the file an entry was noted for? */
static int same(const struct entry *e, const struct stat *st)
{
	return e->dev == st->st_dev && e->ino == st->st_ino && e->size == st->st_size &&
	       e->mtime.tv_sec == st->st_mtim.tv_sec && e->mtime.tv_nsec == st->st_mtim.tv_nsec;
}

/* Key a new entry for fd, digest to follow (see hashcache.h). */
int hashcache_reserve(int fd)
{
	struct stat st;
	int id = -1;

	if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode))
		return -1;
	pthread_mutex_lock(&mu);
	if (n == cap) {
		size_t nc = cap ? 2 * cap : 32;
		struct entry *t = realloc(tab, nc * sizeof(*t));
		if (!t)
			goto out; /* the manifest will read the file instead */
		tab = t;
		cap = nc;
	}
	id = (int)n++;
	tab[id].dev = st.st_dev;
	tab[id].ino = st.st_ino;
	tab[id].size = st.st_size;
	tab[id].mtime = st.st_mtim;
	tab[id].ready = 0;
out:
	pthread_mutex_unlock(&mu);
	return id;
}

/* Give the digest of a reserved entry (see hashcache.h). */
void hashcache_fill(int id, const uint8_t digest[32])
{
	pthread_mutex_lock(&mu);
	memcpy(tab[id].digest, digest, 32);
	tab[id].ready = 1;
	pthread_cond_broadcast(&filled);
	pthread_mutex_unlock(&mu);
}

/* Record the digest of what was written to fd (see hashcache.h). */
void hashcache_note(int fd, const uint8_t digest[32])
{
	int id = hashcache_reserve(fd);
	if (id >= 0)
		hashcache_fill(id, digest);
}

/* Digest of path if noted and unchanged (see hashcache.h); the newest
 * matching entry wins, and a digest still being computed is waited for. */
int hashcache_lookup(const char *path, char hex[65], uint64_t *size)
{
	struct stat st;
	size_t i;
	int k, rc = -1;

	if (stat(path, &st) != 0)
		return -1;
	pthread_mutex_lock(&mu);
	for (i = n; i-- > 0;) {
		if (!same(&tab[i], &st))
			continue;
		while (!tab[i].ready)
			pthread_cond_wait(&filled, &mu);
		for (k = 0; k < 32; k++)
			snprintf(hex + 2 * k, 3, "%02x", tab[i].digest[k]);
		*size = (uint64_t)st.st_size;
		rc = 0;
		break;
	}
	pthread_mutex_unlock(&mu);
	return rc;
}
