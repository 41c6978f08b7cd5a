/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * dirplan.h - which files of a prep-tftproot directory (the DIR word) a
 * firmware uses and the name each gets on the virtual disk, for winpe.c32
 * (over TFTP/HTTP) and `winpe-disk` (a local directory) alike.  With a
 * manifest exactly its files are used, the best of each disk name first
 * (core/layout.c ranks); without one each role is tried in its usual case
 * variants.  Only the WIM is required: a missing BCD or boot.sdi is taken
 * from the WIM later (core/fileset.c), as for the file= form.
 */
#ifndef WP_DIRPLAN_H
#define WP_DIRPLAN_H
#include "layout.h"
#include "manifest.h"

/* How the planner sees the caller's list. */
struct dirplan_ops {
	/* a visible file of this disk name is planned already (explicit words win) */
	bool (*have)(void *ctx, const char *disk);
	/* without a manifest: whether DIR/rel exists */
	bool (*exists)(void *ctx, const char *rel);
	/* plan DIR/rel under the disk name; e is its manifest entry (or NULL) */
	int (*add)(void *ctx, const char *rel, const char *disk,
		   const struct manifest_entry *e);
	void *ctx;
};

/* Plan the files the manifest m of dir lists for this firmware. */
int dirplan_manifest(enum layout_fw fw, const char *dir, const struct manifest *m,
		     const struct dirplan_ops *ops, struct wp_err *err);
/* Plan the files of dir (no manifest) for this firmware, role by role. */
int dirplan_probe(enum layout_fw fw, const char *dir, const struct dirplan_ops *ops,
		  struct wp_err *err);

#endif
