/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * layout.h - which files of a prep-tftproot directory (APPEND DIR) a firmware
 * needs, which case variants to try, and the name each gets on the disk.
 */
#ifndef WP_LAYOUT_H
#define WP_LAYOUT_H
#include "wp.h"

enum layout_fw { LAYOUT_BIOS, LAYOUT_EFI };

enum layout_role {
	ROLE_MANIFEST, ROLE_BOOTMGR, ROLE_BOOTMGR_EXE, ROLE_BOOTMGFW, ROLE_BOOTMGFW_EX,
	ROLE_BCD, ROLE_SDI, ROLE_WIM, ROLE_STL, ROLE_OTHER, ROLE_SKIP,
};

struct layout_role_info {
	enum layout_role role;
	bool required;                  /* nothing else can supply it (the WIM) */
	const char *disk;               /* name on the virtual disk */
	const char *const *candidates;  /* relative paths to try, NULL-terminated */
};

/* The roles a firmware fetches from a DIR without a manifest, in fetch order. */
const struct layout_role_info *layout_roles(enum layout_fw fw, unsigned *n);
/*
 * For a path listed in a manifest: its role for this firmware (ROLE_SKIP if
 * this firmware does not use it) and its name on the disk (static or written
 * to buf).
 */
enum layout_role layout_classify(enum layout_fw fw, const char *rel, char *buf,
				 size_t buflen, const char **disk);
/*
 * Preference of a manifest path among those that share a disk name: 0 is
 * best (its place in the role's candidate list; for other files, 0 in this
 * firmware's own boot directory, 1 in the other one's).  Below LAYOUT_RANKS.
 */
#define LAYOUT_RANKS 8u
unsigned layout_rank(enum layout_fw fw, const char *rel);

#endif
