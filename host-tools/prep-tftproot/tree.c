/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * tree.c - staging, manifest, atomic swap and recovery (see tree.h).
 */
#define _GNU_SOURCE
#include "tree.h"
#include "hostfile.h"
#include "hashcache.h"
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

/* mkdir -p. */
int tree_mkdirs(const char *path, int mode)
{
	char p[PATH_MAX];
	snprintf(p, sizeof p, "%s", path);
	for (char *s = p + 1; *s; s++) {
		if (*s != '/') continue;
		*s = 0;
		if (mkdir(p, (mode_t)mode) != 0 && errno != EEXIST) return -1;
		*s = '/';
	}
	if (mkdir(p, (mode_t)mode) != 0 && errno != EEXIST) return -1;
	return 0;
}

/* nftw callback for tree_rm_rf. */
static int rm_cb(const char *p, const struct stat *st, int flag, struct FTW *f)
{
	(void)st; (void)f;
	return (flag == FTW_DP ? rmdir(p) : unlink(p)) != 0 && errno != ENOENT ? -1 : 0;
}

/* rm -rf. */
int tree_rm_rf(const char *path)
{
	struct stat st;
	if (lstat(path, &st) != 0) return errno == ENOENT ? 0 : -1;
	if (!S_ISDIR(st.st_mode)) return unlink(path);
	return nftw(path, rm_cb, 16, FTW_DEPTH | FTW_PHYS);
}

/* Growable list of relative file paths. */
struct list {
	char **v;
	size_t n, cap;
};

/* Collect regular files below dir/rel. */
static int collect(const char *dir, const char *rel, struct list *l)
{
	char p[PATH_MAX];
	snprintf(p, sizeof p, "%s%s%s", dir, *rel ? "/" : "", rel);
	DIR *d = opendir(p);
	if (!d) return -1;
	struct dirent *de;
	int rc = 0;
	while (!rc && (de = readdir(d)) != NULL) {
		if (!strcmp(de->d_name, ".") || !strcmp(de->d_name, "..")) continue;
		char r[PATH_MAX], full[PATH_MAX];
		snprintf(r, sizeof r, "%s%s%s", rel, *rel ? "/" : "", de->d_name);
		snprintf(full, sizeof full, "%s/%s", dir, r);
		struct stat st;
		if (lstat(full, &st) != 0) { rc = -1; break; }
		if (S_ISDIR(st.st_mode)) { rc = collect(dir, r, l); continue; }
		if (!S_ISREG(st.st_mode)) continue;
		if (!*rel && !strcmp(de->d_name, "manifest")) continue;
		if (l->n == l->cap) {
			size_t nc = l->cap ? 2 * l->cap : 32;
			char **v = realloc(l->v, nc * sizeof *v);
			if (!v) { rc = -1; break; }
			l->v = v;
			l->cap = nc;
		}
		if (!(l->v[l->n] = strdup(r))) { rc = -1; break; }
		l->n++;
	}
	closedir(d);
	return rc;
}

