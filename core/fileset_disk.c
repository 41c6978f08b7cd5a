/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * fileset_disk.c - the virtual disk over a file set: one extent over a
 * file's memory, or the file's own extents (a patched WIM); its addresses
 * relocated when the BIOS hand-off moves file data.
 */
#include "fileset.h"

/* Where the data moves: the set and the final address of each file. */
struct moved {
	const struct fileset_file *files;
	unsigned n_files;
	const uint64_t *dst;
};

/* The final address of memory address a (relocated with its file). */
static uint64_t reloc(void *ctx, uint64_t a)
{
	const struct moved *m = ctx;
	unsigned i;

	for (i = 0; i < m->n_files; i++) {
		uint64_t base = (uint64_t)(uintptr_t)m->files[i].data;
		if (a >= base && a < base + fileset_data_len(&m->files[i]))
			return m->dst[i] + (a - base);
	}
	return a;
}

/* See fileset.h. */
void fileset_relocate(struct vdisk *vd, const struct fileset_file *files, unsigned n_files,
		      const uint64_t *dst)
{
	struct moved m = { files, n_files, dst };

	vdisk_relocate(vd, reloc, &m);
}

/* Build the virtual disk over the set's visible files. */
int fileset_disk(const struct fileset_file *files, unsigned n_files, struct vdisk **vd,
		 struct wp_err *err)
{
	struct vdisk_file *vf = calloc(n_files + 1, sizeof(*vf));
	struct vdisk_extent *ext;
	unsigned i, k, n = 0, n_ext = 0;
	int rc;

	for (i = 0; i < n_files; i++)
		n_ext += files[i].ext ? files[i].n_ext : 1;
	ext = calloc(n_ext + 1, sizeof(*ext));
	if (!vf || !ext) {
		free(vf);
		free(ext);
		return wp_fail(err, WP_ENOMEM, "out of memory for the virtual disk table");
	}
	n_ext = 0;
	for (i = 0; i < n_files; i++) {
		const struct fileset_file *f = &files[i];

		if (f->inject || f->hidden)
			continue;
		vf[n].path = f->name;
		vf[n].size = f->size;
		vf[n].ext = &ext[n_ext];
		if (f->ext) {
			for (k = 0; k < f->n_ext; k++) {
				ext[n_ext++] = f->ext[k];
			}
			vf[n].n_ext = f->n_ext;
		} else {
			ext[n_ext].off = 0;
			ext[n_ext].len = f->size;
			ext[n_ext].addr = (uint64_t)(uintptr_t)f->data;
			vf[n].n_ext = f->size ? 1 : 0;
			n_ext += vf[n].n_ext;
		}
		n++;
	}
	rc = vdisk_build(vd, vf, n, err);
	free(vf);
	free(ext);
	return rc;
}
