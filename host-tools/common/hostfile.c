/* SPDX-License-Identifier: GPL-2.0-or-later */
/* hostfile.c - byte sources over host files for the host tools and tests. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>
#include "hostfile.h"
#include "sha256.h"

/* pread()-backed read callback of a host file source. */
static int hostfile_read(void *ctx, uint64_t off, void *buf, size_t len)
{
	int fd = (int)(intptr_t)ctx;
	uint8_t *p = buf;

	while (len) {
		ssize_t n = pread(fd, p, len, (off_t)off);
		if (n <= 0)
			return WP_EIO;
		p += n;
		off += (uint64_t)n;
		len -= (size_t)n;
	}
	return WP_OK;
}

/* Open a host file as a byte source. */
int hostfile_open(const char *path, struct wp_src *src)
{
	struct stat st;
	int fd = open(path, O_RDONLY);

	if (fd < 0 || fstat(fd, &st) < 0) {
		fprintf(stderr, "%s: %s\n", path, strerror(errno));
		if (fd >= 0)
			close(fd);
		return -1;
	}
	src->size = (uint64_t)st.st_size;
	src->mem = NULL;
	src->read = hostfile_read;
	src->ctx = (void *)(intptr_t)fd;
	return 0;
}

/* Close a source opened by hostfile_open(). */
void hostfile_close(struct wp_src *src)
{
	if (src->read == hostfile_read)
		close((int)(intptr_t)src->ctx);
	src->read = NULL;
}

/* Read a whole host file into memory. */
int hostfile_load(const char *path, uint8_t **data, uint64_t *size)
{
	struct wp_src s;
	uint8_t *buf;

	if (hostfile_open(path, &s))
		return -1;
	buf = malloc(s.size ? s.size : 1);
	if (!buf || wp_src_read(&s, 0, buf, s.size)) {
		fprintf(stderr, "%s: cannot read %llu bytes\n", path,
			(unsigned long long)s.size);
		free(buf);
		hostfile_close(&s);
		return -1;
	}
	hostfile_close(&s);
	*data = buf;
	*size = s.size;
	return 0;
}

/* SHA-256 of a host file, streamed in 1 MiB reads. */
int sha256_file(const char *path, char hex[65], uint64_t *size)
{
	struct sha256_ctx c;
	uint8_t d[SHA256_DIGEST_SIZE];
	uint8_t *buf = malloc(1 << 20);
	int fd = open(path, O_RDONLY | O_CLOEXEC), i;

	if (fd < 0 || !buf) {
		if (fd >= 0)
			close(fd);
		free(buf);
		return -1;
	}
	sha256_init(&c);
	*size = 0;
	for (;;) {
		ssize_t r = read(fd, buf, 1 << 20);
		if (r < 0) {
			close(fd);
			free(buf);
			return -1;
		}
		if (!r)
			break;
		sha256_update(&c, buf, (size_t)r);
		*size += (uint64_t)r;
	}
	close(fd);
	free(buf);
	sha256_final(&c, d);
	for (i = 0; i < 32; i++)
		snprintf(hex + 2 * i, 3, "%02x", d[i]);
	return 0;
}