/* qsort comparator for path strings. */
static int cmpstr(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Build the manifest text (see tree.h). */
char *tree_manifest(const char *dir, uint64_t *total_bytes)
{
	struct list l = {0};
	char *out = NULL;
	size_t len = 0, cap = 0;
	uint64_t total = 0;
	if (collect(dir, "", &l) != 0) goto done;
	qsort(l.v, l.n, sizeof *l.v, cmpstr);
	const char *hdr = "# prep-tftproot manifest: sha256 HEX64 size DECIMAL path RELPATH\n";
	cap = strlen(hdr) + 1 + l.n * (PATH_MAX / 8);
	out = malloc(cap);
	if (!out) goto done;
	len = (size_t)snprintf(out, cap, "%s", hdr);
	for (size_t i = 0; i < l.n; i++) {
		char full[PATH_MAX], hex[65];
		uint64_t sz;
		snprintf(full, sizeof full, "%s/%s", dir, l.v[i]);
		/* (files copied from the media were hashed while being written) */
		if (hashcache_lookup(full, hex, &sz) != 0 && sha256_file(full, hex, &sz) != 0) {
			free(out);
			out = NULL;
			goto done;
		}
		size_t need = len + strlen(l.v[i]) + 128;
		if (need > cap) {
			char *p = realloc(out, cap = 2 * need);
			if (!p) { free(out); out = NULL; goto done; }
			out = p;
		}
		len += (size_t)snprintf(out + len, cap - len, "sha256 %s size %llu path %s\n", hex,
					(unsigned long long)sz, l.v[i]);
		total += sz;
	}
	if (total_bytes) *total_bytes = total;
done:
	for (size_t i = 0; i < l.n; i++) free(l.v[i]);
	free(l.v);
	return out;
}

/* Read a small file whole. */
char *tree_slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	if (!f) return NULL;
	size_t cap = 4096, n = 0;
	char *b = malloc(cap);
	while (b) {
		size_t r = fread(b + n, 1, cap - n - 1, f);
		n += r;
		if (n + 1 < cap) break;
		char *p = realloc(b, cap *= 2);
		if (!p) { free(b); b = NULL; }
		else b = p;
	}
	fclose(f);
	if (!b) return NULL;
	b[n] = 0;
	if (len) *len = n;
	return b;
}

/* fsync a path (file or directory). */
static int sync_path(const char *p)
{
	int fd = open(p, O_RDONLY | O_CLOEXEC);
	if (fd < 0) return -1;
	int r = fsync(fd);
	close(fd);
	return r;
}

/* fsync the directory holding path. */
static int sync_parent(const char *path)
{
	char d[PATH_MAX];
	snprintf(d, sizeof d, "%s", path);
	char *s = strrchr(d, '/');
	if (s == d) s[1] = 0;
	else if (s) *s = 0;
	else snprintf(d, sizeof d, ".");
	return sync_path(d);
}

/* Write data to path via a temporary file and rename. */
int tree_write_atomic(const char *path, const void *data, size_t len, int mode)
{
	char tmp[PATH_MAX];
	snprintf(tmp, sizeof tmp, "%s.prep-tmp.%d", path, (int)getpid());
	int fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, mode);
	if (fd < 0) return -1;
	const char *p = data;
	size_t left = len;
	while (left) {
		ssize_t w = write(fd, p, left);
		if (w < 0 && errno == EINTR) continue;
		if (w <= 0) { close(fd); unlink(tmp); return -1; }
		p += w;
		left -= (size_t)w;
	}
	if (fsync(fd) != 0 || close(fd) != 0 || rename(tmp, path) != 0) {
		int e = errno;
		unlink(tmp);
		errno = e;
		return -1;
	}
	sync_parent(path);
	return 0;
}

/* Copy a host file atomically. */
int tree_copy_atomic(const char *src, const char *dst, int mode)
{
	size_t n;
	char *b = tree_slurp(src, &n);
	if (!b) return -1;
	int r = tree_write_atomic(dst, b, n, mode);
	free(b);
	return r;
}

/* Byte comparison of two files. */
int tree_same_file(const char *a, const char *b)
{
	size_t na, nb;
	char *x = tree_slurp(a, &na), *y = tree_slurp(b, &nb);
	int r = (!x || !y) ? -1 : (na == nb && !memcmp(x, y, na));
	free(x);
	free(y);
	return r;
}

/* nftw callback for tree_sync. */
static int sync_cb(const char *p, const struct stat *st, int flag, struct FTW *f)
{
	(void)f;
	if (flag == FTW_F && S_ISREG(st->st_mode)) return sync_path(p) ? -1 : 0;
	if (flag == FTW_DP) return sync_path(p) ? -1 : 0;
	return 0;
}

/* fsync a whole tree, files first, then directories bottom-up. */
int tree_sync(const char *dir)
{
	return nftw(dir, sync_cb, 16, FTW_DEPTH | FTW_PHYS);
}

