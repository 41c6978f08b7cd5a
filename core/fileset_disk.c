/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * fileset_disk.c - the virtual disk over a file set: one extent over a
 * file's memory, or the file's own extents (a patched WIM), with addresses
 * relocated when the BIOS hand-off moves file data.
 */
#include "fileset.h"

/* The final address of memory address a (relocated with its file). */
static uint64_t reloc(const struct fileset_file *files, unsigned n_files, const uint64_t *dst,
		      uint64_t a)
{
	unsigned i;

	if (!dst || a == VDISK_ADDR_ZERO || a == VDISK_ADDR_CALLBACK)
		return a;
	for (i = 0; i < n_files; i++) {
		uint64_t base = (uint64_t)(uintptr_t)files[i].data;
		if (a >= base && a < base + files[i].size)
			return dst[i] + (a - base);
	}
	return a;
}

/* Build the virtual disk over the set's visible files. */
int fileset_disk(const struct fileset_file *files, unsigned n_files, const uint64_t *dst,
		 struct vdisk **vd, struct wp_err *err)
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
				ext[n_ext] = f->ext[k];
				ext[n_ext].addr = reloc(files, n_files, dst, f->ext[k].addr);
				n_ext++;
			}
			vf[n].n_ext = f->n_ext;
		} else {
			ext[n_ext].off = 0;
			ext[n_ext].len = f->size;
			ext[n_ext].addr = dst ? dst[i] : (uint64_t)(uintptr_t)f->data;
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
