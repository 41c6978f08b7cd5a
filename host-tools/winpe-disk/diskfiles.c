/* SPDX-License-Identifier: GPL-2.0-or-later */
/* diskfiles.c - FILE[@NAME] arguments mapped into memory for vdisk_build(). */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>
#include "diskfiles.h"

/* Split "FILE@NAME" at the last '@' whose prefix is an existing file. */
static void split_arg(char *arg, const char **file, const char **name)
{
	char *at = strrchr(arg, '@');
	struct stat st;
	const char *slash;

	if (at) {
		*at = 0;
		if (!stat(arg, &st) && S_ISREG(st.st_mode)) {
			*file = arg;
			*name = at + 1;
			return;
		}
		*at = '@';
	}
	*file = arg;
	slash = strrchr(arg, '/');
	*name = slash ? slash + 1 : arg;
}

/* Map every FILE[@NAME] argument into memory as one extent. */
int diskfiles_load(struct diskfiles *df, int argc, char **argv)
{
	int i;

	memset(df, 0, sizeof(*df));
	df->files = calloc((size_t)argc + 1, sizeof(*df->files));
	df->ext = calloc((size_t)argc + 1, sizeof(*df->ext));
	df->maps = calloc((size_t)argc + 1, sizeof(*df->maps));
	if (!df->files || !df->ext || !df->maps) {
		fprintf(stderr, "winpe-disk: out of memory\n");
		return -1;
	}
	for (i = 0; i < argc; i++) {
		const char *file, *name;
		struct stat st;
		int fd;

		split_arg(argv[i], &file, &name);
		fd = open(file, O_RDONLY);
		if (fd < 0 || fstat(fd, &st) < 0) {
			fprintf(stderr, "winpe-disk: %s: %s\n", file, strerror(errno));
			if (fd >= 0)
				close(fd);
			return -1;
		}
		df->files[i].path = name;
		df->files[i].size = (uint64_t)st.st_size;
		if (st.st_size > 0) {
			void *m = mmap(NULL, (size_t)st.st_size, PROT_READ,
				       MAP_PRIVATE, fd, 0);
			if (m == MAP_FAILED) {
				fprintf(stderr, "winpe-disk: %s: mmap: %s\n", file,
					strerror(errno));
				close(fd);
				return -1;
			}
			df->maps[i] = m;
			df->ext[i].off = 0;
			df->ext[i].len = (uint64_t)st.st_size;
			df->ext[i].addr = (uint64_t)(uintptr_t)m;
			df->files[i].ext = &df->ext[i];
			df->files[i].n_ext = 1;
		}
		close(fd);
		df->n++;
	}
	return 0;
}

/* Unmap the files and free the tables. */
void diskfiles_free(struct diskfiles *df)
{
	unsigned i;

	for (i = 0; df->maps && i < df->n; i++)
		if (df->maps[i])
			munmap(df->maps[i], (size_t)df->files[i].size);
	free(df->files);
	free(df->ext);
	free(df->maps);
	memset(df, 0, sizeof(*df));
}

/* Build the virtual disk from the loaded files, printing any error. */
int diskfiles_build(const struct diskfiles *df, struct vdisk **vd)
{
	struct wp_err err = { 0, "" };
	int rc = vdisk_build(vd, df->files, df->n, &err);

	if (rc) {
		fprintf(stderr, "winpe-disk: %s\n", err.msg);
		return -1;
	}
	return 0;
}
