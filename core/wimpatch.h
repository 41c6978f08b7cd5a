/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * wimpatch.h - patch a WIM at read time, wimboot-style but wimlib-clean:
 * inject files into a copy of an image (a new image N+1 that becomes the
 * boot image) or just select the boot image.
 *
 * The result is a list of vdisk extents: the new 208-byte header, the
 * original bytes unchanged (never copied), the injected file contents (their
 * own memory), and three small new buffers (lookup table, metadata, XML), so
 * the BIOS resident runtime can serve the patched WIM with memcpy only.
 */
#ifndef WP_WIMPATCH_H
#define WP_WIMPATCH_H
#include "vdisk.h"

#define WIMPATCH_DEFAULT_DIR "\\Windows\\System32"

/* One file to inject; data must stay valid as long as the extents are used. */
struct wimpatch_file {
	/* "\dir\...\name" ('\' or '/'; missing directories are created) or a
	 * bare "name" for \Windows\System32\name */
	const char *target;
	const uint8_t *data;
	uint64_t size;
};

struct wimpatch {
	struct vdisk_extent *ext;  /* cover [0, size) in ascending order */
	unsigned n_ext;
	uint64_t size;             /* size of the patched WIM */
	bool patched;              /* false: the single extent is the original */
	unsigned image;            /* the image the boot image was made from */
	unsigned image_count;      /* in the patched header */
	unsigned boot_index;       /* in the patched header */
	unsigned n_new_blobs;      /* injected contents appended */
	/* new buffers, owned */
	uint8_t *hdr, *lt, *md, *xml;
	size_t lt_len, md_len, xml_len;
};

/*
 * Whether wimboot would leave this file out of the injection (bootmgr*,
 * BCD, boot.stl, wimboot, *.sdi, *.wim, *.efi, *.ttf; any case; the
 * basename of a path is tested).
 */
bool wimpatch_is_boot_file(const char *name);

/*
 * Patch the WIM at wim (len bytes, must outlive the result).  index: image
 * to boot (1-based, 0 = the WIM's boot index).  With no files and index 0
 * the result is the original unchanged; with no files and index N only the
 * header's boot index and boot metadata change.
 */
int wimpatch_build(struct wimpatch *p, const uint8_t *wim, uint64_t len,
		   const char *name, unsigned index,
		   const struct wimpatch_file *files, unsigned n_files,
		   struct wp_err *err);
void wimpatch_free(struct wimpatch *p);
/* Copy len bytes at off of the patched WIM into buf (memcpy of the extents). */
int wimpatch_read(const struct wimpatch *p, uint64_t off, void *buf, size_t len);

#endif
