/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * bootfiles.c - fill in the boot manager and the boot files a user did not
 * give, from the `bootmgr` container (core/bootmgr.c) or from the boot WIM
 * (core/wim.c), exactly where Windows media keep them.
 */
#include "bootfiles.h"
#include "bootmgr.h"
#include "wim.h"

struct wimpart {
	const char *wim_path; /* inside the WIM */
	const char *disk;     /* name on the virtual disk */
	bool required;
};

static const struct wimpart bios_parts[] = {
	{ "\\Windows\\Boot\\DVD\\PCAT\\BCD", "\\boot\\bcd", true },
	{ "\\Windows\\Boot\\DVD\\PCAT\\boot.sdi", "\\boot\\boot.sdi", true },
};
static const struct wimpart efi_parts[] = {
	{ "\\Windows\\Boot\\DVD\\EFI\\BCD", "\\boot\\bcd", true },
	{ "\\Windows\\Boot\\DVD\\EFI\\boot.sdi", "\\boot\\boot.sdi", true },
	{ "\\Windows\\Boot\\EFI\\boot.stl", "\\efi\\microsoft\\boot\\boot.stl", false },
};

/* The boot fonts wimboot also takes from the WIM (bare names: every directory). */
static const char *const fonts[] = {
	"segmono_boot.ttf", "segoen_slboot.ttf", "segoe_slboot.ttf", "wgl4_boot.ttf",
};

/*
 * A WIM that cannot be parsed or decoded is almost always damaged in
 * transit or cut short: keep the reader's message (it names the WIM) and
 * add the fix.
 */
static int damaged(int rc, struct wp_err *err)
{
	char why[160];

	if (rc == WP_ENOENT || rc == WP_ENOMEM || rc == WP_EUNSUPP)
		return rc;
	snprintf(why, sizeof why, "%.159s", err->msg);
	return wp_fail(err, rc, "%s; the WIM is damaged or truncated: copy it again from the "
		       "media and compare its size and SHA-256 (prep-tftproot's manifest does)",
		       why);
}

/* Read a whole file of the selected image into malloc'd memory. */
static int extract(struct wim *w, const char *path, uint8_t **data, uint64_t *size,
		   struct wp_err *err)
{
	struct wim_file f;
	int rc = wim_lookup(w, path, &f, err);

	if (rc)
		return rc;
	*data = malloc(f.size ? (size_t)f.size : 1);
	if (!*data)
		return wp_fail(err, WP_ENOMEM, "out of memory for %s (%llu bytes)", path,
			       (unsigned long long)f.size);
	rc = wim_read(w, &f, 0, *data, (size_t)f.size, err);
	if (rc) {
		free(*data);
		*data = NULL;
		return damaged(rc, err);
	}
	*size = f.size;
	return 0;
}

/* Open the set's WIM on first use (returns NULL-safe rc). */
static int open_wim(const struct bootfiles_ops *ops, unsigned index, struct wim **w,
		    struct wp_src *src, const char **wname, struct wp_err *err)
{
	uint64_t size;
	const uint8_t *d;
	int rc;

	if (*w)
		return 0;
	d = ops->wim(ops->ctx, &size, wname);
	if (!d)
		return WP_ENOENT;
	*src = wp_src_mem(d, size);
	rc = wim_open(w, src, *wname, err);
	if (!rc)
		rc = wim_select_image(*w, index, err);
	return rc == WP_ENOENT ? rc : damaged(rc, err);
}

/*
 * The boot fonts from the WIM, when the set has no font at all.  They are
 * optional: a WIM that cannot be read for them is left to whoever needs it
 * (the boot manager extraction, the patch, Windows), never an error here.
 */
static void add_fonts(const struct bootfiles_ops *ops, unsigned index, struct wim **w,
		      struct wp_src *src, const char **wname)
{
	struct wp_err e;
	char path[64];
	uint8_t *data;
	uint64_t size;
	unsigned i;

	if (ops->has_ext && ops->has_ext(ops->ctx, ".ttf"))
		return;
	if (open_wim(ops, index, w, src, wname, &e))
		return;
	for (i = 0; i < sizeof(fonts) / sizeof(fonts[0]); i++) {
		snprintf(path, sizeof path, "\\Windows\\Boot\\Fonts\\%s", fonts[i]);
		if (!extract(*w, path, &data, &size, &e) && ops->add(ops->ctx, fonts[i], data, size))
			return; /* out of memory: the boot manager has its own font */
	}
}

