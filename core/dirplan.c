/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * dirplan.c - the files of a prep-tftproot directory a firmware uses
 * (dirplan.h), by manifest or by trying the usual spellings.
 */
#include "dirplan.h"

#define WIM_DISK "\\sources\\boot.wim"

/* Plan the manifest's files, best rank first, once per disk name. */
int dirplan_manifest(enum layout_fw fw, const char *dir, const struct manifest *m,
		     const struct dirplan_ops *ops, struct wp_err *err)
{
	unsigned i, rank;
	bool wim = ops->have(ops->ctx, WIM_DISK);
	char buf[256];
	int rc;

	for (rank = 0; rank < LAYOUT_RANKS; rank++)
		for (i = 0; i < m->n; i++) {
			const char *disk;
			enum layout_role role;

			if (layout_rank(fw, m->e[i].path) != rank)
				continue;
			role = layout_classify(fw, m->e[i].path, buf, sizeof(buf), &disk);
			if (role == ROLE_SKIP || ops->have(ops->ctx, disk))
				continue;
			wim |= role == ROLE_WIM;
			if ((rc = ops->add(ops->ctx, m->e[i].path, disk, &m->e[i])))
				return rc;
		}
	if (!wim)
		return wp_fail(err, WP_ENOENT, "%s/manifest lists no sources/boot.wim; "
			       "re-run prep-tftproot", dir);
	return 0;
}

/* Try each role's spellings; list them when a required one is missing. */
int dirplan_probe(enum layout_fw fw, const char *dir, const struct dirplan_ops *ops,
		  struct wp_err *err)
{
	const struct layout_role_info *r = NULL;
	unsigned n = 0, i, k;
	char tried[200];
	int rc;

	r = layout_roles(fw, &n);
	for (i = 0; i < n; i++) {
		bool found = false;
		size_t t = 0;

		if (r[i].role == ROLE_MANIFEST || ops->have(ops->ctx, r[i].disk))
			continue;
		tried[0] = 0;
		for (k = 0; r[i].candidates[k] && !found; k++) {
			if (ops->exists(ops->ctx, r[i].candidates[k])) {
				if ((rc = ops->add(ops->ctx, r[i].candidates[k], r[i].disk, NULL)))
					return rc;
				found = true;
			} else {
				t += (size_t)snprintf(tried + t, t < sizeof(tried) ? sizeof(tried) - t : 0,
						      "%s%s", k ? ", " : "", r[i].candidates[k]);
			}
		}
		if (!found && r[i].required)
			return wp_fail(err, WP_ENOENT,
				       "%s: no %s (tried %s%s); run prep-tftproot on your ISO "
				       "or name the file with file=SRC@%s",
				       dir, r[i].disk, tried, t >= sizeof(tried) ? "..." : "",
				       r[i].disk);
	}
	return 0;
}
