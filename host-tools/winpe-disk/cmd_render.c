/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * cmd_render.c - `winpe-disk render OUT.img WORDS...`: write the whole
 * virtual disk winpe.c32 presents for the same APPEND words (diskset.c),
 * exactly vdisk_sectors() * 512 bytes, as a sparse image, by reading it
 * through vdisk_read().
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <unistd.h>
#include "diskset.h"

#define CHUNK_SECTORS 2048u   /* 1 MiB per vdisk_read() call */

/* Whether buf (len bytes, multiple of 8) is all zeros. */
static bool all_zero(const uint8_t *buf, size_t len)
{
	const uint64_t *q = (const uint64_t *)buf;
	size_t i;

	for (i = 0; i < len / 8; i++)
		if (q[i])
			return false;
	return true;
}

/* Write the disk to path as a sparse file. */
static int render(const struct vdisk *vd, const char *path)
{
	uint64_t total = vdisk_sectors(vd), lba;
	uint8_t *buf = malloc((size_t)CHUNK_SECTORS * VDISK_SECTOR);
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);

	if (fd < 0 || !buf) {
		fprintf(stderr, "winpe-disk: %s: %s\n", path, strerror(errno));
		free(buf);
		if (fd >= 0)
			close(fd);
		return 1;
	}
	if (ftruncate(fd, (off_t)(total * VDISK_SECTOR)) < 0)
		goto io_err;
	for (lba = 0; lba < total; lba += CHUNK_SECTORS) {
		uint32_t n = total - lba < CHUNK_SECTORS ? (uint32_t)(total - lba) :
			     CHUNK_SECTORS;
		size_t len = (size_t)n * VDISK_SECTOR, done = 0;
		int rc = vdisk_read(vd, lba, n, buf, NULL);

		if (rc) {
			fprintf(stderr, "winpe-disk: reading LBA %llu: %s\n",
				(unsigned long long)lba, wp_strerror(rc));
			goto fail;
		}
		if (all_zero(buf, len))
			continue;
		while (done < len) {
			ssize_t w = pwrite(fd, buf + done, len - done,
					   (off_t)(lba * VDISK_SECTOR + done));
			if (w <= 0)
				goto io_err;
			done += (size_t)w;
		}
	}
	if (close(fd) < 0) {
		fd = -1;
		goto io_err;
	}
	free(buf);
	return 0;
io_err:
	fprintf(stderr, "winpe-disk: %s: %s\n", path, strerror(errno));
fail:
	if (fd >= 0)
		close(fd);
	free(buf);
	return 1;
}

/* Entry point of `winpe-disk render`. */
int cmd_render(int argc, char **argv)
{
	struct diskset ds;
	struct vdisk *vd = NULL;
	int rc;

	if (argc < 3 || argv[1][0] == '-') {
		fprintf(stderr, "usage: winpe-disk render OUT.img " DISKSET_USAGE "\n");
		return 2;
	}
	rc = diskset_make(&ds, argc - 2, argv + 2, &vd);
	if (!rc)
		rc = render(vd, argv[1]);
	free(vd);
	diskset_free(&ds);
	return rc;
}