/* Add what is missing. */
int bootfiles_complete(enum layout_fw fw, unsigned index,
		       const struct bootfiles_ops *ops, struct wp_err *err)
{
	struct wim *w = NULL;
	struct wp_src src;
	const char *wname = "boot.wim";
	const struct wimpart *parts = fw == LAYOUT_BIOS ? bios_parts : efi_parts;
	unsigned n = fw == LAYOUT_BIOS ? 2 : 3, i;
	uint8_t *data = NULL;
	uint64_t size = 0;
	int rc = 0;

	if (fw == LAYOUT_BIOS && !ops->get(ops->ctx, "bootmgr.exe", &size)) {
		const uint8_t *c = ops->get(ops->ctx, "bootmgr", &size);
		size_t len = 0;
		if (c) {
			rc = bootmgr_extract("bootmgr", c, (size_t)size, &data, &len, NULL, NULL, err);
			if (rc)
				return rc;
			size = len;
		} else {
			rc = open_wim(ops, index, &w, &src, &wname, err);
			if (rc == WP_ENOENT && !w)
				return wp_fail(err, WP_ENOENT, "no boot manager among the files: add "
					       "file=.../bootmgr.exe or bootmgr (or a boot.wim that holds one)");
			if (!rc)
				rc = extract(w, "\\Windows\\Boot\\PXE\\bootmgr.exe", &data, &size, err);
			if (rc) {
				if (rc == WP_ENOENT)
					wp_fail(err, rc, "%s has no \\Windows\\Boot\\PXE\\bootmgr.exe "
						"and no bootmgr/bootmgr.exe was given; add "
						"file=.../bootmgr.exe or use a WIM made from Windows media",
						wname);
				goto out;
			}
		}
		rc = ops->add(ops->ctx, "bootmgr.exe", data, size);
		if (rc)
			goto out;
	}
	if (fw == LAYOUT_EFI && !ops->get(ops->ctx, "bootmgfw.efi", &size) &&
	    !ops->get(ops->ctx, "bootmgfw_EX.efi", &size)) {
		static const char *const efi_bm[][2] = {
			{ "\\Windows\\Boot\\EFI_EX\\bootmgfw_EX.efi", "bootmgfw_EX.efi" },
			{ "\\Windows\\Boot\\EFI\\bootmgfw.efi", "bootmgfw.efi" },
		};
		bool any = false;
		rc = open_wim(ops, index, &w, &src, &wname, err);
		if (rc == WP_ENOENT && !w)
			return wp_fail(err, WP_ENOENT, "no UEFI boot manager among the files: "
				       "add file=.../bootmgfw.efi (or a boot.wim that holds one)");
		if (rc)
			goto out;
		for (i = 0; i < 2; i++) {
			rc = extract(w, efi_bm[i][0], &data, &size, err);
			if (rc == WP_ENOENT)
				continue;
			if (rc || (rc = ops->add(ops->ctx, efi_bm[i][1], data, size)))
				goto out;
			any = true;
		}
		if (!any) {
			rc = wp_fail(err, WP_ENOENT, "%s has no \\Windows\\Boot\\EFI\\bootmgfw.efi "
				     "and none was given; add file=.../bootmgfw.efi", wname);
			goto out;
		}
	}
	for (i = 0; i < n; i++) {
		struct wp_err e;
		if (ops->get(ops->ctx, parts[i].disk, &size))
			continue;
		rc = open_wim(ops, index, &w, &src, &wname, err);
		if (rc == WP_ENOENT && !w) {
			if (parts[i].required) {
				wp_fail(&e, rc, "no %s given and no boot.wim to take it from; "
					"the boot manager will stop without it", parts[i].disk);
				ops->warn(ops->ctx, e.msg);
			}
			rc = 0;
			continue;
		}
		if (rc)
			goto out;
		rc = extract(w, parts[i].wim_path, &data, &size, &e);
		if (rc == WP_ENOENT) {
			if (parts[i].required) {
				wp_fail(&e, rc, "no %s given and %s has no %s; add file=...@%s",
					parts[i].disk, wname, parts[i].wim_path, parts[i].disk);
				ops->warn(ops->ctx, e.msg);
			}
			rc = 0;
			continue;
		}
		if (rc) {
			*err = e;
			goto out;
		}
		rc = ops->add(ops->ctx, parts[i].disk, data, size);
		if (rc)
			goto out;
	}
	add_fonts(ops, index, &w, &src, &wname);
	rc = 0;
out:
	if (w)
		wim_close(w);
	return rc;
}
