/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * cmd_render.c - `winpe-disk render OUT.img [--index N] [--inject SRC[@\PATH]]...
 * [--efi] [--rawwim] [--rawbcd] FILE[@NAME]...`: write the whole virtual disk,
 * exactly vdisk_sectors() * 512 bytes, as a sparse image, by reading it
 * through vdisk_read().  The WIM and the BCD are patched as the module patches
 * them (diskpatch.c): --index/--inject select the boot image and inject files;
 * the BCD is adapted for BIOS, or for UEFI with --efi.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <unistd.h>
#include "diskpatch.h"

#define CHUNK_SECTORS 2048u   /* 1 MiB per vdisk_read() call */

/* Options of the render command. */
struct render_opts {
	const char *out;
	long index;                 /* --index N, 0 if absent */
	char **inject;              /* --inject SRC@\PATH arguments */
	unsigned n_inject;
	bool rawwim, rawbcd, efi;
	char **files;
	int n_files;
};

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

/* Parse the command line into o; returns 0 or the exit status. */
static int parse(int argc, char **argv, struct render_opts *o)
{
	int i;

	memset(o, 0, sizeof(*o));
	o->inject = calloc((size_t)argc, sizeof(*o->inject));
	o->files = calloc((size_t)argc, sizeof(*o->files));
	if (!o->inject || !o->files)
		return 1;
	for (i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--index") && i + 1 < argc) {
			char *end;
			o->index = strtol(argv[++i], &end, 10);
			if (*end || o->index < 1) {
				fprintf(stderr, "winpe-disk render: bad --index '%s'\n", argv[i]);
				return 2;
			}
		} else if (!strcmp(argv[i], "--inject") && i + 1 < argc) {
			o->inject[o->n_inject++] = argv[++i];
		} else if (!strcmp(argv[i], "--rawwim")) {
			o->rawwim = true;
		} else if (!strcmp(argv[i], "--rawbcd")) {
			o->rawbcd = true;
		} else if (!strcmp(argv[i], "--efi")) {
			o->efi = true;
		} else if (!strncmp(argv[i], "--", 2)) {
			fprintf(stderr, "winpe-disk render: unknown option '%s'\n", argv[i]);
			return 2;
		} else if (!o->out) {
			o->out = argv[i];
		} else {
			o->files[o->n_files++] = argv[i];
		}
	}
	if (!o->out) {
		fprintf(stderr, "usage: winpe-disk render OUT.img [--index N] "
			"[--inject SRC[@\\PATH]]... [--efi] [--rawwim] [--rawbcd] "
			"FILE[@NAME]...\n");
		return 2;
	}
	return 0;
}

/* Entry point of `winpe-disk render`. */
int cmd_render(int argc, char **argv)
{
	struct render_opts o;
	struct diskfiles df;
	struct diskpatch dp;
	struct diskpatch_opts po;
	struct vdisk *vd = NULL;
	int rc = parse(argc, argv, &o);

	if (!rc) {
		rc = 1;
		memset(&po, 0, sizeof(po));
		po.index = (unsigned)o.index;
		po.inject = o.inject;
		po.n_inject = o.n_inject;
		po.rawwim = o.rawwim;
		po.rawbcd = o.rawbcd;
		po.efi = o.efi;
		memset(&dp, 0, sizeof(dp));
		if (!diskfiles_load(&df, o.n_files, o.files) && !diskpatch_apply(&dp, &df, &po) &&
		    !diskfiles_build(&df, &vd))
			rc = render(vd, o.out);
		free(vd);
		diskpatch_free(&dp);
		diskfiles_free(&df);
	}
	free(o.inject);
	free(o.files);
	return rc;
}
