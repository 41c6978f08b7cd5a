/* SPDX-License-Identifier: GPL-2.0-or-later */
/* diskpatch.c - WIM and BCD patching of the render command's file table. */
#include "diskpatch.h"
#include "bcdpatch.h"

/* Index of the last file whose basename matches (suffix when ext), or -1. */
static int find_file(const struct diskfiles *df, const char *want, bool ext)
{
	int hit = -1;
	unsigned i;

	for (i = 0; i < df->n; i++) {
		const char *b = wp_basename(df->files[i].path);
		size_t bl = strlen(b), wl = strlen(want);
		if (ext ? (bl >= wl && !strcasecmp(b + bl - wl, want)) : !strcasecmp(b, want))
			hit = (int)i;
	}
	return hit;
}

/* Patch the WIM and the BCD of df. */
int diskpatch_apply(struct diskpatch *dp, struct diskfiles *df,
		    const struct diskpatch_opts *o)
{
	struct wp_err err = { 0, "" };
	int wim = find_file(df, ".wim", true), bcd = find_file(df, "bcd", false);
	const char *wim_name = wim >= 0 ? df->files[wim].path : NULL;

	memset(dp, 0, sizeof(*dp));
	dp->df = df;
	dp->wim = dp->bcd_idx = -1;
	if (!o->rawwim && (o->index || o->n_inject)) {
		struct wimpatch_file *f;
		const struct vdisk_file *w;
		unsigned i;
		int rc;

		if (wim < 0) {
			fprintf(stderr, "winpe-disk: --index/--inject need a .wim file\n");
			return -1;
		}
		w = &df->files[wim];
		if (w->n_ext != 1) {
			fprintf(stderr, "winpe-disk: %s: empty WIM\n", w->path);
			return -1;
		}
		if (diskfiles_load(&dp->inj, (int)o->n_inject, o->inject))
			return -1;
		f = calloc(o->n_inject + 1, sizeof(*f));
		if (!f)
			return -1;
		for (i = 0; i < o->n_inject; i++) {
			f[i].target = dp->inj.files[i].path;
			f[i].size = dp->inj.files[i].size;
			f[i].data = f[i].size ? (const uint8_t *)(uintptr_t)dp->inj.ext[i].addr : NULL;
		}
		rc = wimpatch_build(&dp->wp, (const uint8_t *)(uintptr_t)w->ext[0].addr,
				    w->size, w->path, o->index, f, o->n_inject, &err);
		free(f);
		if (rc) {
			fprintf(stderr, "winpe-disk: %s\n", err.msg);
			return -1;
		}
		if (dp->wp.size >= (1ull << 32)) {
			fprintf(stderr, "winpe-disk: %s: patched WIM over 4 GiB\n", w->path);
			return -1;
		}
		dp->wim = wim;
		dp->wim_orig = df->files[wim];
		df->files[wim].ext = dp->wp.ext;
		df->files[wim].n_ext = dp->wp.n_ext;
		df->files[wim].size = dp->wp.size;
		fprintf(stderr, "winpe-disk: %s: image %u -> boot image %u of %u, %u files injected\n",
			w->path, dp->wp.image, dp->wp.boot_index, dp->wp.image_count, o->n_inject);
	}
	if (!o->rawbcd && bcd >= 0 && df->files[bcd].n_ext == 1 &&
	    df->files[bcd].size >= 4 &&
	    memcmp((const void *)(uintptr_t)df->files[bcd].ext[0].addr, "regf", 4))
		fprintf(stderr, "winpe-disk: %s: not a registry hive, left unpatched\n",
			df->files[bcd].path);
	else if (!o->rawbcd && bcd >= 0 && df->files[bcd].n_ext == 1) {
		struct vdisk_file *b = &df->files[bcd];
		struct bcdpatch_stats st;
		size_t len = (size_t)b->size;

		dp->bcd = malloc(len);
		if (!dp->bcd)
			return -1;
		memcpy(dp->bcd, (const void *)(uintptr_t)b->ext[0].addr, len);
		if (bcdpatch(&dp->bcd, &len, o->efi, wim_name, &st, &err)) {
			fprintf(stderr, "winpe-disk: %s: %s\n", b->path, err.msg);
			return -1;
		}
		dp->bcd_ext.off = 0;
		dp->bcd_ext.len = len;
		dp->bcd_ext.addr = (uint64_t)(uintptr_t)dp->bcd;
		dp->bcd_idx = bcd;
		dp->bcd_orig = *b;
		b->ext = &dp->bcd_ext;
		b->size = len;
		fprintf(stderr, "winpe-disk: %s: %u paths, %u devices, %u timeouts, %u display orders patched\n",
			b->path, st.paths, st.devices, st.timeouts, st.orders);
	}
	return 0;
}

/* Free what diskpatch_apply() made. */
void diskpatch_free(struct diskpatch *dp)
{
	if (dp->df && dp->wim >= 0)
		dp->df->files[dp->wim] = dp->wim_orig;
	if (dp->df && dp->bcd_idx >= 0)
		dp->df->files[dp->bcd_idx] = dp->bcd_orig;
	diskfiles_free(&dp->inj);
	wimpatch_free(&dp->wp);
	free(dp->bcd);
	memset(dp, 0, sizeof(*dp));
}