/* Does path exist (lstat)? */
static int exists(const char *p)
{
	struct stat st;
	return lstat(p, &st) == 0;
}

/* Recover an interrupted run (see tree.h). */
const char *tree_recover(const char *windir, const char *name)
{
	char live[PATH_MAX], nw[PATH_MAX], old[PATH_MAX], mf[PATH_MAX];
	snprintf(live, sizeof live, "%s/%s", windir, name);
	snprintf(nw, sizeof nw, "%s/.%s.new", windir, name);
	snprintf(old, sizeof old, "%s/.%s.old", windir, name);
	snprintf(mf, sizeof mf, "%s/manifest", nw);
	const char *what = "";
	if (!exists(live) && exists(old)) {
		/* killed between the two renames */
		if (exists(mf) && rename(nw, live) == 0) what = "completed an interrupted update";
		else if (rename(old, live) == 0) what = "rolled back an interrupted update";
	}
	if (exists(old)) {
		tree_rm_rf(old);
		if (!*what) what = "removed the previous tree left aside";
	}
	if (exists(nw)) {
		tree_rm_rf(nw);
		if (!*what) what = "removed an unfinished staging tree";
	}
	sync_path(windir);
	return what;
}

/* Swap the staging tree in (see tree.h). */
int tree_swap(const char *windir, const char *name)
{
	char live[PATH_MAX], nw[PATH_MAX], old[PATH_MAX];
	snprintf(live, sizeof live, "%s/%s", windir, name);
	snprintf(nw, sizeof nw, "%s/.%s.new", windir, name);
	snprintf(old, sizeof old, "%s/.%s.old", windir, name);
	int had = exists(live);
	if (had && rename(live, old) != 0) return -1;
	sync_path(windir);
	if (rename(nw, live) != 0) {
		int e = errno;
		if (had) rename(old, live);
		errno = e;
		return -1;
	}
	sync_path(windir);
	if (had) tree_rm_rf(old);
	sync_path(windir);
	return 0;
}

/* Async-signal-safe rm -rf of the directory at (dirfd, name): openat,
 * getdents64, unlinkat only; depth-limited, no allocation. */
static int rm_at_sigsafe(int dirfd, const char *name, int depth)
{
	if (unlinkat(dirfd, name, 0) == 0 || errno == ENOENT) return 0;
	if (depth > 12) return -1;
	int fd = openat(dirfd, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	if (fd < 0) return -1;
	char buf[2048];
	for (;;) {
		long n = syscall(SYS_getdents64, fd, buf, sizeof buf);
		if (n <= 0) break;
		int removed = 0;
		for (long off = 0; off < n;) {
			struct linux_dirent64_ {
				uint64_t ino;
				int64_t off;
				unsigned short reclen;
				unsigned char type;
				char name[];
			} *d = (void *)(buf + off);
			off += d->reclen;
			if (!strcmp(d->name, ".") || !strcmp(d->name, "..")) continue;
			if (rm_at_sigsafe(fd, d->name, depth + 1) == 0) removed = 1;
		}
		if (removed) lseek(fd, 0, SEEK_SET);
		else break;
	}
	close(fd);
	return unlinkat(dirfd, name, AT_REMOVEDIR) == 0 || errno == ENOENT ? 0 : -1;
}

/* rm -rf usable from a signal handler (see tree.h). */
void tree_rm_rf_sigsafe(const char *path)
{
	if (path[0]) rm_at_sigsafe(AT_FDCWD, path, 0);
}

/* fsync the directory holding path (see tree.h). */
void tree_sync_dir_of(const char *path)
{
	char d[PATH_MAX + 32];
	snprintf(d, sizeof d, "%s", path);
	char *sl = strrchr(d, '/');
	if (sl && sl != d) *sl = 0;
	int fd = open(d, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd >= 0) {
		fsync(fd);
		close(fd);
	}
}
